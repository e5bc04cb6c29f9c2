using GitOps.Artifacts;
using GitOps.Testing;
using GitOps.Testing.Http;

namespace GitOps.Cli.Tests;

public sealed class ArtifactCommandTests
{
    private static readonly string SampleApp = Path.Combine(SharedData.RepositoryRoot, "samples", "app");

    [Test]
    public async Task Pack_prints_the_digest_and_size_of_the_file_it_wrote()
    {
        using var work = new TemporaryDirectory();
        var output = work.Combine("app.tar.gz");

        var run = await CliRun.RunAsync("artifact", "pack", SampleApp, "--output", output);

        var digest = Digest.Compute(await File.ReadAllBytesAsync(output));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.Contain($"digest: {digest}"));
            Assert.That(run.Output, Does.Contain($"size: {new FileInfo(output).Length}"));
        });
    }

    [Test]
    public async Task Fetch_downloads_verifies_and_extracts_what_pack_made()
    {
        using var work = new TemporaryDirectory();
        var archive = work.Combine("app.tar.gz");
        await CliRun.RunAsync("artifact", "pack", SampleApp, "--output", archive);
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapFile("/app.tar.gz", archive);
        var digest = Digest.Compute(await File.ReadAllBytesAsync(archive));

        var run = await CliRun.RunAsync("artifact", "fetch", server.Url("/app.tar.gz").ToString(), "--digest", digest.ToString(), "--dest", work.Combine("out"), "--progress");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.Contain("(verified)"));
            Assert.That(run.Error, Does.Contain("received"));
            Assert.That(File.ReadAllText(work.Combine("out", "base", "kustomization.yaml")), Is.EqualTo(File.ReadAllText(Path.Combine(SampleApp, "base", "kustomization.yaml"))));
        });
    }

    [Test]
    public async Task Fetch_with_a_wrong_digest_fails_with_one_line_and_writes_nothing()
    {
        using var work = new TemporaryDirectory();
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/a.tar.gz", [1, 2, 3]);

        var run = await CliRun.RunAsync("artifact", "fetch", server.Url("/a.tar.gz").ToString(), "--digest", Digest.Compute("x"u8).ToString(), "--dest", work.Combine("out"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.StartWith("error: digest mismatch"));
            Assert.That(Directory.Exists(work.Combine("out")), Is.False);
        });
    }

    [Test]
    public async Task Fetch_with_no_digest_extracts_and_prints_the_computed_digest()
    {
        using var work = new TemporaryDirectory();
        var archive = work.Combine("app.tar.gz");
        await CliRun.RunAsync("artifact", "pack", SampleApp, "--output", archive);
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapFile("/app.tar.gz", archive);
        var digest = Digest.Compute(await File.ReadAllBytesAsync(archive));

        var run = await CliRun.RunAsync("artifact", "fetch", server.Url("/app.tar.gz").ToString(), "--no-digest", "--dest", work.Combine("out"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.Contain($"digest: {digest} (computed, not verified)"));
            Assert.That(File.ReadAllText(work.Combine("out", "base", "kustomization.yaml")), Is.EqualTo(File.ReadAllText(Path.Combine(SampleApp, "base", "kustomization.yaml"))));
        });
    }

    [Test]
    public async Task Fetch_with_no_digest_still_enforces_the_limits_and_writes_nothing()
    {
        using var work = new TemporaryDirectory();
        var archive = work.Combine("app.tar.gz");
        await CliRun.RunAsync("artifact", "pack", SampleApp, "--output", archive);
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapFile("/app.tar.gz", archive);

        var run = await CliRun.RunAsync("artifact", "fetch", server.Url("/app.tar.gz").ToString(), "--no-digest", "--dest", work.Combine("out"), "--max-download-bytes", "100");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.StartWith("error: "));
            Assert.That(Directory.Exists(work.Combine("out")), Is.False);
        });
    }

    [TestCase(false, "--digest is required")]
    [TestCase(true, "cannot be used together")]
    public async Task Fetch_needs_exactly_one_of_digest_and_no_digest(bool both, string message)
    {
        using var work = new TemporaryDirectory();
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/a.tar.gz", [1, 2, 3]);
        string[] args = both
            ? ["artifact", "fetch", server.Url("/a.tar.gz").ToString(), "--digest", Digest.Compute("x"u8).ToString(), "--no-digest", "--dest", work.Combine("out")]
            : ["artifact", "fetch", server.Url("/a.tar.gz").ToString(), "--dest", work.Combine("out")];

        var run = await CliRun.RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.Contain(message));
            Assert.That(server.RequestCount("/a.tar.gz"), Is.Zero, "nothing is fetched on a usage error");
            Assert.That(Directory.Exists(work.Combine("out")), Is.False);
        });
    }

    [Test]
    public async Task Fetch_from_a_server_that_never_answers_stops_at_the_timeout_with_one_line()
    {
        using var work = new TemporaryDirectory();
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapHandler("/silent.tar.gz", context => Task.Delay(Timeout.Infinite, context.RequestAborted));

        var run = await CliRun.RunAsync(
            "artifact", "fetch", server.Url("/silent.tar.gz").ToString(), "--no-digest", "--dest", work.Combine("out"),
            "--timeout", "1500ms", "--inactivity-timeout", "500ms", "--retries", "50");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(run.Error, Does.Contain("took longer than 1.5 s (Timeout)"));
            Assert.That(Directory.Exists(work.Combine("out")), Is.False);
        });
    }

    [TestCase("--retries", "-1")]
    [TestCase("--max-entries", "0")]
    [TestCase("--max-download-bytes", "-5")]
    public async Task Fetch_refuses_an_out_of_range_number_in_one_line(string option, string value)
    {
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("artifact", "fetch", "http://127.0.0.1:1/a.tar.gz", "--no-digest", "--dest", work.Combine("out"), option, value);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.StartWith("error: "));
            Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.Error);
            Assert.That(run.Error, Does.Not.Contain("   at "));
        });
    }

    [TestCase("0s")]
    [TestCase("-5s")]
    [TestCase("5 minutes")]
    [TestCase("1h3")]
    public async Task Fetch_refuses_a_timeout_that_is_not_a_positive_duration(string timeout)
    {
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("artifact", "fetch", "http://127.0.0.1:1/a.tar.gz", "--no-digest", "--dest", work.Combine("out"), "--timeout", timeout);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Does.Contain("is not a positive duration"));
        });
    }

    [TestCase("ftp://example/a.tar.gz", "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", "http or https")]
    [TestCase("http://127.0.0.1:1/a.tar.gz", "not-a-digest", "is not a digest")]
    public async Task Fetch_rejects_bad_input_with_a_message(string url, string digest, string message)
    {
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("artifact", "fetch", url, "--digest", digest, "--dest", work.Combine("out"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Does.Contain(message));
        });
    }

    [Test]
    public async Task The_demo_fetches_back_exactly_the_sample_app()
    {
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("demo", "--work-dir", work.Path);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.Contain("fetched and verified sha256:"));
            Assert.That(File.Exists(work.Combine("artifacts", "app.tar.gz")), Is.True);
        });
        foreach (var file in Directory.GetFiles(SampleApp, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(SampleApp, file);
            Assert.That(File.ReadAllBytes(work.Combine("fetched", "app", relative)), Is.EqualTo(File.ReadAllBytes(file)), relative);
        }
    }
}
