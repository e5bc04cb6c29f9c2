using System.Net;
using System.Net.Sockets;
using GitOps.Testing;

namespace GitOps.Cli.Tests;

/// <summary>
/// <c>gitops bucket artifact</c>'s input and failure handling; packing from a real Swift is tested in
/// GitOps.Buckets.Tests (and by <c>benchmarks/compare/bucket-artifact.sh</c> through this command).
/// </summary>
public sealed class BucketCommandTests
{
    [Test]
    public async Task An_endpoint_that_is_not_http_is_refused_with_one_line()
    {
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("bucket", "artifact", "--endpoint", "ftp://host", "--bucket", "b", "--access-key", "k", "--secret-key", "s", "--output", work.Combine("a.tar.gz"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error.Trim(), Does.Contain("--endpoint must be an absolute http or https URL").And.Not.Contain("\n"));
        });
    }

    [Test]
    public async Task An_invalid_limit_is_one_line_on_stderr()
    {
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("bucket", "artifact", "--endpoint", "http://127.0.0.1:9", "--bucket", "b", "--access-key", "k", "--secret-key", "s", "--output", work.Combine("a.tar.gz"), "--timeout", "-1");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Is.EqualTo("error: --timeout must be between 0.001 and 2147483, not -1 (see gitops bucket artifact --help)\n"));
        });
    }

    [Test]
    public async Task A_server_that_never_answers_times_out_with_one_line_that_does_not_show_the_secret_and_writes_nothing()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<Socket>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await listener.AcceptSocketAsync());
            }
        });
        using var work = new TemporaryDirectory();
        var endpoint = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

        var run = await CliRun.RunAsync("bucket", "artifact", "--endpoint", endpoint, "--bucket", "b", "--access-key", "k", "--secret-key", "top-secret-value", "--output", work.Combine("a.tar.gz"), "--timeout", "1");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error.Trim(), Does.StartWith("error: listing bucket 'b' did not finish within 1 s").And.Not.Contain("\n"));
            Assert.That(run.Output + run.Error, Does.Not.Contain("top-secret-value"));
            Assert.That(Directory.GetFileSystemEntries(work.Path), Is.Empty);
        });
        listener.Stop();
        accepted.ForEach(s => s.Dispose());
    }
}
