using GitOps.Artifacts.Extraction;
using GitOps.Artifacts.Fetch;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Core.Tests.DependencyInjection;

public sealed class AddGitOpsCoreTests
{
    [Test]
    public void It_registers_the_system_time_provider_when_the_application_has_none()
    {
        using var provider = new ServiceCollection().AddGitOpsCore().BuildServiceProvider();

        Assert.That(provider.GetRequiredService<TimeProvider>(), Is.SameAs(TimeProvider.System));
    }

    [Test]
    public void It_keeps_a_time_provider_the_application_registered_first()
    {
        var own = new FixedTimeProvider();
        using var provider = new ServiceCollection().AddSingleton<TimeProvider>(own).AddGitOpsCore().AddGitOpsCore().BuildServiceProvider();

        Assert.That(provider.GetRequiredService<TimeProvider>(), Is.SameAs(own));
    }

    [Test]
    public void It_registers_the_artifact_primitives_as_singletons()
    {
        using var provider = new ServiceCollection().AddGitOpsCore().BuildServiceProvider();

        var first = provider.GetRequiredService<ArtifactFetcher>();
        var second = provider.GetRequiredService<ArtifactFetcher>();

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(provider.GetRequiredService<ArchiveExtractor>(), Is.Not.Null);
        });
    }

    private sealed class FixedTimeProvider : TimeProvider;
}
