using GitOps.Helm.Charts;
using GitOps.Helm.Repositories;
using GitOps.Helm.Tests.Charts;
using GitOps.Testing;
using GitOps.Testing.Http;

namespace GitOps.Helm.Tests.Repositories;

/// <summary>Misbehaving repositories on 127.0.0.1: silent servers, redirects elsewhere, odd chart URLs, bad charts.</summary>
public sealed class HelmRepositoryHardeningTests
{
    private static readonly HelmRepositoryOptions NoRetries = new() { MaxRetryAttempts = 0, InactivityTimeout = TimeSpan.FromMilliseconds(500) };

    [Test]
    public async Task An_index_server_that_sends_a_byte_every_two_seconds_is_given_up_on_by_the_inactivity_timeout()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", "apiVersion: v1\nentries: {}\n"u8.ToArray(), HttpFault.SlowBody(1, TimeSpan.FromSeconds(2)));
        var client = new HelmRepositoryClient(options: NoRetries);

        var ex = Assert.ThrowsAsync<HelmRepositoryException>(() => client.GetIndexAsync(server.BaseAddress.ToString()));

        Assert.That(ex!.Message, Does.Contain("InactivityTimeout"));
        Assert.That(ex.IsTransient, Is.True);
    }

    [TestCase("ftp://127.0.0.1/index.yaml")]
    [TestCase("file:///etc/passwd")]
    public async Task An_index_redirected_to_another_scheme_is_refused_with_a_typed_error(string location)
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapHandler("/index.yaml", context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        });
        var client = new HelmRepositoryClient(options: NoRetries);

        var ex = Assert.ThrowsAsync<HelmRepositoryException>(() => client.GetIndexAsync(server.BaseAddress.ToString()));

        Assert.That(ex!.InnerException, Is.TypeOf<GitOps.Artifacts.ArtifactRedirectException>());
        Assert.That(ex.Message, Does.Contain("only http and https redirects are followed"));
    }

    [Test]
    public async Task A_redirect_loop_stops_at_the_hop_limit()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapHandler("/index.yaml", context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "/index.yaml";
            return Task.CompletedTask;
        });
        var client = new HelmRepositoryClient(options: new HelmRepositoryOptions { MaxRetryAttempts = 0, MaxRedirects = 3 });

        var ex = Assert.ThrowsAsync<HelmRepositoryException>(() => client.GetIndexAsync(server.BaseAddress.ToString()));

        Assert.That(ex!.Message, Does.Contain("stopped after 3 redirects"));
        Assert.That(server.RequestCount("/index.yaml"), Is.EqualTo(4));
    }

    [Test]
    public async Task A_refused_connection_is_a_transient_repository_error_without_credentials()
    {
        var client = new HelmRepositoryClient(options: NoRetries);

        var ex = Assert.ThrowsAsync<HelmRepositoryException>(() => client.GetIndexAsync("http://user:secret@127.0.0.1:1/charts"));

        Assert.That(ex!.IsTransient, Is.True);
        Assert.That(ex.Message, Does.Not.Contain("secret"));
        Assert.That(ex.Message, Does.Not.Contain("user:"));
    }

    [TestCase("file:///etc/passwd")]
    [TestCase("ftp://127.0.0.1/demo-1.0.0.tgz")]
    public async Task A_chart_url_of_another_scheme_is_refused_before_anything_is_fetched(string url)
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", TestCharts.Index(("demo", "1.0.0", url, null)));
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(options: NoRetries);

        var ex = Assert.ThrowsAsync<HelmChartException>(() => client.PullAsync(server.BaseAddress.ToString(), "demo", null, dest.Combine("out")));

        Assert.That(ex!.Message, Does.Contain("protocol handler"));
        Assert.That(Directory.Exists(dest.Combine("out")), Is.False);
    }

    [Test]
    public async Task A_chart_with_invalid_metadata_leaves_the_previously_pulled_chart_in_place()
    {
        var good = TestCharts.Archive("demo", "1.0.0");
        var bad = TestCharts.Archive("demo", "not a version");
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/good/index.yaml", TestCharts.Index(("demo", "1.0.0", "demo-1.0.0.tgz", TestCharts.Sha256(good))));
        server.MapBytes("/good/demo-1.0.0.tgz", good);
        server.MapBytes("/bad/index.yaml", TestCharts.Index(("demo", "2.0.0", "demo-2.0.0.tgz", TestCharts.Sha256(bad))));
        server.MapBytes("/bad/demo-2.0.0.tgz", bad);
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(options: NoRetries);
        var pulled = await client.PullAsync(server.Url("/good").ToString(), "demo", null, dest.Combine("out"));

        Assert.ThrowsAsync<HelmChartException>(() => client.PullAsync(server.Url("/bad").ToString(), "demo", null, dest.Combine("out")));

        Assert.That(File.ReadAllText(Path.Combine(pulled.ChartDirectory, "Chart.yaml")), Does.Contain("version: 1.0.0"));
        Assert.That(Directory.GetFileSystemEntries(dest.Path).Select(Path.GetFileName), Has.None.Contains("staging"));
    }
}
