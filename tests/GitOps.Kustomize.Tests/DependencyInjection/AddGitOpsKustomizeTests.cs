using GitOps.Kustomize.Flux;
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

    [Test]
    public void Configured_build_options_apply_to_builds_that_pass_none()
    {
        using var temp = TwoConfigMaps();
        using var provider = new ServiceCollection()
            .AddGitOpsKustomizeFlux(static o => o.Build = new KustomizeBuildOptions { MaxResources = 1 })
            .BuildServiceProvider();

        Assert.Multiple(() =>
        {
            Assert.That(() => provider.GetRequiredService<KustomizeBuilder>().BuildAsync(temp.Path),
                Throws.TypeOf<KustomizeException>().With.Message.Contains("more than 1 resources"));
            Assert.That(() => provider.GetRequiredService<FluxKustomizeBuilder>().BuildAsync(temp.Path),
                Throws.TypeOf<KustomizeException>().With.Message.Contains("more than 1 resources"));
        });
    }

    [Test]
    public void Invalid_options_are_refused_when_registering()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new ServiceCollection().AddGitOpsKustomize(static o => o.Build = new KustomizeBuildOptions { MaxResources = 0 }),
                Throws.InstanceOf<ArgumentException>());
            Assert.That(() => new ServiceCollection().AddGitOpsKustomizeFlux(static o => o.Flux = new FluxBuildOptions { MaxVariables = 0 }),
                Throws.InstanceOf<ArgumentException>());
        });
    }

    private static TemporaryDirectory TwoConfigMaps()
    {
        var temp = new TemporaryDirectory();
        File.WriteAllText(temp.Combine("kustomization.yaml"), "resources:\n- cm.yaml\n");
        File.WriteAllText(temp.Combine("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
        return temp;
    }
}
