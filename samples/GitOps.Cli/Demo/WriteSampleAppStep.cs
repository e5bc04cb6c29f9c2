using System.Globalization;

namespace GitOps.Cli.Demo;

/// <summary>Writes the sample application embedded in this tool (samples/app) into the work directory.</summary>
internal sealed class WriteSampleAppStep : IDemoStep
{
    private const string Prefix = "sample/app/";

    public string Title => "Write the embedded sample application (a base and two overlays)";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var target = new DirectoryInfo(Path.Combine(context.WorkDirectory.FullName, "app"));
        var written = await WriteAsync(target, cancellationToken).ConfigureAwait(false);
        context.SampleApp = target;
        foreach (var (path, bytes) in written)
        {
            await context.ReportAsync(string.Create(CultureInfo.InvariantCulture, $"{path} ({bytes} bytes)")).ConfigureAwait(false);
        }
    }

    /// <summary>Writes every embedded sample file under <paramref name="target"/>; returns their relative paths and sizes.</summary>
    public static async Task<IReadOnlyList<(string Path, long Bytes)>> WriteAsync(DirectoryInfo target, CancellationToken cancellationToken)
    {
        var assembly = typeof(WriteSampleAppStep).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var written = new List<(string, long)>(names.Count);
        foreach (var name in names)
        {
            var relative = name[Prefix.Length..];
            var path = Path.Combine(target.FullName, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var source = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"embedded resource {name} is missing");
            await using (source.ConfigureAwait(false))
            {
                var file = File.Create(path);
                await using (file.ConfigureAwait(false))
                {
                    await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                    written.Add((relative, file.Length));
                }
            }
        }

        return written;
    }
}
