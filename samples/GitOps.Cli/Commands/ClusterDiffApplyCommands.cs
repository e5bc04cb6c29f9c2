using System.CommandLine;
using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Clusters;
using GitOps.Kubernetes.Drift;
using GitOps.Kubernetes.Inventory;
using GitOps.Ssa.Values;

namespace GitOps.Cli.Commands;

/// <summary>
/// <c>gitops diff DIR</c> and <c>gitops apply DIR</c>: builds DIR with kustomize and diffs or applies the objects with Flux's
/// resource manager against a cluster (<c>--live DIR</c>: a folder of live YAML loaded into the offline cluster).
/// Exit codes of diff: 0 no drift, 1 drift, 2 or more an error.
/// </summary>
internal static class ClusterDiffApplyCommands
{
    private const int Error = 2;
    private const string InventoryKey = "inventory";

    public static Command CreateDiff()
    {
        var (dir, live, kubeconfig, context) = CommonOptions();
        var command = new Command("diff", "Build DIR with kustomize and print what an apply would change, as flux diff does (exit 0 no drift, 1 drift, 2 error).")
        {
            dir, live, kubeconfig, context,
        };
        var build = new ClusterBuildOptions();
        build.AddTo(command);
        var diffInventory = new Option<string?>("--inventory") { Description = "The inventory ConfigMap NS/NAME of the last apply: its objects that left DIR are printed as deleted, as flux diff does when pruning." };
        command.Options.Add(diffInventory);
        command.SetAction((parseResult, cancellationToken) => Guard(parseResult, async output =>
        {
            var cluster = await OpenAsync(parseResult.GetValue(live), parseResult.GetValue(kubeconfig), parseResult.GetValue(context), cancellationToken).ConfigureAwait(false);
            using var owned = cluster as IDisposable;
            var objects = await build.BuildAsync(parseResult, parseResult.GetValue(dir)!, cancellationToken).ConfigureAwait(false);
            var manager = new ResourceManager(cluster);
            var drift = false;
            var results = await manager.DiffAllAsync(objects, ApplyOptions.ForKustomization(), cancellationToken).ConfigureAwait(false);
            foreach (var result in results)
            {
                if (result.Entry.Action == ChangeSetAction.Unchanged)
                {
                    continue;
                }

                drift |= result.Entry.Action is ChangeSetAction.Created or ChangeSetAction.Configured;
                await output.WriteLineAsync($"► {result.Entry.Subject} {result.Entry.ActionText}").ConfigureAwait(false);
                if (result.Entry.Action == ChangeSetAction.Configured)
                {
                    var explanation = DriftExplainer.Explain(result);
                    await output.WriteAsync(explanation.UnifiedDiff).ConfigureAwait(false);
                    foreach (var owner in explanation.Owners.Where(o => o.Managers.Count > 0))
                    {
                        await output.WriteLineAsync($"  {owner.Path} owned by {string.Join(", ", owner.Managers)}").ConfigureAwait(false);
                    }
                }
            }

            // flux2 internal/build/diff.go: stale inventory objects print as deleted, in Flux's order, and do not make the exit code 1.
            if (ParseInventory(parseResult.GetValue(diffInventory)) is { } inv
                && await ReadInventoryAsync(cluster, inv, cancellationToken).ConfigureAwait(false) is { } previous)
            {
                foreach (var stale in ResourceInventory.Stale(previous, ResourceInventory.FromChangeSet(new ChangeSet(results.Select(r => r.Entry)))))
                {
                    await output.WriteLineAsync($"► {stale.Metadata.Subject} deleted").ConfigureAwait(false);
                }
            }

            return drift ? 1 : 0;
        }));
        return command;
    }

