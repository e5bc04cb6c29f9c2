using GitOps.Buckets.Tests.Swift;

namespace GitOps.Buckets.Tests;

/// <summary>Stops the shared Swift after the last test of the assembly.</summary>
[SetUpFixture]
public sealed class SwiftServerTeardown
{
    [OneTimeTearDown]
    public void StopSwift() => SwiftServer.Stop();
}
