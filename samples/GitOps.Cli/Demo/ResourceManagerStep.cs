using GitOps.Cli.Commands;
using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Clusters;
using GitOps.Kubernetes.Drift;
using GitOps.Kubernetes.Emulator.Http;
using GitOps.Kubernetes.Inventory;
using GitOps.Ssa.Values;

namespace GitOps.Cli.Demo;

/// <summary>
/// Flux's resource manager against a cluster: applies the staging overlay (staged, with its Namespace and the owner labels of an
/// inventory), lets <c>kubectl-edit</c> drift the Deployment's replicas, shows the diff with the culprit of each changed field,
/// re-applies, then applies the production overlay with the same inventory and prunes what left it (staging).
/// The cluster is the API-server emulator on 127.0.0.1 (HTTPS with its own CA and a bearer token), reached through
/// <see cref="LiveCluster"/> exactly as a real cluster is, from the kubeconfig the emulator writes.
/// </summary>
internal sealed class ResourceManagerStep : IDemoStep
{
    private const string InventoryName = "demo";
    private const string InventoryNamespace = "flux-system";

    public string Title => "Resource manager: apply staging, drift a field, diff with its culprit, re-apply, prune into production";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var emulator = await KubernetesEmulator.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using var stopEmulator = emulator.ConfigureAwait(false);
        using var cluster = new LiveCluster(KubernetesConnection.FromKubeconfig(emulator.Kubeconfig));
        await context.ReportAsync($"API-server emulator on {emulator.BaseAddress} (HTTPS, bearer token), reached through its kubeconfig").ConfigureAwait(false);
        var manager = new ResourceManager(cluster);
        var options = ApplyOptions.ForKustomization();
        var staging = Objects(context, "overlays/staging", "podinfo-staging");

        var first = await manager.ApplyAllStagedAsync(staging, options, cancellationToken).ConfigureAwait(false);
        await ReportAsync(context, first).ConfigureAwait(false);
        var inventory = ResourceInventory.FromChangeSet(first);

        var deployment = first.Entries.First(e => e.Metadata.Kind == "Deployment");
        var reference = new ObjectReference("apps/v1", "Deployment", deployment.Metadata.Namespace, deployment.Metadata.Name);
        SsaValue[] scale = [SsaValue.ParseJson("{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}")];
        await cluster.JsonPatchAsync(reference, scale, "kubectl-edit", cancellationToken).ConfigureAwait(false);
        await context.ReportAsync($"kubectl-edit patches {deployment.Subject} spec.replicas to 4").ConfigureAwait(false);

        foreach (var result in await manager.DiffAllAsync(staging, options, cancellationToken).ConfigureAwait(false))
        {
            if (result.Entry.Action != ChangeSetAction.Configured)
            {
                continue;
            }

            var explanation = DriftExplainer.Explain(result);
            await context.ReportAsync($"► {result.Entry.Subject} {result.Entry.ActionText}").ConfigureAwait(false);
            foreach (var line in explanation.UnifiedDiff.Split('\n').Where(l => l.Length > 1 && l[0] is '-' or '+' && !l.StartsWith("---", StringComparison.Ordinal) && !l.StartsWith("+++", StringComparison.Ordinal)))
            {
                await context.ReportAsync("  " + line).ConfigureAwait(false);
            }

            foreach (var owner in explanation.Owners.Where(o => o.Managers.Count > 0))
            {
                await context.ReportAsync($"  {owner.Path} owned by {string.Join(", ", owner.Managers)}").ConfigureAwait(false);
            }
        }

        var again = await manager.ApplyAllStagedAsync(staging, options, cancellationToken).ConfigureAwait(false);
        await ReportAsync(context, again, skipUnchanged: true).ConfigureAwait(false);

        var production = await manager.ApplyAllStagedAsync(Objects(context, "overlays/production", "podinfo-production"), options, cancellationToken).ConfigureAwait(false);
        await ReportAsync(context, production).ConfigureAwait(false);
        var stale = ResourceInventory.Stale(inventory, ResourceInventory.FromChangeSet(production));
        var pruned = await manager.DeleteAllAsync(
            stale.Select(e => new ObjectReference(e.ApiVersion, e.Metadata.Kind, e.Metadata.Namespace, e.Metadata.Name)),
            DeleteOptions.ForKustomization(InventoryName, InventoryNamespace),
            cancellationToken).ConfigureAwait(false);
        await ReportAsync(context, pruned).ConfigureAwait(false);
    }

    private static List<SsaValue> Objects(DemoContext context, string overlay, string ns)
    {
        if (!context.BuildResults.TryGetValue(overlay, out var built))
        {
            throw new InvalidOperationException($"{overlay} has not been built yet");
        }

        var nsObject = SsaValue.ParseYaml($"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n")!;
        var labels = FluxMetadata.OwnerLabels(InventoryName, InventoryNamespace);
        return built.ToSsaValues().Where(o => o.IsMap).Prepend(nsObject)
            .Select(o => ClusterDiffApplyCommands.WithLabels(ObjectNormalizer.Normalize(o), labels)).ToList();
    }

    private static async Task ReportAsync(DemoContext context, ChangeSet changeSet, bool skipUnchanged = false)
    {
        foreach (var entry in changeSet.Entries.Where(e => !skipUnchanged || e.Action != ChangeSetAction.Unchanged))
        {
            await context.ReportAsync($"► {entry.Subject} {entry.ActionText}").ConfigureAwait(false);
        }
    }
}
