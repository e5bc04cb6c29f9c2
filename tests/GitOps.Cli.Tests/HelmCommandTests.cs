using System.Security.Cryptography;
using System.Text;
using GitOps.Testing;
using GitOps.Testing.Archives;
using GitOps.Testing.Http;

namespace GitOps.Cli.Tests;

/// <summary><c>gitops helm pull / resolve / index</c>, in-process, against a real server on 127.0.0.1.</summary>
public sealed class HelmCommandTests
{
    private static byte[] Chart(string name, string version) => new TarBuilder()
        .Directory(name)
        .File($"{name}/Chart.yaml", $"apiVersion: v2\nname: {name}\nversion: {version}\ndescription: test chart\n")
        .File($"{name}/values.yaml", "replicas: 1\n")
        .ToTarGz();

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>An index of (version, url, digest) entries of one chart, "demo".</summary>
    private static string Index(params (string Version, string Url, string? Digest)[] entries)
    {
        var sb = new StringBuilder("apiVersion: v1\nentries:\n  demo:\n");
        foreach (var (version, url, digest) in entries)
        {
            sb.Append("  - apiVersion: v2\n    name: demo\n    version: \"").Append(version).Append("\"\n    urls: [\"").Append(url).Append("\"]\n");
            if (digest is not null)
            {
                sb.Append("    digest: ").Append(digest).Append('\n');
            }
        }

        return sb.ToString();
    }

