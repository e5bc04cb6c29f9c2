using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GitOps.Oci.Flux;
using GitOps.Oci.Registry;

namespace GitOps.Cli.Demo;

/// <summary>
/// Pushes the sample app as a Flux OCI artifact to a registry on 127.0.0.1 and pulls it back verified. The
/// registry is Debian's <c>docker-registry</c>, started here on a free port with its storage in the work
/// directory; where it is not installed (or does not start) the step says so and is skipped: a missing
/// registry never fails the demo.
/// </summary>
internal sealed class OciArtifactStep : IDemoStep
{
    public string Title => "OCI artifact: push the sample app to a registry on 127.0.0.1 and pull it back verified";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var app = context.SampleApp ?? throw new InvalidOperationException("the sample app is written by an earlier step");
        var binary = FindOnPath("docker-registry");
        if (binary is null)
        {
            await context.ReportAsync("skipped: docker-registry is not on PATH (Debian package docker-registry)").ConfigureAwait(false);
            return;
        }

        var root = Path.Combine(context.WorkDirectory.FullName, "oci-registry");
        using var registry = await StartRegistryAsync(binary, root, cancellationToken).ConfigureAwait(false);
        if (registry.Process is null)
        {
            await context.ReportAsync($"skipped: {registry.Problem}").ConfigureAwait(false);
            return;
        }

        try
        {
            using var client = new OciRegistryClient(new OciClientOptions { PlainHttp = true, RequestTimeout = TimeSpan.FromSeconds(30) });
            var reference = new OciReference(registry.Host, "demo/app", "1.0.0");
            var pushed = await new FluxArtifactPusher(client).PushAsync(app.FullName, reference, new FluxPushOptions { Source = "https://example.com/gitops/sample-app.git", Revision = "main@sha1:0000000000000000000000000000000000000000" }, cancellationToken).ConfigureAwait(false);
            await context.ReportAsync($"docker-registry on {registry.Host} (plain HTTP, storage in {root})").ConfigureAwait(false);
            await context.ReportAsync(string.Create(CultureInfo.InvariantCulture, $"pushed {pushed.Reference.RepositoryName}: digest {pushed.Digest}, layer {pushed.Layer.Size} bytes")).ConfigureAwait(false);
            await context.ReportAsync($"revision: {pushed.Revision}").ConfigureAwait(false);

            var destination = Path.Combine(context.WorkDirectory.FullName, "oci-pulled");
            var pulled = await new FluxArtifactPuller(client).PullAsync(reference.WithTag("1.0.0"), destination, cancellationToken: cancellationToken).ConfigureAwait(false);
            var same = SameFiles(app.FullName, destination);
            await context.ReportAsync(string.Create(CultureInfo.InvariantCulture, $"pulled {pulled.Revision}: manifest and layer verified, {pulled.Files} files extracted, {(same ? "identical to the sample app" : "DIFFERENT from the sample app")}")).ConfigureAwait(false);
            if (!same || pulled.Revision != pushed.Revision)
            {
                throw new GitOpsException("the OCI round trip did not give back what was pushed");
            }
        }
        finally
        {
            registry.Stop();
        }
    }

    private static bool SameFiles(string left, string right)
    {
        static Dictionary<string, long> List(string root) =>
            Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).Equals(".sourceignore", StringComparison.Ordinal))
                .ToDictionary(f => Path.GetRelativePath(root, f), f => new FileInfo(f).Length, StringComparer.Ordinal);
        var a = List(left);
        var b = List(right);
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var size) && size == kv.Value
            && File.ReadAllBytes(Path.Combine(left, kv.Key)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(right, kv.Key))));
    }

    internal static async Task<RunningRegistry> StartRegistryAsync(string binary, string root, CancellationToken cancellationToken)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        Directory.CreateDirectory(root);
        var config = Path.Combine(root, "config.yml");
        await File.WriteAllTextAsync(
            config,
            $"version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: {Path.Combine(root, "storage")}\nhttp:\n  addr: 127.0.0.1:{port}\n",
            cancellationToken).ConfigureAwait(false);
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new RunningRegistry(null, string.Empty, $"docker-registry did not start: {ex.Message}");
        }

        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (process.HasExited)
            {
                return new RunningRegistry(null, host, $"docker-registry exited with code {process.ExitCode} at start");
            }

            try
            {
                using var connection = new TcpClient();
                await connection.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return new RunningRegistry(process, host, null);
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }

        var running = new RunningRegistry(process, host, null);
        running.Stop();
        return new RunningRegistry(null, host, "docker-registry did not listen within 10 s");
    }

    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The registry process this step started (stopped by its own handle), or why there is none.</summary>
    internal sealed class RunningRegistry(Process? process, string host, string? problem) : IDisposable
    {
        public Process? Process { get; } = process;

        public string Host { get; } = host;

        public string? Problem { get; } = problem;

        public void Stop()
        {
            if (Process is { HasExited: false })
            {
                Process.Kill();
                Process.WaitForExit(5000);
            }
        }

        public void Dispose()
        {
            Stop();
            Process?.Dispose();
        }
    }
}
