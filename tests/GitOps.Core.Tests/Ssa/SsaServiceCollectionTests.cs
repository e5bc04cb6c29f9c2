using GitOps.Ssa;
using GitOps.Ssa.Values;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Core.Tests.Ssa;

public sealed class SsaServiceCollectionTests
{
    [Test]
    public void Server_side_apply_resolves_from_the_container_with_its_clock()
    {
        var clock = new ManualTime(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        using var provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddGitOpsServerSideApply()
            .BuildServiceProvider();

        var ssa = provider.GetRequiredService<ServerSideApply>();
        var result = ssa.Apply(null, SsaValue.ParseYaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}")!, "gitops");

        Assert.That(result.ManagedFields.Single().Time, Is.EqualTo(clock.GetUtcNow()));
        Assert.That(provider.GetRequiredService<ServerSideApply>(), Is.SameAs(ssa));
    }
}
