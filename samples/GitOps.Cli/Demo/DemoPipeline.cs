using System.Diagnostics;

namespace GitOps.Cli.Demo;

/// <summary>Runs the demo steps in order, timing each one.</summary>
internal static class DemoPipeline
{
    /// <summary>The pipeline, in order. Each capability appends its step once it works.</summary>
    private static IDemoStep[] CreateSteps() =>
    [
        new WriteSampleAppStep(),
        new ArtifactRoundTripStep(),
        new GitSourceStep(),
        new KustomizeBuildStep(),
        new PatchAndSubstitutionStep(),
        new HelmRepositoryStep(),
        new ServerSideApplyStep(),
        new ResourceManagerStep(),
        new OciArtifactStep(),
        new ImageAutomationStep(),
    ];

    public static async Task<int> RunAsync(TextWriter output, DirectoryInfo? workDirectory, bool keep, CancellationToken cancellationToken)
    {
        var temporary = workDirectory is null;
        var root = workDirectory ?? Directory.CreateTempSubdirectory("gitops-demo-");
        root.Create();
        await output.WriteLineAsync($"gitops demo: working in {root.FullName}").ConfigureAwait(false);
        try
        {
            var context = new DemoContext(root, output);
            var steps = CreateSteps();
            var total = Stopwatch.StartNew();
            for (var i = 0; i < steps.Length; i++)
            {
                await output.WriteLineAsync($"[{i + 1}/{steps.Length}] {steps[i].Title}").ConfigureAwait(false);
                var watch = Stopwatch.StartNew();
                await steps[i].RunAsync(context, cancellationToken).ConfigureAwait(false);
                await context.ReportAsync($"done in {watch.Elapsed.TotalMilliseconds:F0} ms").ConfigureAwait(false);
            }

            await output.WriteLineAsync($"gitops demo: {steps.Length} steps succeeded in {total.Elapsed.TotalMilliseconds:F0} ms").ConfigureAwait(false);
            return ExitCodes.Success;
        }
        finally
        {
            if (temporary && !keep)
            {
                root.Delete(recursive: true);
            }
        }
    }
}
