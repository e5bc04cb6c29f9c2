using GitOps.Testing;

namespace GitOps.Core.Tests;

public sealed class SharedDataTests
{
    [Test]
    public void The_shared_reference_data_is_found_beside_the_repository()
    {
        // Ignored on a clone without ../shared; under CI=true its absence fails here first, by name.
        var readme = SharedData.Require("README.md");

        Assert.That(File.ReadAllText(readme), Does.Contain("shared/"));
    }
}
