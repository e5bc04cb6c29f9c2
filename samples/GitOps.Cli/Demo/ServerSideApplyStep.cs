using System.Globalization;
using GitOps.Ssa;
using GitOps.Ssa.ManagedFields;
using GitOps.Ssa.Values;

namespace GitOps.Cli.Demo;

/// <summary>
/// Server-side applies the production Deployment offline as manager <c>gitops</c>, lets an autoscaler
/// take <c>spec.replicas</c> through the <c>/scale</c> subresource, shows the API server's conflict on
/// the next apply, then applies without replicas (the autoscaler keeps them) and with force (gitops takes
/// them back), summarising managedFields after each write.
/// </summary>
internal sealed class ServerSideApplyStep : IDemoStep
{
    private const string Overlay = "overlays/production";
    private static readonly DateTimeOffset Clock = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Title => "Server-side apply the production Deployment offline: an autoscaler owns replicas";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        if (!context.BuildResults.TryGetValue(Overlay, out var built))
        {
            throw new InvalidOperationException("the production overlay has not been built yet");
        }

        // The build's objects in memory, with the values applying its printed YAML would send.
        var deployment = built.ToSsaValues().FirstOrDefault(d => d.IsMap && d.AsMap.TryGetValue("kind", out var k) && k.ToString() == "Deployment")
            ?? throw new InvalidOperationException("the production overlay has no Deployment");
        var name = deployment.AsMap["metadata"].AsMap["name"].ToString();
        var ssa = new ServerSideApply(new ServerSideApplyOptions { TimeProvider = new FixedTime() });

        var live = ssa.Apply(null, deployment, "gitops");
        await context.ReportAsync($"apply {name} as gitops: created with replicas {Replicas(live.Value)}; {Summary(live.ManagedFields)}").ConfigureAwait(false);

        var scale = ssa.ToScale(live.Value);
        scale = With(scale, "spec", SsaValue.FromMap([new("replicas", SsaValue.FromInt64(5))]));
        var scaled = ssa.Update(live.Value, scale, "hpa", ScaleSubresource.Name);
        await context.ReportAsync($"hpa scales through /scale to {Replicas(scaled.Value)}; {Summary(scaled.ManagedFields)}").ConfigureAwait(false);

        try
        {
            ssa.Apply(scaled.Value, deployment, "gitops");
            throw new InvalidOperationException("re-applying replicas should conflict with the autoscaler");
        }
        catch (FieldManagerConflictException e)
        {
            await context.ReportAsync("re-apply as gitops: 409 " + e.Message).ConfigureAwait(false);
        }

        var withoutReplicas = With(deployment, "spec", Without(deployment.AsMap["spec"], "replicas"));
        var handedOver = ssa.Apply(scaled.Value, withoutReplicas, "gitops");
        await context.ReportAsync($"apply without spec.replicas: replicas stay {Replicas(handedOver.Value)}; {Summary(handedOver.ManagedFields)}").ConfigureAwait(false);

        var forced = ssa.Apply(scaled.Value, deployment, "gitops", force: true);
        await context.ReportAsync($"or apply with --force: replicas back to {Replicas(forced.Value)}; {Summary(forced.ManagedFields)}").ConfigureAwait(false);
    }

    private static string Replicas(SsaValue deployment) => deployment.AsMap["spec"].AsMap["replicas"].ToString();

    // "gitops Apply 24 fields, hpa Update /scale .spec.replicas"
    private static string Summary(IReadOnlyList<ManagedFieldsEntry> entries) => "managedFields: " + string.Join(", ", entries.Select(e =>
    {
        var paths = e.Fields.Leaves().EnumeratePaths().Select(p => p.ToString()).ToList();
        var owned = paths.Count <= 2 ? string.Join(" ", paths) : string.Create(CultureInfo.InvariantCulture, $"{paths.Count} fields");
        var subresource = e.Subresource is null ? string.Empty : " /" + e.Subresource;
        return $"{e.Manager} {e.Operation}{subresource} {owned}";
    }));

    private static SsaValue With(SsaValue map, string key, SsaValue value) =>
        SsaValue.FromMap(map.AsMap.Entries.Select(e => e.Key == key ? new KeyValuePair<string, SsaValue>(key, value) : e));

    private static SsaValue Without(SsaValue map, string key) => SsaValue.FromMap(map.AsMap.Entries.Where(e => e.Key != key));

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Clock;
    }
}
