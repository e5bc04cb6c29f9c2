using System.Buffers;
using System.Globalization;
using GitOps.Kustomize;

namespace GitOps.Cli.Demo;

/// <summary>Builds the sample app's overlays natively, as <c>kubectl kustomize</c> would, and summarises each build.</summary>
internal sealed class KustomizeBuildStep : IDemoStep
{
    private static readonly string[] Overlays = ["overlays/staging", "overlays/production"];

    public string Title => "Build the staging and production overlays with the native kustomize engine";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var app = context.SampleApp ?? throw new InvalidOperationException("the sample application has not been written yet");
        var builder = new KustomizeBuilder();
        foreach (var overlay in Overlays)
        {
            var result = await builder.BuildAsync(Path.Combine(app.FullName, overlay), cancellationToken: cancellationToken).ConfigureAwait(false);
            var buffer = new ArrayBufferWriter<byte>();
            result.WriteYaml(buffer);
            context.BuiltOverlays[overlay] = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
            context.BuildResults[overlay] = result;
            var kinds = result.Resources
                .GroupBy(r => r.GetString("kind") ?? "?", StringComparer.Ordinal)
                .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} x{g.Count()}");
            await context.ReportAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{overlay}: {result.Resources.Count} objects ({string.Join(", ", kinds)}), {buffer.WrittenCount} bytes of YAML")).ConfigureAwait(false);
        }
    }
}
