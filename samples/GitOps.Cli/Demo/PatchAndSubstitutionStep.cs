using System.Globalization;
using GitOps.Kustomize.Flux;
using GitOps.Yaml;

namespace GitOps.Cli.Demo;

/// <summary>
/// Shows what the production overlay's patch did to the built Deployment, then builds the staging overlay as
/// Flux's kustomize-controller does, with a post-build substitution of the cluster's name.
/// </summary>
internal sealed class PatchAndSubstitutionStep : IDemoStep
{
    private const string Variable = "cluster_name";
    private const string Cluster = "eu-west-1";
    private const string Annotation = "gitops.example/cluster";

    public string Title => "Check the production patch and build staging with Flux's post-build substitution";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var app = context.SampleApp ?? throw new InvalidOperationException("the sample application has not been written yet");
        if (!context.BuildResults.TryGetValue("overlays/production", out var production))
        {
            throw new InvalidOperationException("the production overlay has not been built yet");
        }

        var deployment = production.Resources.FirstOrDefault(r => r.GetString("kind") == "Deployment")
            ?? throw new InvalidOperationException("the production overlay has no Deployment");
        var limit = Container(deployment)?.GetMapping("resources")?.GetMapping("limits")?.GetString("memory") ?? "none";
        await context.ReportAsync($"overlays/production: the patch sets {deployment.GetMapping("metadata")?.GetString("name")}'s memory limit to {limit}").ConfigureAwait(false);

        var flux = new FluxKustomization { PostBuild = new FluxPostBuild { Substitute = new Dictionary<string, string> { [Variable] = Cluster } } };
        var staging = await new FluxKustomizeBuilder().BuildAsync(Path.Combine(app.FullName, "overlays/staging"), flux, cancellationToken: cancellationToken).ConfigureAwait(false);
        var substituted = staging.Resources.Count(r => r.GetMapping("metadata")?.GetMapping("annotations")?.GetString(Annotation) == Cluster);
        var plain = context.BuildResults.TryGetValue("overlays/staging", out var built)
            ? built.Resources.Select(r => r.GetMapping("metadata")?.GetMapping("annotations")?.GetString(Annotation)).FirstOrDefault(v => v is not null)
            : null;
        await context.ReportAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"overlays/staging with {Variable}={Cluster}: {Annotation} is {Cluster} on {substituted} of {staging.Resources.Count} objects (plain kustomize leaves {plain ?? "nothing"})")).ConfigureAwait(false);
    }

    private static YamlMapping? Container(YamlMapping deployment) =>
        deployment.GetMapping("spec")?.GetMapping("template")?.GetMapping("spec")?.GetSequence("containers")?.OfType<YamlMapping>().FirstOrDefault();
}
