using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Kustomize.Tests.DependencyInjection;

public sealed class AddGitOpsKustomizeTests
{
    [Test]
    public void It_also_registers_the_core_services()
    {
        using var provider = new ServiceCollection().AddGitOpsKustomize().BuildServiceProvider();

        Assert.That(provider.GetService<TimeProvider>(), Is.Not.Null);
    }
}
