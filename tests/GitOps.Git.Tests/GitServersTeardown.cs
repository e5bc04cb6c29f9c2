using GitOps.Git.Tests.Servers;

namespace GitOps.Git.Tests;

/// <summary>Stops the shared Git servers once every test of the assembly has run.</summary>
[SetUpFixture]
public sealed class GitServersTeardown
{
    [OneTimeTearDown]
    public void StopServers() => GitServers.StopAll();
}
