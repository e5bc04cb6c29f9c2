using System.Text;
using GitOps.Testing;
using GitOps.Testing.Archives;
using GitOps.Testing.Http;
using Microsoft.AspNetCore.Http;

namespace GitOps.Cli.Tests.Hostile;

/// <summary>
/// Issue #17's probes against misbehaving servers on 127.0.0.1, each run through the CLI as a child process: deeply
/// nested Helm indexes, a server that trickles one byte every two seconds, redirects to other schemes and in loops,
/// hostile archives, and destinations that must survive a refused download.
/// </summary>
public sealed class HostileNetworkTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private LoopbackHttpServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await LoopbackHttpServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    private static byte[] Chart(string version, string? chartYaml = null) => new TarBuilder()
        .Directory("demo")
        .File("demo/Chart.yaml", chartYaml ?? $"apiVersion: v2\nname: demo\nversion: {version}\n")
        .File("demo/values.yaml", "replicas: 1\n")
        .ToTarGz();

    private static string Index(string version, string url, string extra = "") =>
        $"apiVersion: v1\nentries:\n  demo:\n  - apiVersion: v2\n    name: demo\n    version: \"{version}\"\n    urls: [\"{url}\"]\n{extra}";

    /// <summary>A fresh path on the shared server; each test maps its own.</summary>
    private static string Route(string name) => $"/{TestContext.CurrentContext.Test.ID}/{name}";

    private static string Nested(int levels) => new string('[', levels) + new string(']', levels);

    [TestCase("index", "serverInfo")]
    [TestCase("index", "import-values")]
    [TestCase("pull", "serverInfo")]
    [TestCase("pull", "import-values")]
    public async Task A_helm_index_nested_a_hundred_thousand_levels_served_over_http_is_one_line_not_a_stack_overflow(string command, string where)
    {
        var repo = Route("repo");
        var index = where == "serverInfo"
            ? Index("1.0.0", "demo-1.0.0.tgz") + "serverInfo: {a: " + Nested(100_000) + "}\n"
            : Index("1.0.0", "demo-1.0.0.tgz", "    dependencies:\n    - name: dep\n      import-values: " + Nested(100_000) + "\n");
        _server.MapBytes(repo + "/index.yaml", Encoding.UTF8.GetBytes(index));
        _server.MapBytes(repo + "/demo-1.0.0.tgz", Chart("1.0.0"));
        using var work = new TemporaryDirectory();
        string[] args = command == "index"
            ? ["helm", "index", _server.Url(repo).ToString()]
            : ["helm", "pull", _server.Url(repo).ToString(), "demo", "--dest", work.Combine("out")];

        var run = await ChildCli.RunAsync(work.Path, Bound, args);

        run.AssertOneLineError("exceeded max depth of 1000").AssertPeakWithin(0);
        Assert.That(Directory.Exists(work.Combine("out")), Is.False);
    }

    private void MapTrickle(string path, byte[] body) => _server.MapHandler(path, async context =>
    {
        context.Response.ContentLength = body.Length;
        try
        {
            foreach (var b in body)
            {
                await context.Response.Body.WriteAsync(new[] { b }, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(2000, context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client gave up, as it should.
        }
    });

    // One byte every 2 s: cut by --timeout (the whole download, retries included) or by the minimum rate of 1 KiB/s
    // per --inactivity-timeout window, never left waiting for minutes. (A 2 s window raced the 2 s bytes: on a loaded
    // machine the inactivity timeout could win, so the window is 3 s.)
    [TestCase("helm index", "--timeout", "3s")]
    [TestCase("helm index", "--inactivity-timeout", "3s")]
    [TestCase("artifact fetch", "--timeout", "3s")]
    [TestCase("artifact fetch", "--inactivity-timeout", "3s")]
    public async Task A_server_sending_one_byte_every_two_seconds_is_cut_off_by_the_timeouts(string command, string option, string value)
    {
        var path = Route("slow");
        MapTrickle(path + "/index.yaml", Encoding.UTF8.GetBytes(Index("1.0.0", "demo-1.0.0.tgz")));
        MapTrickle(path + "/a.tar.gz", Chart("1.0.0"));
        using var work = new TemporaryDirectory();
        string[] args = command == "helm index"
            ? ["helm", "index", _server.Url(path).ToString(), option, value, "--retries", "1"]
            : ["artifact", "fetch", _server.Url(path + "/a.tar.gz").ToString(), "--no-digest", "--dest", work.Combine("out"), option, value, "--retries", "1"];

        var run = await ChildCli.RunAsync(work.Path, TimeSpan.FromSeconds(30), args);

        // Two attempts of at most one window each, and the back-off between them.
        // A 3 s window over bytes 2 s apart: the minimum rate cuts it, or (when a loaded machine delays a byte past the
        // window) the inactivity timeout; either is the one stall check, never a wait for minutes.
        run.AssertOneLineError(option == "--timeout" ? "127.0.0.1" : "the server sent ");
        if (option == "--inactivity-timeout")
        {
            Assert.That(run.Error, Does.Match(@"slower than the minimum of 1024 bytes/s \(MinimumBytesPerSecond\)|the server sent nothing for 3 s after \d+ bytes \(InactivityTimeout\)"));
        }

        Assert.That(run.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
        Assert.That(Directory.GetFileSystemEntries(work.Path), Is.Empty, "nothing left behind");
    }

    [Test]
    public async Task Helm_pull_of_a_chart_with_a_bad_chart_yaml_keeps_the_chart_already_in_dest()
    {
        var repo = Route("repo");
        _server.MapBytes(repo + "/index.yaml", Encoding.UTF8.GetBytes(Index("1.0.0", "demo-1.0.0.tgz") + "  - apiVersion: v2\n    name: demo\n    version: \"2.0.0\"\n    urls: [\"demo-2.0.0.tgz\"]\n"));
        _server.MapBytes(repo + "/demo-1.0.0.tgz", Chart("1.0.0"));
        _server.MapBytes(repo + "/demo-2.0.0.tgz", Chart("2.0.0", "apiVersion: v2\nname: [demo\nversion: 2.0.0\n"));
        using var work = new TemporaryDirectory();
        var dest = work.Combine("out");

        (await ChildCli.RunAsync(work.Path, Bound, "helm", "pull", _server.Url(repo).ToString(), "demo", "1.0.0", "--dest", dest)).AssertSuccess();
        var afterGoodPull = Directory.GetFileSystemEntries(work.Path).Order().ToArray();
        var run = await ChildCli.RunAsync(work.Path, Bound, "helm", "pull", _server.Url(repo).ToString(), "demo", "2.0.0", "--dest", dest);

        // The destination and its ownership marker beside it (".out.gitops-artifact") stay; no staging is added.
        run.AssertOneLineError("Chart.yaml");
        Assert.That(File.ReadAllText(Path.Combine(dest, "demo", "Chart.yaml")), Does.Contain("version: 1.0.0"));
        Assert.That(Directory.GetFileSystemEntries(work.Path).Order(), Is.EqualTo(afterGoodPull), "no staging left beside it");
    }

    [Test]
    public async Task A_helm_chart_yaml_of_a_hundred_thousand_keys_is_read_in_linear_time()
    {
        var repo = Route("repo");
        var chartYaml = new StringBuilder("apiVersion: v2\nname: demo\nversion: 1.0.0\nannotations:\n");
        for (var i = 0; i < 100_000; i++)
        {
            chartYaml.Append("  k").Append(i).Append(": v\n");
        }

        _server.MapBytes(repo + "/index.yaml", Encoding.UTF8.GetBytes(Index("1.0.0", "demo-1.0.0.tgz")));
        _server.MapBytes(repo + "/demo-1.0.0.tgz", Chart("1.0.0", chartYaml.ToString()));
        using var work = new TemporaryDirectory();

        var run = await ChildCli.RunAsync(work.Path, TimeSpan.FromSeconds(20), "helm", "pull", _server.Url(repo).ToString(), "demo", "--dest", work.Combine("out"));

        run.AssertSuccess();
        Assert.That(run.Output, Does.Contain("pulled demo 1.0.0"));
    }

    [Test]
    public async Task Artifact_fetch_into_the_current_directory_is_refused_and_deletes_nothing()
    {
        var path = Route("a.tar.gz");
        _server.MapBytes(path, Chart("1.0.0"));
        using var work = new TemporaryDirectory();
        work.WriteFile("keep.txt", "mine");

        var run = await ChildCli.RunAsync(work.Path, Bound, "artifact", "fetch", _server.Url(path).ToString(), "--no-digest", "--dest", ".");
        var overwrite = await ChildCli.RunAsync(work.Path, Bound, "artifact", "fetch", _server.Url(path).ToString(), "--no-digest", "--dest", ".", "--overwrite");

        run.AssertOneLineError("it is the current directory or one of its parents");
        overwrite.AssertOneLineError("it is the current directory or one of its parents");
        Assert.That(Directory.GetFileSystemEntries(work.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { "keep.txt" }));
    }

    [TestCase("artifact")]
    [TestCase("helm")]
    public async Task A_redirect_to_ftp_is_refused_not_fetched_as_http(string command)
    {
        var path = Route("r");
        var ftpHits = 0;
        _server.MapHandler(path + "/index.yaml", context => Redirect(context, "ftp://127.0.0.1:" + _server.BaseAddress.Port + path + "/ftp"));
        _server.MapHandler(path + "/a.tar.gz", context => Redirect(context, "ftp://127.0.0.1:" + _server.BaseAddress.Port + path + "/ftp"));
        _server.MapHandler(path + "/ftp", _ =>
        {
            Interlocked.Increment(ref ftpHits);
            return Task.CompletedTask;
        });
        using var work = new TemporaryDirectory();
        string[] args = command == "helm"
            ? ["helm", "index", _server.Url(path).ToString()]
            : ["artifact", "fetch", _server.Url(path + "/a.tar.gz").ToString(), "--no-digest", "--dest", work.Combine("out")];

        var run = await ChildCli.RunAsync(work.Path, Bound, args);

        run.AssertOneLineError("ftp");
        Assert.That(ftpHits, Is.Zero);
    }

    [Test]
    public async Task A_redirect_loop_is_cut_at_the_hop_limit_in_one_line()
    {
        var path = Route("loop");
        var hits = 0;
        _server.MapHandler(path, context =>
        {
            Interlocked.Increment(ref hits);
            return Redirect(context, path);
        });
        using var work = new TemporaryDirectory();

        var run = await ChildCli.RunAsync(work.Path, Bound, "artifact", "fetch", _server.Url(path).ToString(), "--no-digest", "--dest", work.Combine("out"), "--retries", "0");

        run.AssertOneLineError("redirect");
        Assert.That(hits, Is.InRange(1, 11), "at most 10 redirects followed");
        Assert.That(Directory.GetFileSystemEntries(work.Path), Is.Empty);
    }

    [TestCase("file:///etc/passwd")]
    [TestCase("ftp://127.0.0.1/demo-1.0.0.tgz")]
    public async Task A_chart_url_of_another_scheme_is_refused_in_one_line(string url)
    {
        var repo = Route("repo");
        _server.MapBytes(repo + "/index.yaml", Encoding.UTF8.GetBytes(Index("1.0.0", url)));
        using var work = new TemporaryDirectory();

        var run = await ChildCli.RunAsync(work.Path, Bound, "helm", "pull", _server.Url(repo).ToString(), "demo", "--dest", work.Combine("out"));

        run.AssertOneLineError("only http and https chart URLs are fetched");
        Assert.That(Directory.GetFileSystemEntries(work.Path), Is.Empty);
    }

    private static Task Redirect(HttpContext context, string location)
    {
        context.Response.StatusCode = 302;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    }

    [Test]
    public async Task PAX_headers_are_not_counted_as_entries_and_the_limit_message_counts_files()
    {
        var tar = new TarBuilder();
        for (var i = 0; i < 600; i++)
        {
            tar.Pax(("path", $"f{i:D4}.txt")).File("ignored", "x");
        }

        var path = Route("pax.tar.gz");
        _server.MapBytes(path, tar.ToTarGz());
        using var work = new TemporaryDirectory();

        var fits = await ChildCli.RunAsync(work.Path, Bound, "artifact", "fetch", _server.Url(path).ToString(), "--no-digest", "--dest", work.Combine("a"), "--max-entries", "1000");
        var over = await ChildCli.RunAsync(work.Path, Bound, "artifact", "fetch", _server.Url(path).ToString(), "--no-digest", "--dest", work.Combine("b"), "--max-entries", "500");

        fits.AssertSuccess();
        Assert.That(Directory.GetFiles(work.Combine("a")), Has.Length.EqualTo(600));
        over.AssertOneLineError("more than the limit of 500 entries");
        Assert.That(Directory.Exists(work.Combine("b")), Is.False);
    }

    [Test]
    public async Task A_tar_gz_of_49000_long_directories_is_refused_within_the_caps()
    {
        var tar = new TarBuilder();
        var parent = new string('d', 60);
        for (var i = 0; i < 49_000; i++)
        {
            tar.Directory($"{parent}/{new string('n', 30)}{i:D6}");
        }

        var archive = tar.ToTarGz();
        var path = Route("dirs.tar.gz");
        _server.MapBytes(path, archive);
        using var work = new TemporaryDirectory();

        var run = await ChildCli.RunAsync(work.Path, Bound, "artifact", "fetch", _server.Url(path).ToString(), "--no-digest", "--dest", work.Combine("out"));

        // Each directory costs 4 KiB of the 100 MiB --max-extracted-bytes: 49,000 of them (191 MiB) are refused.
        run.AssertOneLineError("extract").AssertPeakWithin(64 * ChildCli.MiB);
        Assert.That(Directory.GetFileSystemEntries(work.Path), Is.Empty, "no staging directory left");
    }

    [Test]
    public async Task Helm_pull_prints_credentials_in_the_repository_url_masked()
    {
        var repo = Route("repo");
        _server.MapBytes(repo + "/index.yaml", Encoding.UTF8.GetBytes(Index("1.0.0", "demo-1.0.0.tgz")));
        _server.MapBytes(repo + "/demo-1.0.0.tgz", Chart("1.0.0"));
        using var work = new TemporaryDirectory();
        var url = new UriBuilder(_server.Url(repo)) { UserName = "user", Password = "secret" }.Uri.ToString();

        var ok = await ChildCli.RunAsync(work.Path, Bound, "helm", "pull", url, "demo", "--dest", work.Combine("out"));
        var missing = await ChildCli.RunAsync(work.Path, Bound, "helm", "pull", url.Replace(repo, repo + "/nope", StringComparison.Ordinal), "demo", "--dest", work.Combine("out2"));

        ok.AssertSuccess();
        missing.AssertOneLineError("127.0.0.1");
        Assert.That(ok.Output + ok.Error + missing.Output + missing.Error, Does.Not.Contain("secret"));
        Assert.That(ok.Output, Does.Contain("pulled demo 1.0.0 from http://***@127.0.0.1:"));
    }
}