    public static Command CreateApply()
    {
        var (dir, live, kubeconfig, context) = CommonOptions();
        var inventory = new Option<string?>("--inventory") { Description = "Keep the inventory in the ConfigMap NS/NAME (and label the objects as owned by it)." };
        var prune = new Option<bool>("--prune") { Description = "Delete the objects of the previous inventory that left DIR (needs --inventory)." };
        var wait = new Option<bool>("--wait") { Description = "Wait until the applied objects are ready (kstatus), at most --timeout." };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "How long --wait waits.", DefaultValueFactory = _ => TimeSpan.FromMinutes(5) };
        var command = new Command("apply", "Build DIR with kustomize and apply it as kustomize-controller does: staged server-side apply, inventory, prune, wait.")
        {
            dir, live, kubeconfig, context, inventory, prune, wait, timeout,
        };
        var build = new ClusterBuildOptions();
        build.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => Guard(parseResult, async output =>
        {
            var livePath = parseResult.GetValue(live);
            var owner = ParseInventory(parseResult.GetValue(inventory));
            if (parseResult.GetValue(prune) && owner is null)
            {
                throw new ArgumentException("--prune needs --inventory NS/NAME");
            }

            var cluster = await OpenAsync(livePath, parseResult.GetValue(kubeconfig), parseResult.GetValue(context), cancellationToken).ConfigureAwait(false);
            using var owned = cluster as IDisposable;
            var objects = await build.BuildAsync(parseResult, parseResult.GetValue(dir)!, cancellationToken).ConfigureAwait(false);
            if (owner is { } o)
            {
                objects = objects.Select(obj => WithLabels(obj, FluxMetadata.OwnerLabels(o.Name, o.Namespace))).ToList();
            }

            var manager = new ResourceManager(cluster);
            var changeSet = await manager.ApplyAllStagedAsync(objects, ApplyOptions.ForKustomization(), cancellationToken).ConfigureAwait(false);
            foreach (var entry in changeSet.Entries)
            {
                await output.WriteLineAsync($"► {entry.Subject} {entry.ActionText}").ConfigureAwait(false);
            }

            var pruneFailed = false;
            if (owner is { } inv)
            {
                var current = ResourceInventory.FromChangeSet(changeSet);
                var previous = await ReadInventoryAsync(cluster, inv, cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(prune) && previous is not null)
                {
                    var stale = ResourceInventory.Stale(previous, current);
                    ChangeSet deleted;
                    try
                    {
                        deleted = await manager.DeleteAllAsync(stale.Select(e => new ObjectReference(e.ApiVersion, e.Metadata.Kind, e.Metadata.Namespace, e.Metadata.Name)), DeleteOptions.ForKustomization(inv.Name, inv.Namespace), cancellationToken).ConfigureAwait(false);
                    }
                    catch (ResourceManagerException ex) when (ex.PartialChangeSet is not null)
                    {
                        deleted = ex.PartialChangeSet;
                        pruneFailed = true;
                        await parseResult.InvocationConfiguration.Error.WriteLineAsync("error: " + ex.Message.ReplaceLineEndings(" ")).ConfigureAwait(false);
                    }

                    foreach (var entry in deleted.Entries)
                    {
                        await output.WriteLineAsync($"► {entry.Subject} {entry.ActionText}").ConfigureAwait(false);
                    }

                    // Deletions the cluster did not confirm stay in the inventory for the next run (kustomize-controller v1.9).
                    current = current.Merge(stale.Where(s => deleted.Entries.Any(d => d.Metadata.ToString() == s.Id && d.Action == ChangeSetAction.Unknown)));
                }

                await WriteInventoryAsync(cluster, manager, inv, current, cancellationToken).ConfigureAwait(false);
            }

            // A failed prune fails the reconciliation (kustomize-controller returns before the health checks): the applied
            // objects and the inventory with the survivors are kept, the exit code is the one of the other apply failures.
            if (pruneFailed)
            {
                await SaveLiveAsync(cluster, livePath, cancellationToken).ConfigureAwait(false);
                return Error;
            }

            if (parseResult.GetValue(wait))
            {
                var refs = changeSet.Entries.Where(e => e.Action != ChangeSetAction.Skipped)
                    .Select(e => new ObjectReference(e.Metadata.Group.Length == 0 ? e.Version : e.Metadata.Group + "/" + e.Version, e.Metadata.Kind, e.Metadata.Namespace, e.Metadata.Name));
                var waitOptions = new WaitOptions { Interval = TimeSpan.FromSeconds(2), Timeout = parseResult.GetValue(timeout), FailFast = true };
                waitOptions.JobsWithTtl.UnionWith(WaitOptions.ExtractJobsWithTtl(objects));
                await manager.WaitAsync(refs, waitOptions, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync("◎ all objects are ready").ConfigureAwait(false);
            }

            await SaveLiveAsync(cluster, livePath, cancellationToken).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static (Argument<string> Dir, Option<string?> Live, Option<string?> Kubeconfig, Option<string?> Context) CommonOptions() =>
    (
        new Argument<string>("DIR") { Description = "The kustomization directory to build." },
        new Option<string?>("--live") { Description = "A folder of live YAML (objects with managedFields) standing for the cluster; apply writes it back." },
        new Option<string?>("--kubeconfig") { Description = "A kubeconfig file of the cluster." },
        new Option<string?>("--context") { Description = "The kubeconfig context (default: its current context)." }
    );

    private static async Task<IClusterClient> OpenAsync(string? live, string? kubeconfig, string? context, CancellationToken cancellationToken)
    {
        if ((live is null) == (kubeconfig is null))
        {
            throw new ArgumentException("give exactly one of --live DIR and --kubeconfig FILE");
        }

        if (kubeconfig is not null)
        {
            // The live cluster (a real API server); the kubeconfig's credentials never reach the output.
            return await LiveCluster.FromKubeconfigFileAsync(kubeconfig, context, null, cancellationToken).ConfigureAwait(false);
        }

        if (context is not null)
        {
            throw new ArgumentException("--context needs --kubeconfig FILE");
        }

        var cluster = new OfflineCluster();
        if (Directory.Exists(live))
        {
            await cluster.LoadDirectoryAsync(live!, cancellationToken).ConfigureAwait(false);
        }

        return cluster;
    }

    private static (string Namespace, string Name)? ParseInventory(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var parts = value.Split('/');
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0
            ? (parts[0], parts[1])
            : throw new ArgumentException($"--inventory must be NS/NAME, not \"{value}\"");
    }

    internal static SsaValue WithLabels(SsaValue obj, IReadOnlyDictionary<string, string> labels)
    {
        var metadata = obj.AsMap.TryGetValue("metadata", out var m) && m.IsMap ? m : SsaValue.EmptyMap;
        var existing = metadata.AsMap.TryGetValue("labels", out var l) && l.IsMap ? l.AsMap.Entries.ToList() : [];
        foreach (var (k, v) in labels)
        {
            existing.RemoveAll(e => e.Key == k);
            existing.Add(new(k, SsaValue.FromString(v)));
        }

        var newMetadata = SsaValue.FromMap(metadata.AsMap.Entries.Where(e => e.Key != "labels").Append(new("labels", SsaValue.FromMap(existing))));
        return SsaValue.FromMap(obj.AsMap.Entries.Select(e => e.Key == "metadata" ? new KeyValuePair<string, SsaValue>("metadata", newMetadata) : e));
    }

    private static async Task<ResourceInventory?> ReadInventoryAsync(IClusterClient cluster, (string Namespace, string Name) inv, CancellationToken cancellationToken)
    {
        var cm = await cluster.GetAsync(new ObjectReference("v1", "ConfigMap", inv.Namespace, inv.Name), cancellationToken).ConfigureAwait(false);
        return cm is not null && cm.AsMap.TryGetValue("data", out var data) && data.IsMap && data.AsMap.TryGetValue(InventoryKey, out var text) && text.Kind == SsaValueKind.String
            ? ResourceInventory.FromValue(SsaValue.ParseJson(text.AsString))
            : null;
    }

    private static async Task WriteInventoryAsync(IClusterClient cluster, ResourceManager manager, (string Namespace, string Name) inv, ResourceInventory inventory, CancellationToken cancellationToken)
    {
        var cm = SsaValue.ParseYaml($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {inv.Name}\n  namespace: {inv.Namespace}\n")!;
        cm = SsaValue.FromMap(cm.AsMap.Entries.Append(new("data", SsaValue.FromMap([new(InventoryKey, SsaValue.FromString(inventory.ToValue().ToJson()))]))));
        await cluster.ApplyAsync(cm, new ApplyRequest(manager.FieldManager, Force: true, DryRun: false), cancellationToken).ConfigureAwait(false);
    }

    private static async Task SaveLiveAsync(IClusterClient cluster, string? livePath, CancellationToken cancellationToken)
    {
        if (livePath is not null && cluster is OfflineCluster offline)
        {
            await offline.SaveDirectoryAsync(livePath, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task<int> Guard(ParseResult parseResult, Func<TextWriter, Task<int>> body) =>
        CommandRunner.RunAsync(parseResult, async output =>
        {
            try
            {
                return await body(output).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is GitOpsException or IOException or ArgumentException or NotSupportedException or FormatException or UnauthorizedAccessException)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync("error: " + ex.Message.ReplaceLineEndings(" ")).ConfigureAwait(false);
                return Error;
            }
        });

}
