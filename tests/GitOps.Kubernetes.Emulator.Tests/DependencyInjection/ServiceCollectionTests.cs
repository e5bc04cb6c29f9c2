using System.Net;
using System.Net.Http.Headers;
using GitOps.Kubernetes.Emulator.DependencyInjection;
using GitOps.Kubernetes.Emulator.Http;
using GitOps.Kubernetes.Emulator.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GitOps.Kubernetes.Emulator.Tests.DependencyInjection;

public sealed class ServiceCollectionTests
{
    [Test]
    public async Task The_registered_hosted_service_serves_the_registered_store_over_http()
    {
        var services = new ServiceCollection();
        services.AddGitOpsKubernetesEmulator(o =>
        {
            o.UseHttps = false;
            o.BearerToken = "token-for-di-test";
        });
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().OfType<KubernetesEmulatorHostedService>().Single();
        Assert.That(hosted, Is.SameAs(provider.GetRequiredService<KubernetesEmulatorHostedService>()));
        Assert.That(() => hosted.Emulator, Throws.InvalidOperationException);

        await hosted.StartAsync(CancellationToken.None);
        try
        {
            Assert.That(hosted.Emulator.Store, Is.SameAs(provider.GetRequiredService<IKubernetesObjectStore>()));
            using var client = new HttpClient { BaseAddress = hosted.Emulator.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "token-for-di-test");
            using var response = await client.GetAsync(new Uri("api/v1/namespaces/default", UriKind.Relative));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        Assert.That(() => hosted.Emulator, Throws.InvalidOperationException);
    }

    [Test]
    public void Invalid_options_are_refused_when_resolved()
    {
        var services = new ServiceCollection();
        services.AddGitOpsKubernetesEmulator(o => o.BearerToken = "short");
        using var provider = services.BuildServiceProvider();
        Assert.That(() => provider.GetRequiredService<KubernetesEmulatorOptions>(), Throws.ArgumentException);
    }
}
