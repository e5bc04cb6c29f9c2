using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Helm.Tests.DependencyInjection;

public sealed class AddGitOpsHelmTests
{
    [Test]
    public void It_also_registers_the_core_services()
    {
        using var provider = new ServiceCollection().AddGitOpsHelm().BuildServiceProvider();

        Assert.That(provider.GetService<TimeProvider>(), Is.Not.Null);
    }
}