    [Test]
    public async Task Pull_of_an_entry_without_a_digest_unpacks_the_chart_and_prints_the_computed_digest()
    {
        var archive = Chart("demo", "1.0.0");
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/charts/index.yaml", Encoding.UTF8.GetBytes(Index(("1.0.0", "demo-1.0.0.tgz", null))));
        server.MapBytes("/charts/demo-1.0.0.tgz", archive);
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("helm", "pull", server.Url("/charts").ToString(), "demo", "--dest", work.Combine("out"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.Contain("pulled demo 1.0.0 from "));
            Assert.That(run.Output, Does.Contain($"digest: sha256:{Sha256(archive)} ({archive.Length} bytes, computed; the index lists no digest, not verified)"));
            Assert.That(File.ReadAllText(work.Combine("out", "demo", "values.yaml")), Is.EqualTo("replicas: 1\n"));
            Assert.That(run.Error, Is.Empty);
        });
    }

    [Test]
    public async Task Pull_of_an_entry_with_a_digest_says_it_was_verified()
    {
        var archive = Chart("demo", "1.2.0");
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", Encoding.UTF8.GetBytes(Index(("1.0.0", "demo-1.0.0.tgz", null), ("1.2.0", "demo-1.2.0.tgz", "sha256:" + Sha256(archive)))));
        server.MapBytes("/demo-1.2.0.tgz", archive);
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("helm", "pull", server.BaseAddress.ToString(), "demo", "^1.1", "--dest", work.Combine("out"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.Contain($"digest: sha256:{Sha256(archive)} ({archive.Length} bytes, verified)"));
            Assert.That(server.RequestCount("/demo-1.0.0.tgz"), Is.Zero);
        });
    }

    [Test]
    public async Task Pull_of_bytes_that_differ_from_the_listed_digest_fails_with_one_line_and_writes_nothing()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", Encoding.UTF8.GetBytes(Index(("1.0.0", "demo-1.0.0.tgz", Sha256("other"u8.ToArray())))));
        server.MapBytes("/demo-1.0.0.tgz", Chart("demo", "1.0.0"));
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("helm", "pull", server.BaseAddress.ToString(), "demo", "--dest", work.Combine("out"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.StartWith("error: digest mismatch"));
            Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(Directory.Exists(work.Combine("out")), Is.False);
        });
    }

    [Test]
    public async Task Pull_of_an_entry_whose_digest_is_unusable_fails_without_downloading()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", Encoding.UTF8.GetBytes(Index(("1.0.0", "demo-1.0.0.tgz", "sha256:abc"))));
        server.MapBytes("/demo-1.0.0.tgz", Chart("demo", "1.0.0"));
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("helm", "pull", server.BaseAddress.ToString(), "demo", "--dest", work.Combine("out"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.Contain("unusable digest"));
            Assert.That(server.RequestCount("/demo-1.0.0.tgz"), Is.Zero);
        });
    }

    [Test]
    public async Task Pull_of_an_unknown_chart_exits_1()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", Encoding.UTF8.GetBytes(Index(("1.0.0", "demo-1.0.0.tgz", null))));
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("helm", "pull", server.BaseAddress.ToString(), "nope", "--dest", work.Combine("out"));

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Error, Does.StartWith("error: "));
    }

    [Test]
    public async Task Resolve_prints_the_chosen_version_its_resolved_url_and_digest()
    {
        using var work = new TemporaryDirectory();
        var index = work.WriteFile("index.yaml", Index(("1.0.0", "demo-1.0.0.tgz", Sha256([1])), ("1.2.0", "packages/demo-1.2.0.tgz", Sha256([2])), ("2.0.0-rc.1", "demo-2.0.0-rc.1.tgz", null)));

        var run = await CliRun.RunAsync("helm", "resolve", index, "demo", "~1.0 || ^1.1", "--repo-url", "https://charts.example/repo");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output.ReplaceLineEndings("\n"), Is.EqualTo($"demo 1.2.0\nurl: https://charts.example/repo/packages/demo-1.2.0.tgz\ndigest: {Sha256([2])}\n"));
        });
    }

    [Test]
    public async Task Resolve_of_an_entry_without_a_digest_prints_no_digest_line()
    {
        using var work = new TemporaryDirectory();
        var index = work.WriteFile("index.yaml", Index(("1.0.0", "demo-1.0.0.tgz", Sha256([1])), ("2.0.0-rc.1", "demo-2.0.0-rc.1.tgz", null)));

        var run = await CliRun.RunAsync("helm", "resolve", index, "demo", "--devel");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.StartWith("demo 2.0.0-rc.1"));
            Assert.That(run.Output, Does.Not.Contain("digest:"));
        });
    }

    [Test]
    public async Task Resolve_reads_a_repository_url_and_resolves_relative_urls_against_it()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/repo/index.yaml", Encoding.UTF8.GetBytes(Index(("1.0.0", "demo-1.0.0.tgz", null))));

        var run = await CliRun.RunAsync("helm", "resolve", server.Url("/repo").ToString(), "demo");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(run.Output, Does.Contain($"url: {server.Url("/repo/demo-1.0.0.tgz")}"));
    }

    [TestCase("nope", null, "nope")]
    [TestCase("demo", "^3", "demo")]
    [TestCase("demo", "not a constraint!", "")]
    public async Task Resolve_exits_1_with_one_line_when_nothing_can_be_chosen(string chart, string? constraint, string mentioned)
    {
        using var work = new TemporaryDirectory();
        var index = work.WriteFile("index.yaml", Index(("1.0.0", "demo-1.0.0.tgz", null)));
        string[] args = constraint is null ? ["helm", "resolve", index, chart] : ["helm", "resolve", index, chart, constraint];

        var run = await CliRun.RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Output, Is.Empty);
            Assert.That(run.Error, Does.StartWith("error: ").And.Contain(mentioned));
            Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task Resolve_exits_1_for_an_index_over_the_size_limit()
    {
        using var work = new TemporaryDirectory();
        var index = work.WriteFile("index.yaml", Index(("1.0.0", "demo-1.0.0.tgz", null)));

        var run = await CliRun.RunAsync("helm", "resolve", index, "demo", "--max-index-bytes", "16");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Error, Does.StartWith("error: ").And.Contain("limit"));
    }

    [Test]
    public async Task Resolve_exits_1_for_a_missing_index_file_and_a_malformed_one()
    {
        using var work = new TemporaryDirectory();
        var malformed = work.WriteFile("bad.yaml", "apiVersion: v1\nentries: [\n");

        var missing = await CliRun.RunAsync("helm", "resolve", work.Combine("absent.yaml"), "demo");
        var bad = await CliRun.RunAsync("helm", "resolve", malformed, "demo");

        Assert.Multiple(() =>
        {
            Assert.That(missing.ExitCode, Is.EqualTo(1));
            Assert.That(missing.Error, Does.StartWith("error: "));
            Assert.That(bad.ExitCode, Is.EqualTo(1));
            Assert.That(bad.Error, Does.StartWith("error: "));
        });
    }

    [Test]
    public async Task Resolve_without_a_chart_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("helm", "resolve");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Error, Does.Contain("Required argument missing"));
    }

    [Test]
    public async Task Resolve_of_a_real_index_prints_the_entry_as_listed()
    {
        var index = SharedData.Require(Path.Combine("conformance", "helm", "indexes", "ingress-nginx.index.yaml"));

        var run = await CliRun.RunAsync("helm", "resolve", index, "ingress-nginx", "4.15.1");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(run.Output, Does.StartWith("ingress-nginx 4.15.1\nurl: https://github.com/kubernetes/ingress-nginx/releases/download/helm-chart-4.15.1/ingress-nginx-4.15.1.tgz\ndigest: 3eff0bd18151d6e6b1c441463410571443dda1ac78292cb189346628de784f0c"));
    }
}
