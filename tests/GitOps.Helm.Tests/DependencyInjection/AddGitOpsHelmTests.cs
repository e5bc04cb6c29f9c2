using GitOps.Helm.Index;
using GitOps.Helm.Repositories;
using GitOps.Testing.Http;
using Microsoft.AspNetCore.Http;
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

    [Test]
    public async Task Index_downloads_go_through_helms_named_http_client()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapHandler("/charts/index.yaml", static context =>
        {
            if (context.Request.Headers["X-Helm-Client"] != "configured")
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync("apiVersion: v1\nentries:\n  demo:\n  - name: demo\n    version: 1.2.3\n    urls: [demo-1.2.3.tgz]\n");
        });
        var services = new ServiceCollection().AddGitOpsHelm();
        services.AddHttpClient(GitOpsHelmOptions.DefaultHttpClientName).ConfigureHttpClient(static client => client.DefaultRequestHeaders.Add("X-Helm-Client", "configured"));
        using var provider = services.BuildServiceProvider();

        var index = await provider.GetRequiredService<HelmRepositoryClient>().GetIndexAsync(server.Url("/charts").ToString());

        Assert.That(index.ChartNames, Is.EquivalentTo(new[] { "demo" }));
    }

    [Test]
    public void Configured_limits_reach_the_registered_services()
    {
        using var provider = new ServiceCollection().AddGitOpsHelm(static o => o.Index.MaxIndexBytes = 1024).BuildServiceProvider();

        Assert.That(provider.GetRequiredService<HelmIndexOptions>().MaxIndexBytes, Is.EqualTo(1024));
    }

    [Test]
    public void Invalid_options_are_refused_when_registering()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new ServiceCollection().AddGitOpsHelm(static o => o.Index.MaxIndexBytes = 0), Throws.InstanceOf<ArgumentException>());
            Assert.That(() => new ServiceCollection().AddGitOpsHelm(static o => o.HttpClientName = ""), Throws.InstanceOf<ArgumentException>());
        });
    }
}
