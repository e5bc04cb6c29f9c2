using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GitOps.Testing;

namespace GitOps.Buckets.Tests.Swift;

/// <summary>
/// One OpenStack Swift with the s3api middleware on 127.0.0.1 for the whole test run (started on first use by
/// <c>Swift/swift.sh</c>, stopped by <see cref="SwiftServerTeardown"/>). It checks SigV4 signatures for real.
/// Where Swift is not installed the calling test is ignored, or failed under <c>CI=true</c>.
/// </summary>
internal static class SwiftServer
{
    /// <summary>The access key tempauth knows: <c>account:user</c>.</summary>
    public const string AccessKey = "flux:tester";

    /// <summary>The secret of <see cref="AccessKey"/>.</summary>
    public const string SecretKey = "s3cret";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _directory;
    private static Uri? _endpoint;
    private static string? _failure;

    /// <summary>The script that starts and stops Swift.</summary>
    public static string Script { get; } = Path.Combine(SharedData.RepositoryRoot, "tests", "GitOps.Buckets.Tests", "Swift", "swift.sh");

    /// <summary>The S3 endpoint of the shared Swift, starting it if needed.</summary>
    public static async Task<Uri> RequireAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_endpoint is null && _failure is null)
            {
                await StartAsync();
            }
        }
        finally
        {
            Gate.Release();
        }

        if (_endpoint is null)
        {
            if (SharedData.IsCi || !_failure!.Contains("not installed", StringComparison.Ordinal))
            {
                Assert.Fail(_failure!);
            }

            Assert.Ignore(_failure!);
        }

        return _endpoint!;
    }

    /// <summary>Stops the shared Swift and removes its folder.</summary>
    public static void Stop()
    {
        if (_directory is null)
        {
            return;
        }

        Run("stop", _directory, null, TimeSpan.FromSeconds(30));
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        _directory = null;
        _endpoint = null;
    }

    private static async Task StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("gitops-swift-").FullName;
        var port = FindFreePorts(5);
        var (exitCode, output) = await Task.Run(() => Run("start", directory, port.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(180)));
        _directory = directory;
        if (exitCode == 0)
        {
            _endpoint = new Uri($"http://127.0.0.1:{port}");
            return;
        }

        _failure = exitCode == 3
            ? $"OpenStack Swift is not installed ({output.Trim()}); CI=true makes this a failure"
            : $"Swift did not start (exit {exitCode}): {output}";
    }

    private static (int ExitCode, string Output) Run(string command, string directory, string? port, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(directory);
        if (port is not null)
        {
            start.ArgumentList.Add(port);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>A port such that it and the next <paramref name="count"/> − 1 are free on 127.0.0.1.</summary>
    private static int FindFreePorts(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = Random.Shared.Next(20_000, 60_000);
            if (Enumerable.Range(first, count).All(IsFree))
            {
                return first;
            }
        }

        throw new InvalidOperationException("no free block of ports on 127.0.0.1");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
