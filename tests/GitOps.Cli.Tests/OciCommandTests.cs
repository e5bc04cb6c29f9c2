using System.Net;
using System.Net.Sockets;
using GitOps.Testing;

namespace GitOps.Cli.Tests;

public sealed class OciCommandTests
{
    [Test]
    public async Task A_reference_that_is_not_one_is_refused_in_one_line()
    {
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("oci", "pull", "oci://no-repository", "--dest", work.Combine("out"));

        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Error.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(run.Error, Does.Contain("is not HOST/REPOSITORY"));
    }

    [Test]
    public async Task A_username_without_a_password_is_refused()
    {
        var run = await CliRun.RunAsync("oci", "tags", "oci://127.0.0.1:1/apps/x", "--username", "flux");

        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Error, Does.Contain("--username and --password go together"));
    }

    [Test]
    public async Task A_registry_that_never_answers_times_out_with_one_error_line_and_leaves_nothing()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(); // accepts into the backlog and never answers
        var host = "127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port;
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("oci", "pull", $"oci://{host}/apps/hang:1", "--dest", work.Combine("out"), "--plain-http", "--timeout", "0.5");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Error, Does.StartWith("error: timed out after 0.5 s"));
        Assert.That(Directory.GetFileSystemEntries(work.Path), Is.Empty);
    }

    [Test]
    public async Task The_demo_pushes_the_sample_app_to_a_registry_and_pulls_it_back_identical()
    {
        var installed = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "docker-registry")));
        if (!installed)
        {
            const string message = "docker-registry is not installed (Debian package docker-registry): run .ci/install.sh";
            if (SharedData.IsCi)
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        var run = await CliRun.RunAsync("demo");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(run.Output, Does.Match(@"revision: 1\.0\.0@sha256:[0-9a-f]{64}"));
        Assert.That(run.Output, Does.Contain("manifest and layer verified").And.Contain("identical to the sample app"));
    }
}
