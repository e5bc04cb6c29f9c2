using GitOps.Artifacts;
using GitOps.Helm.Charts;
using GitOps.Helm.Repositories;
using GitOps.Testing;
using GitOps.Testing.Http;

namespace GitOps.Helm.Tests.Charts;

/// <summary>Chart downloads through the Core fetcher against a real server on 127.0.0.1.</summary>
public sealed class HelmChartDownloaderTests
{
    private static HelmChartDownloader Downloader(HelmChartDownloadOptions? options = null) =>
        new(new GitOps.Artifacts.Fetch.ArtifactFetcher(), options ?? new HelmChartDownloadOptions { MaxRetryAttempts = 0 });

    [Test]
    public async Task A_pull_resolves_downloads_verifies_and_reads_the_chart()
    {
        var v1 = TestCharts.Archive("demo", "1.0.0");
        var v2 = TestCharts.Archive("demo", "1.2.0");
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/charts/index.yaml", TestCharts.Index(
            ("demo", "1.0.0", "demo-1.0.0.tgz", TestCharts.Sha256(v1)),
            ("demo", "1.2.0", "packages/demo-1.2.0.tgz", "sha256:" + TestCharts.Sha256(v2))));
        server.MapBytes("/charts/demo-1.0.0.tgz", v1);
        server.MapBytes("/charts/packages/demo-1.2.0.tgz", v2);
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(downloader: Downloader());

        var pulled = await client.PullAsync(server.Url("/charts").ToString(), "demo", "~1.0 || ^1.1", dest.Combine("out"));

        Assert.That(pulled.Version.Version, Is.EqualTo("1.2.0"));
        Assert.That(pulled.Url.AbsolutePath, Is.EqualTo("/charts/packages/demo-1.2.0.tgz"));
        Assert.That(pulled.Digest.Hex, Is.EqualTo(TestCharts.Sha256(v2)));
        Assert.That(pulled.Metadata.Name, Is.EqualTo("demo"));
        Assert.That(pulled.Metadata.AppVersion, Is.EqualTo("1.1"), "an unquoted 1.10 reads as Helm reads it");
        Assert.That(pulled.Metadata.Dependencies.Select(d => d.Name), Is.EqualTo(new[] { "sub" }));
        Assert.That(File.ReadAllText(Path.Combine(pulled.ChartDirectory, "values.yaml")), Does.Contain("replicas: 1"));
        Assert.That(server.RequestCount("/charts/demo-1.0.0.tgz"), Is.Zero);
    }

    [Test]
    public async Task A_chart_whose_bytes_differ_from_the_index_digest_is_refused_and_nothing_is_written()
    {
        var served = TestCharts.Archive("demo", "1.0.0");
        var listed = TestCharts.Archive("demo", "1.0.0", ("extra.txt", "x"u8.ToArray()));
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", TestCharts.Index(("demo", "1.0.0", "demo-1.0.0.tgz", TestCharts.Sha256(listed))));
        server.MapBytes("/demo-1.0.0.tgz", served);
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(downloader: Downloader());

        Assert.ThrowsAsync<DigestMismatchException>(() => client.PullAsync(server.BaseAddress.ToString(), "demo", null, dest.Combine("out")));
        Assert.That(Directory.Exists(dest.Combine("out")), Is.False);
    }

    [Test]
    public async Task A_chart_archive_over_the_download_cap_is_refused()
    {
        var noise = new byte[256 * 1024];
        new Random(7).NextBytes(noise);
        var archive = TestCharts.Archive("demo", "1.0.0", ("noise.bin", noise));
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", TestCharts.Index(("demo", "1.0.0", "demo-1.0.0.tgz", TestCharts.Sha256(archive))));
        server.MapBytes("/demo-1.0.0.tgz", archive);
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(downloader: Downloader(new HelmChartDownloadOptions { MaxChartBytes = 128 * 1024, MaxRetryAttempts = 0 }));

        var ex = Assert.ThrowsAsync<ArtifactTooLargeException>(() => client.PullAsync(server.BaseAddress.ToString(), "demo", "1.0.0", dest.Combine("out")));
        Assert.That(ex!.Limit, Is.EqualTo(ArtifactLimit.DownloadBytes));
    }

    [Test]
    public async Task A_file_inside_the_chart_over_the_default_5_MiB_is_refused()
    {
        var big = new byte[(5 * 1024 * 1024) + 1];
        var archive = TestCharts.Archive("demo", "1.0.0", ("files/big.bin", big));
        Assert.That(archive.Length, Is.LessThan(HelmChartDownloadOptions.DefaultMaxChartBytes), "compresses under the archive cap");
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", TestCharts.Index(("demo", "1.0.0", "demo-1.0.0.tgz", TestCharts.Sha256(archive))));
        server.MapBytes("/demo-1.0.0.tgz", archive);
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(downloader: Downloader());

        var ex = Assert.ThrowsAsync<ArtifactTooLargeException>(() => client.PullAsync(server.BaseAddress.ToString(), "demo", null, dest.Combine("out")));
        Assert.That(ex!.Limit, Is.EqualTo(ArtifactLimit.FileBytes));
    }

    [Test]
    public async Task A_file_of_exactly_5_MiB_is_accepted()
    {
        var archive = TestCharts.Archive("demo", "1.0.0", ("files/big.bin", new byte[5 * 1024 * 1024]));
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", TestCharts.Index(("demo", "1.0.0", "demo-1.0.0.tgz", TestCharts.Sha256(archive))));
        server.MapBytes("/demo-1.0.0.tgz", archive);
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(downloader: Downloader());

        var pulled = await client.PullAsync(server.BaseAddress.ToString(), "demo", null, dest.Combine("out"));

        Assert.That(new FileInfo(Path.Combine(pulled.ChartDirectory, "files", "big.bin")).Length, Is.EqualTo(5 * 1024 * 1024));
    }

    [Test]
    public async Task An_entry_without_a_digest_is_pulled_as_helm_pulls_it_and_the_computed_digest_is_returned()
    {
        var archive = TestCharts.Archive("demo", "1.0.0");
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", TestCharts.Index(("demo", "1.0.0", "demo-1.0.0.tgz", null)));
        server.MapBytes("/demo-1.0.0.tgz", archive);
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(downloader: Downloader());

        var pulled = await client.PullAsync(server.BaseAddress.ToString(), "demo", null, dest.Combine("out"));

        Assert.Multiple(() =>
        {
            Assert.That(pulled.Version.Digest, Is.Null.Or.Empty);
            Assert.That(pulled.Verified, Is.False);
            Assert.That(pulled.Digest.ToString(), Is.EqualTo("sha256:" + TestCharts.Sha256(archive)));
            Assert.That(pulled.ArchiveBytes, Is.EqualTo(archive.Length));
            Assert.That(pulled.Metadata.Name, Is.EqualTo("demo"));
            Assert.That(File.ReadAllText(Path.Combine(pulled.ChartDirectory, "values.yaml")), Is.EqualTo("replicas: 1\nimage:\n  tag: latest\n"));
            Assert.That(server.RequestCount("/demo-1.0.0.tgz"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_entry_with_a_digest_says_it_was_verified()
    {
        var archive = TestCharts.Archive("demo", "1.0.0");
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", TestCharts.Index(("demo", "1.0.0", "demo-1.0.0.tgz", TestCharts.Sha256(archive))));
        server.MapBytes("/demo-1.0.0.tgz", archive);
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(downloader: Downloader());

        var pulled = await client.PullAsync(server.BaseAddress.ToString(), "demo", null, dest.Combine("out"));

        Assert.That(pulled.Verified, Is.True);
        Assert.That(pulled.Digest.Hex, Is.EqualTo(TestCharts.Sha256(archive)));
    }

    [TestCase("sha256:abc")]
    [TestCase("md5:0123456789abcdef0123456789abcdef")]
    [TestCase("not a digest")]
    public async Task An_entry_with_an_unusable_digest_is_refused_before_downloading(string digest)
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", TestCharts.Index(("demo", "1.0.0", "demo-1.0.0.tgz", "\"" + digest + "\"")));
        server.MapBytes("/demo-1.0.0.tgz", TestCharts.Archive("demo", "1.0.0"));
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(downloader: Downloader());

        var ex = Assert.ThrowsAsync<HelmChartException>(() => client.PullAsync(server.BaseAddress.ToString(), "demo", null, dest.Combine("out")));
        Assert.That(ex!.Message, Does.Contain("unusable digest"));
        Assert.That(server.RequestCount("/demo-1.0.0.tgz"), Is.Zero, "a digest that is present is never skipped");
        Assert.That(Directory.Exists(dest.Combine("out")), Is.False);
    }

    [Test]
    public async Task An_entry_without_a_digest_still_has_its_archive_capped_and_nothing_is_written()
    {
        var noise = new byte[256 * 1024];
        new Random(7).NextBytes(noise);
        var archive = TestCharts.Archive("demo", "1.0.0", ("noise.bin", noise));
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", TestCharts.Index(("demo", "1.0.0", "demo-1.0.0.tgz", null)));
        server.MapBytes("/demo-1.0.0.tgz", archive);
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(downloader: Downloader(new HelmChartDownloadOptions { MaxChartBytes = 128 * 1024, MaxRetryAttempts = 0 }));

        var ex = Assert.ThrowsAsync<ArtifactTooLargeException>(() => client.PullAsync(server.BaseAddress.ToString(), "demo", "1.0.0", dest.Combine("out")));
        Assert.That(ex!.Limit, Is.EqualTo(ArtifactLimit.DownloadBytes));
        Assert.That(Directory.Exists(dest.Combine("out")), Is.False);
    }

    [Test]
    public async Task An_entry_without_a_digest_still_has_its_files_capped()
    {
        var archive = TestCharts.Archive("demo", "1.0.0", ("files/big.bin", new byte[(5 * 1024 * 1024) + 1]));
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", TestCharts.Index(("demo", "1.0.0", "demo-1.0.0.tgz", null)));
        server.MapBytes("/demo-1.0.0.tgz", archive);
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(downloader: Downloader());

        var ex = Assert.ThrowsAsync<ArtifactTooLargeException>(() => client.PullAsync(server.BaseAddress.ToString(), "demo", null, dest.Combine("out")));
        Assert.That(ex!.Limit, Is.EqualTo(ArtifactLimit.FileBytes));
        Assert.That(Directory.Exists(dest.Combine("out")), Is.False);
    }

    [Test]
    public async Task An_entry_without_a_digest_is_retried_after_a_transient_fault()
    {
        var archive = TestCharts.Archive("demo", "1.0.0");
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", TestCharts.Index(("demo", "1.0.0", "demo-1.0.0.tgz", null)));
        server.MapBytes("/demo-1.0.0.tgz", archive, HttpFault.Status(503), HttpFault.ResetMidBody(archive.Length / 2));
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(downloader: Downloader(new HelmChartDownloadOptions { MaxRetryAttempts = 3 }));

        var pulled = await client.PullAsync(server.BaseAddress.ToString(), "demo", null, dest.Combine("out"));

        Assert.Multiple(() =>
        {
            Assert.That(server.RequestCount("/demo-1.0.0.tgz"), Is.EqualTo(3));
            Assert.That(pulled.Verified, Is.False);
            Assert.That(pulled.Digest.Hex, Is.EqualTo(TestCharts.Sha256(archive)), "only the attempt that succeeded is hashed");
            Assert.That(pulled.Metadata.Version, Is.EqualTo("1.0.0"));
        });
    }

    [Test]
    public async Task A_missing_chart_archive_reports_not_found()
    {
        var archive = TestCharts.Archive("demo", "1.0.0");
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", TestCharts.Index(("demo", "1.0.0", "missing.tgz", TestCharts.Sha256(archive))));
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(downloader: Downloader());

        var ex = Assert.ThrowsAsync<ArtifactNotFoundException>(() => client.PullAsync(server.BaseAddress.ToString(), "demo", null, dest.Combine("out")));
        Assert.That(ex!.Url.AbsolutePath, Is.EqualTo("/missing.tgz"));
    }

    [Test]
    public async Task The_repository_query_string_follows_the_chart_download()
    {
        var archive = TestCharts.Archive("demo", "1.0.0");
        string? seenQuery = null;
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/repo/index.yaml", TestCharts.Index(("demo", "1.0.0", "demo-1.0.0.tgz?ignored=1", TestCharts.Sha256(archive))));
        server.MapHandler("/repo/demo-1.0.0.tgz", async context =>
        {
            seenQuery = context.Request.QueryString.Value;
            await context.Response.Body.WriteAsync(archive);
        });
        using var dest = new TemporaryDirectory();
        var client = new HelmRepositoryClient(downloader: Downloader());

        await client.PullAsync(server.Url("/repo/?token=s3cret").ToString(), "demo", null, dest.Combine("out"));

        Assert.That(seenQuery, Is.EqualTo("?token=s3cret"));
    }
}
