using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using GitOps.Helm.Repositories;
using GitOps.Helm.Values;

namespace GitOps.Cli.Demo;

/// <summary>
/// Packages the embedded sample chart (samples/charts) as three versions, serves them as a Helm repository on
/// 127.0.0.1, resolves and pulls one as Helm would (verified against the index digest), and lays the sample
/// production values over the chart's defaults with Helm's rules.
/// </summary>
internal sealed class HelmRepositoryStep : IDemoStep
{
    private const string Prefix = "sample/charts/";
    private const string Chart = "podinfo-lite";
    private static readonly string[] Versions = ["0.1.0", "0.1.1", "0.2.0-rc.1"];

    public string Title => "Serve a Helm repository on 127.0.0.1, resolve ~0.1 as Helm would, pull it verified, merge values";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var files = ReadEmbedded();
        var archives = Versions.ToDictionary(v => $"/charts/{Chart}-{v}.tgz", v => Package(files, v));
        var index = BuildIndex(archives);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var listener = Start(out var baseUrl);
        var serving = ServeAsync(listener, archives, index, cts.Token);
        try
        {
            var repo = baseUrl + "repo";
            await context.ReportAsync($"repository {repo} serves {string.Join(", ", Versions)}").ConfigureAwait(false);
            var client = new HelmRepositoryClient();
            var loaded = await client.GetIndexAsync(repo, cancellationToken).ConfigureAwait(false);
            await context.ReportAsync($"~0.1 resolves to {loaded.Select(Chart, "~0.1").Version}; latest stable is {loaded.Select(Chart).Version}; with --devel {loaded.Select(Chart, null, devel: true).Version}").ConfigureAwait(false);

            var dest = Path.Combine(context.WorkDirectory.FullName, "charts", Chart);
            var pulled = await client.PullAsync(repo, Chart, "~0.1", dest, cancellationToken: cancellationToken).ConfigureAwait(false);
            await context.ReportAsync($"pulled {pulled.Metadata.Name} {pulled.Metadata.Version} (app {pulled.Metadata.AppVersion}) from {pulled.Url.AbsolutePath}, {pulled.ArchiveBytes} bytes, digest {pulled.Digest} verified").ConfigureAwait(false);

            var defaults = HelmValues.Parse(await File.ReadAllTextAsync(Path.Combine(pulled.ChartDirectory, "values.yaml"), cancellationToken).ConfigureAwait(false));
            var production = HelmValues.Parse(Encoding.UTF8.GetString(files["values-production.yaml"]));
            var values = HelmValues.Coalesce(defaults, HelmValues.Merge(production));
            await context.ReportAsync("values (chart defaults + values-production.yaml): " + HelmValues.ToJson(values)).ConfigureAwait(false);
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            listener.Stop();
            await serving.ConfigureAwait(false);
        }
    }

    private static Dictionary<string, byte[]> ReadEmbedded()
    {
        var assembly = typeof(HelmRepositoryStep).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[Prefix.Length..]] = copy.ToArray();
        }

        return files;
    }

    /// <summary>A chart archive as <c>helm package</c> lays it out: one top directory named after the chart.</summary>
    private static byte[] Package(Dictionary<string, byte[]> files, string version)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, content) in files.Where(f => f.Key.StartsWith(Chart + "/", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var bytes = path == Chart + "/Chart.yaml"
                    ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace("version: 0.1.0", "version: " + version, StringComparison.Ordinal))
                    : content;
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path)
                {
                    DataStream = new MemoryStream(bytes),
                    ModificationTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                };
                tar.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    private static byte[] BuildIndex(Dictionary<string, byte[]> archives)
    {
        var sb = new StringBuilder("apiVersion: v1\nentries:\n  " + Chart + ":\n");
        foreach (var version in Versions)
        {
            var bytes = archives[$"/charts/{Chart}-{version}.tgz"];
            sb.Append("  - apiVersion: v2\n    name: ").Append(Chart)
              .Append("\n    version: ").Append(version)
              .Append("\n    appVersion: \"6.7.0\"\n    created: \"2026-01-01T00:00:00Z\"\n    digest: ")
              .Append(Convert.ToHexStringLower(SHA256.HashData(bytes)))
              .Append("\n    urls:\n    - ../charts/").Append(Chart).Append('-').Append(version).Append(".tgz\n");
        }

        sb.Append("generated: \"2026-01-01T00:00:00Z\"\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static HttpListener Start(out string baseUrl)
    {
        // A free port on the loopback interface only.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        baseUrl = $"http://127.0.0.1:{port}/";
        var listener = new HttpListener();
        listener.Prefixes.Add(baseUrl);
        listener.Start();
        return listener;
    }

    private static async Task ServeAsync(HttpListener listener, Dictionary<string, byte[]> archives, byte[] index, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext request;
            try
            {
                request = await listener.GetContextAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var path = request.Request.Url!.AbsolutePath;
            var body = path == "/repo/index.yaml" ? index : archives.GetValueOrDefault(path);
            using var response = request.Response;
            response.StatusCode = body is null ? 404 : 200;
            if (body is not null)
            {
                response.ContentLength64 = body.Length;
                await response.OutputStream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
