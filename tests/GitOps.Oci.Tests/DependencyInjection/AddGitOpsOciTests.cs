using GitOps.Helm.Repositories;
using GitOps.Oci.Charts;
using GitOps.Oci.Flux;
using GitOps.Oci.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Oci.Tests.DependencyInjection;

public sealed class AddGitOpsOciTests
{
    [Test]
    public void The_client_gets_the_configured_options_and_the_flux_and_chart_services_share_it()
    {
        using var provider = new ServiceCollection()
            .AddGitOpsOci(o => o.WithCredential("registry.example", "u", "p").PlainHttp = true)
            .BuildServiceProvider();

        var client = provider.GetRequiredService<OciRegistryClient>();

        Assert.Multiple(() =>
        {
            Assert.That(client.Options.PlainHttp, Is.True);
            Assert.That(client.Options.Credentials["registry.example"].ToString(), Is.EqualTo("u:***"));
            Assert.That(provider.GetRequiredService<FluxArtifactPuller>(), Is.Not.Null);
            Assert.That(provider.GetRequiredService<FluxArtifactPusher>(), Is.Not.Null);
            Assert.That(provider.GetRequiredService<IHelmOciRegistry>(), Is.SameAs(provider.GetRequiredService<OciHelmChartClient>()));
        });
    }

    [Test]
    public void The_helm_repository_client_from_the_container_pulls_oci_charts_through_the_registry_client()
    {
        using var provider = new ServiceCollection()
            .AddGitOpsOci(o => { o.PlainHttp = true; o.RequestTimeout = TimeSpan.FromSeconds(5); o.MaxRetryAttempts = 0; })
            .BuildServiceProvider();
        var helm = provider.GetRequiredService<HelmRepositoryClient>();

        // Port 1 refuses connections: the failure is the registry client's, not "no OCI support".
        var error = Assert.ThrowsAsync<OciRegistryException>(() => helm.PullAsync("oci://127.0.0.1:1/charts", "demo", null, Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid())));

        Assert.That(error!.Message, Does.Contain("cannot reach http://127.0.0.1:1/v2/charts/demo/tags/list"));
    }

    [Test]
    public void Invalid_options_are_refused_when_the_client_is_built()
    {
        using var provider = new ServiceCollection().AddGitOpsOci(o => o.MaxBlobBytes = 0).BuildServiceProvider();

        Assert.Throws<ArgumentOutOfRangeException>(() => provider.GetRequiredService<OciRegistryClient>());
    }
}
