using System.Text;
using System.Text.RegularExpressions;
using GitOps.Kubernetes.Apply.Internal;
using GitOps.Kubernetes.Clusters;
using GitOps.Kubernetes.Health;
using GitOps.Kubernetes.Objects;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Apply;

/// <summary>
/// Flux's server-side apply resource manager (<c>fluxcd/pkg ssa</c>) over any <see cref="IClusterClient"/>: a dry-run apply first,
/// drift = dry-run result against the live object (labels and annotations apart, the rest without metadata and status),
/// unchanged objects never written, staged applies in Flux's kind order, recreate on immutable-field errors when forced,
/// managedFields cleanup, drift ignore rules, deletes in reverse order, and kstatus waits.
/// </summary>
public sealed partial class ResourceManager
{
    private readonly IClusterClient _cluster;
    private readonly ResourceManagerOptions _options;

    /// <summary>Creates a resource manager.</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="options">Options; defaults when null.</param>
    public ResourceManager(IClusterClient cluster, ResourceManagerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _cluster = cluster;
        _options = options ?? new ResourceManagerOptions();
        _options.Validate();
    }

    /// <summary>The field manager applies are sent with.</summary>
    public string FieldManager => _options.FieldManager;

    /// <summary>What an apply of one object would do, with the live and merged objects when it drifted (<c>manager_diff.go Diff</c>).</summary>
    /// <param name="obj">The desired object.</param>
    /// <param name="options">Selectors, force and ignore rules; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ResourceManagerException">The dry-run failed.</exception>
    public async Task<DiffResult> DiffAsync(SsaValue obj, ApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        options ??= new ApplyOptions();
        var (live, _) = await GetLiveAsync(obj, cancellationToken).ConfigureAwait(false);
        if (ShouldSkip(obj, live, options))
        {
            return new DiffResult(Entry(live ?? obj, ChangeSetAction.Skipped), null, null, live);
        }

        SsaValue dryRun;
        try
        {
            dryRun = await DryRunAsync(obj, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException ex)
        {
            if (ShouldForce(obj, live, options, ex))
            {
                return new DiffResult(Entry(obj, ChangeSetAction.Created), null, null, live);
            }

            throw DryRunError(obj, ex);
        }

        if (string.IsNullOrEmpty(Obj.GetString(dryRun, "metadata", "resourceVersion")))
        {
            return new DiffResult(Entry(dryRun, ChangeSetAction.Created), null, null, live);
        }

        if (!DriftCheck.HasDrifted(live, dryRun, options.DriftIgnoreRules.AsReadOnly()))
        {
            return new DiffResult(Entry(dryRun, ChangeSetAction.Unchanged), null, null, live);
        }

        var paths = DriftCheck.IgnoredPaths(dryRun, options.DriftIgnoreRules.AsReadOnly());
        var shownLive = DriftCheck.RemovePaths(Obj.WithPath(live!, ["metadata", "managedFields"], null), paths);
        var shownMerged = DriftCheck.RemovePaths(Obj.WithPath(dryRun, ["metadata", "managedFields"], null), paths);
        if (Obj.GetString(dryRun, "apiVersion") == "v1" && Obj.GetString(dryRun, "kind") == "Secret")
        {
            (shownLive, shownMerged) = SecretMask.Mask(shownLive, shownMerged);
        }

        return new DiffResult(Entry(obj, ChangeSetAction.Configured), shownLive, shownMerged, live);
    }

    /// <summary>Diffs objects in Flux's apply order, <see cref="ResourceManagerOptions.Concurrency"/> at a time.</summary>
    /// <param name="objects">The desired objects.</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The results in apply order.</returns>
    /// <exception cref="ResourceManagerException">A dry-run failed.</exception>
    public async Task<IReadOnlyList<DiffResult>> DiffAllAsync(IEnumerable<SsaValue> objects, ApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        var sorted = ReconcileOrder.Sort(objects);
        var results = new DiffResult[sorted.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, sorted.Count), Parallelism(cancellationToken), async (i, ct) =>
            results[i] = await DiffAsync(sorted[i], options, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    /// <summary>Applies one object if it drifted or does not exist (<c>manager_apply.go Apply</c>).</summary>
    /// <param name="obj">The desired object.</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ResourceManagerException">The dry-run, cleanup or apply failed.</exception>
    public async Task<ChangeSetEntry> ApplyAsync(SsaValue obj, ApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        var set = await ApplyAllAsync([obj], options, cancellationToken).ConfigureAwait(false);
        return set.Entries[0];
    }

    /// <summary>
    /// Dry-runs all objects (<see cref="ResourceManagerOptions.Concurrency"/> at a time), then applies the drifted ones one by one
    /// in Flux's kind order (<c>manager_apply.go ApplyAll</c>). A dry-run failure fails the call before anything is applied.
    /// </summary>
    /// <param name="objects">The desired objects.</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The change set in apply order.</returns>
    /// <exception cref="ResourceManagerException">A dry-run, cleanup or apply failed.</exception>
    public async Task<ChangeSet> ApplyAllAsync(IEnumerable<SsaValue> objects, ApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ApplyOptions();
        options.Validate();
        var sorted = ReconcileOrder.Sort(objects);
        var plans = new Plan[sorted.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, sorted.Count), Parallelism(cancellationToken), async (i, ct) =>
            plans[i] = await PlanAsync(sorted[i], options, ct).ConfigureAwait(false)).ConfigureAwait(false);

        foreach (var plan in plans.Where(p => p.Payload is not null))
        {
            try
            {
                await _cluster.ApplyAsync(plan.Payload!, new ApplyRequest(_options.FieldManager, Force: true, DryRun: false), cancellationToken).ConfigureAwait(false);
            }
            catch (ClusterException ex)
            {
                throw new ResourceManagerException($"{plan.Entry.Subject} apply failed: {ex.Message}", ex);
            }
        }

        return new ChangeSet(plans.Select(p => p.Entry));
    }

    /// <summary>
    /// Applies in Flux's stages (<c>manager_apply.go ApplyAllStaged</c>): CRDs, Namespaces and ClusterRoles, then a wait; <c>*Class</c>
    /// kinds, then a wait; the custom stage kinds; everything else.
    /// </summary>
    /// <param name="objects">The desired objects.</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The change set of all stages.</returns>
    /// <exception cref="ResourceManagerException">A stage failed; <see cref="ResourceManagerException.PartialChangeSet"/> holds the earlier stages.</exception>
    public async Task<ChangeSet> ApplyAllStagedAsync(IEnumerable<SsaValue> objects, ApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ApplyOptions();
        var stages = objects.GroupBy(o => ReconcileOrder.StageOf(o, options.CustomStageKinds)).ToDictionary(g => g.Key, g => g.ToList());
        var changeSet = new ChangeSet();
        foreach (var stage in new[] { ApplyStage.ClusterDefinitions, ApplyStage.ClassDefinitions, ApplyStage.CustomStage, ApplyStage.Resources })
        {
            if (!stages.TryGetValue(stage, out var list) && stage != ApplyStage.Resources)
            {
                continue;
            }

            try
            {
                var cs = await ApplyAllAsync(list ?? [], options, cancellationToken).ConfigureAwait(false);
                changeSet.Append(cs.Entries);
                if (stage is ApplyStage.ClusterDefinitions or ApplyStage.ClassDefinitions)
                {
                    var refs = cs.Entries.Select(e => new ObjectReference(ApiVersionOf(e, list!), e.Metadata.Kind, e.Metadata.Namespace, e.Metadata.Name));
                    await WaitAsync(refs, new WaitOptions { Interval = options.WaitInterval, Timeout = options.WaitTimeout }, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (ResourceManagerException ex) when (ex.PartialChangeSet is null)
            {
                throw new ResourceManagerException(ex.Message, ex.InnerException ?? ex) { PartialChangeSet = changeSet };
            }
        }

        return changeSet;
    }

    /// <summary>
    /// Deletes objects in the reverse of Flux's order (<c>manager_delete.go DeleteAll</c>): gone → deleted; live labels not matching
    /// <see cref="DeleteOptions.Inclusions"/> or matching <see cref="DeleteOptions.Exclusions"/> → skipped.
    /// </summary>
    /// <param name="objects">The objects to delete.</param>
    /// <param name="options">Options; defaults (delete everything) when null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The change set.</returns>
    /// <exception cref="ResourceManagerException"><c>delete failed, errors: …;</c>, with the change set (failed entries <c>unknown</c>).</exception>
    public async Task<ChangeSet> DeleteAllAsync(IEnumerable<ObjectReference> objects, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objects);
        options ??= new DeleteOptions();
        var list = objects.ToList();
        var order = ReconcileOrder.Sort(list.Select(o => o.Metadata)).Reverse().ToList();
        var byMeta = list.GroupBy(o => o.Metadata).ToDictionary(g => g.Key, g => g.First());
        var changeSet = new ChangeSet();
        var errors = new StringBuilder();
        foreach (var meta in order)
        {
            var reference = byMeta[meta];
            var version = ObjectMetadata.SplitApiVersion(reference.ApiVersion).Version;
            try
            {
                var live = await _cluster.GetAsync(reference, cancellationToken).ConfigureAwait(false);
                ChangeSetAction action;
                if (live is null)
                {
                    action = ChangeSetAction.Deleted;
                }
                else if (!MetadataMatch.AllLabels(live, options.Inclusions) || MetadataMatch.Any(live, options.Exclusions))
                {
                    action = ChangeSetAction.Skipped;
                }
                else
                {
                    await _cluster.DeleteAsync(reference, cancellationToken).ConfigureAwait(false);
                    action = ChangeSetAction.Deleted;
                }

                changeSet.Add(new ChangeSetEntry(meta, version, action));
            }
            catch (ClusterException ex)
            {
                changeSet.Add(new ChangeSetEntry(meta, version, ChangeSetAction.Unknown));
                errors.Append(meta.Subject).Append(" delete failed: ").Append(ex.Message).Append(';');
            }
        }

        if (errors.Length > 0)
        {
            throw new ResourceManagerException("delete failed, errors: " + errors) { PartialChangeSet = changeSet };
        }

        return changeSet;
    }

    /// <summary>
    /// Polls objects until all are Current (<c>manager_wait.go WaitForSet</c>); stops early when only Current and Failed remain, or at the
    /// first Failed with <see cref="WaitOptions.FailFast"/>.
    /// </summary>
    /// <param name="objects">The objects.</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The last status of each object.</returns>
    /// <exception cref="ResourceManagerException"><c>timeout waiting for: [...]</c> or <c>failed early due to stalled resources: [...]</c>.</exception>
    public async Task<IReadOnlyDictionary<ObjectReference, HealthResult>> WaitAsync(IEnumerable<ObjectReference> objects, WaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objects);
        options ??= new WaitOptions();
        options.Validate();
        var list = objects.Distinct().ToList();
        var time = _options.TimeProvider;
        var deadline = time.GetUtcNow() + options.Timeout;
        var last = new Dictionary<ObjectReference, HealthResult>();
        while (true)
        {
            foreach (var reference in list)
            {
                var live = await _cluster.GetAsync(reference, cancellationToken).ConfigureAwait(false);
                last[reference] = live is null
                    ? options.JobsWithTtl.Contains(reference.Metadata) ? new(HealthStatus.Current, "Job deleted after completion (TTL)") : new(HealthStatus.NotFound, "Resource not found")
                    : StatusComputer.Compute(live);
            }

            var statuses = last.Values.Select(r => r.Status).ToList();
            var failed = statuses.Count(s => s == HealthStatus.Failed);
            if (statuses.TrueForAll(s => s == HealthStatus.Current))
            {
                return last;
            }

            if ((options.FailFast && failed > 0) || statuses.TrueForAll(s => s is HealthStatus.Current or HealthStatus.Failed))
            {
                throw WaitError("failed early due to stalled resources", last.Where(kv => kv.Value.Status == HealthStatus.Failed));
            }

            if (time.GetUtcNow() + options.Interval > deadline)
            {
                throw WaitError("timeout waiting for", last.Where(kv => kv.Value.Status != HealthStatus.Current));
            }

            await Task.Delay(options.Interval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ResourceManagerException WaitError(string prefix, IEnumerable<KeyValuePair<ObjectReference, HealthResult>> entries) =>
        new($"{prefix}: [{string.Join(", ", entries.Select(kv => $"{kv.Key.Subject} status: '{kv.Value.Status}'"))}]");

    private sealed record Plan(ChangeSetEntry Entry, SsaValue? Payload);

    private async Task<Plan> PlanAsync(SsaValue obj, ApplyOptions options, CancellationToken cancellationToken)
    {
        var (live, exists) = await GetLiveAsync(obj, cancellationToken).ConfigureAwait(false);
        if (ShouldSkip(obj, live, options))
        {
            return new Plan(Entry(live ?? obj, ChangeSetAction.Skipped), null);
        }

        SsaValue dryRun;
        try
        {
            dryRun = await DryRunAsync(obj, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException ex) when (exists && ShouldForce(obj, live, options, ex))
        {
            await RecreateAsync(obj, live!, options, cancellationToken).ConfigureAwait(false);
            live = null;
            try
            {
                dryRun = await DryRunAsync(obj, cancellationToken).ConfigureAwait(false);
            }
            catch (ClusterException again)
            {
                throw DryRunError(obj, again);
            }
        }
        catch (ClusterException ex)
        {
            throw DryRunError(obj, ex);
        }

        var patched = false;
        var cleanup = MetadataCleanup.Build(obj, live, options, _options.FieldManager);
        if (cleanup.Count > 0)
        {
            try
            {
                live = await _cluster.JsonPatchAsync(ObjectReference.From(live!), cleanup, _options.FieldManager, cancellationToken).ConfigureAwait(false);
                patched = true;
            }
            catch (ClusterException ex)
            {
                throw new ResourceManagerException($"{ObjectMetadata.From(live!).Subject} metadata.managedFields cleanup failed: {ex.Message}", ex);
            }
        }

        var rules = options.DriftIgnoreRules.AsReadOnly();
        if (!patched && !DriftCheck.HasDrifted(live, dryRun, rules))
        {
            return new Plan(Entry(dryRun, ChangeSetAction.Unchanged), null);
        }

        var created = string.IsNullOrEmpty(Obj.GetString(dryRun, "metadata", "resourceVersion"));
        var payload = obj;
        if (!created && rules.Count > 0 && live is not null)
        {
            payload = DriftCheck.ApplyDriftedPaths(payload, DriftCheck.DriftedPaths(live, dryRun, rules, _options.FieldManager));
        }

        return new Plan(Entry(dryRun, created ? ChangeSetAction.Created : ChangeSetAction.Configured), payload);
    }

    private async Task RecreateAsync(SsaValue obj, SsaValue live, ApplyOptions options, CancellationToken cancellationToken)
    {
        var reference = ObjectReference.From(live);
        var subject = ObjectMetadata.From(obj).Subject;
        try
        {
            await _cluster.DeleteAsync(reference, cancellationToken).ConfigureAwait(false);
            var deadline = _options.TimeProvider.GetUtcNow() + options.WaitTimeout;
            while (await _cluster.GetAsync(reference, cancellationToken).ConfigureAwait(false) is not null)
            {
                if (_options.TimeProvider.GetUtcNow() > deadline)
                {
                    throw new ResourceManagerException($"{subject} immutable field detected, failed to wait for object to be deleted: timeout");
                }

                await Task.Delay(options.WaitInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ClusterException ex)
        {
            throw new ResourceManagerException($"{subject} immutable field detected, failed to delete object: {ex.Message}", ex);
        }
    }

    private async Task<(SsaValue? Live, bool Exists)> GetLiveAsync(SsaValue obj, CancellationToken cancellationToken)
    {
        // As Flux: a failed read counts as "not there"; the dry-run reports what is wrong.
        try
        {
            var live = await _cluster.GetAsync(ObjectReference.From(obj), cancellationToken).ConfigureAwait(false);
            return (live, live is not null);
        }
        catch (ClusterException ex) when (!ex.IsNotFound)
        {
            return (null, true);
        }
        catch (ClusterException)
        {
            return (null, false);
        }
    }

    private Task<SsaValue> DryRunAsync(SsaValue obj, CancellationToken cancellationToken) =>
        _cluster.ApplyAsync(obj, new ApplyRequest(_options.FieldManager, Force: true, DryRun: true), cancellationToken);

    private static bool ShouldSkip(SsaValue desired, SsaValue? live, ApplyOptions options) =>
        MetadataMatch.Any(desired, options.ExclusionSelector) || MetadataMatch.Any(live, options.ExclusionSelector)
        || (!string.IsNullOrEmpty(Obj.GetString(live, "metadata", "uid")) && MetadataMatch.Any(desired, options.IfNotPresentSelector));

    private static bool ShouldForce(SsaValue desired, SsaValue? live, ApplyOptions options, ClusterException error) =>
        IsImmutableError(error) && (options.Force || MetadataMatch.Any(desired, options.ForceSelector) || MetadataMatch.Any(live, options.ForceSelector));

    /// <summary>Flux's <c>IsImmutableError</c>: any Conflict or Invalid, or a message saying a field is immutable (CEL rules, webhooks).</summary>
    /// <param name="error">The error.</param>
    /// <returns>True when a recreate may fix it.</returns>
    public static bool IsImmutableError(ClusterException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.IsConflict || error.IsInvalid || ImmutableMessage().IsMatch(error.Message);
    }

    [GeneratedRegex(@"is\simmutable|immutable\sfield", RegexOptions.CultureInvariant)]
    private static partial Regex ImmutableMessage();

    private static ResourceManagerException DryRunError(SsaValue obj, ClusterException ex) =>
        ResourceManagerException.DryRun(ObjectMetadata.From(obj).Subject, Obj.GetString(obj, "metadata", "namespace") ?? string.Empty, ex);

    private static ChangeSetEntry Entry(SsaValue obj, ChangeSetAction action) =>
        new(ObjectMetadata.From(obj), ObjectMetadata.SplitApiVersion(Obj.GetString(obj, "apiVersion") ?? string.Empty).Version, action);

    private static string ApiVersionOf(ChangeSetEntry entry, List<SsaValue> objects) =>
        objects.Select(o => Obj.GetString(o, "apiVersion") ?? string.Empty).FirstOrDefault(a => ObjectMetadata.SplitApiVersion(a).Group == entry.Metadata.Group && ObjectMetadata.SplitApiVersion(a).Version == entry.Version)
        ?? (entry.Metadata.Group.Length == 0 ? entry.Version : entry.Metadata.Group + "/" + entry.Version);

    private ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken };
}
