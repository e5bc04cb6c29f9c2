using GitOps.Ssa.ManagedFields;

namespace GitOps.Kubernetes.Apply;

/// <summary>Options of <see cref="ResourceManager"/> applies (<c>fluxcd/pkg ssa/manager_apply.go ApplyOptions</c>).</summary>
public sealed class ApplyOptions
{
    /// <summary>Recreate objects whose apply fails on an immutable field. Default false.</summary>
    public bool Force { get; set; }

    /// <summary>Labels/annotations (any one matching, values case-insensitive) that turn <see cref="Force"/> on per object. Default none.</summary>
    public IDictionary<string, string> ForceSelector { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Labels/annotations on the desired or live object that skip it. Default none.</summary>
    public IDictionary<string, string> ExclusionSelector { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Labels/annotations on the desired object that skip it once it exists. Default none.</summary>
    public IDictionary<string, string> IfNotPresentSelector { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Poll interval of the waits between stages. Default 2 s.</summary>
    public TimeSpan WaitInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Timeout of the waits between stages. Default 60 s.</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Annotations removed from live objects before apply. Default none.</summary>
    public IList<string> CleanupAnnotations { get; } = [];

    /// <summary>Labels removed from live objects before apply. Default none.</summary>
    public IList<string> CleanupLabels { get; } = [];

    /// <summary>Managers whose managedFields entries are merged into the applier's. Default none.</summary>
    public IList<FieldManagerMatch> CleanupFieldManagers { get; } = [];

    /// <summary>Labels/annotations that exclude an object from the cleanup. Default none.</summary>
    public IDictionary<string, string> CleanupExclusions { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Kinds (<c>group/Kind</c>, or <c>Kind</c> for the core group) applied in their own stage before the rest. Default none.</summary>
    public ISet<string> CustomStageKinds { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Drift ignore rules honoured in the drift check and the apply payload. Default none.</summary>
    public IList<DriftIgnoreRule> DriftIgnoreRules { get; } = [];

    /// <summary>
    /// The options kustomize-controller v1.9 passes: the <c>ssa</c>, <c>force</c> and <c>reconcile</c> annotations, the
    /// cleanup of <c>kubectl</c> (Apply and Update), <c>before-first-apply</c> and its own Update entries, plus each override manager.
    /// </summary>
    /// <param name="force">The Kustomization's <c>spec.force</c>.</param>
    /// <param name="overrideManagers">The <c>--override-manager</c> names.</param>
    /// <returns>The options.</returns>
    public static ApplyOptions ForKustomization(bool force = false, IEnumerable<string>? overrideManagers = null)
    {
        var o = new ApplyOptions { Force = force };
        o.ExclusionSelector[FluxMetadata.ReconcileKey] = FluxMetadata.Disabled;
        o.ExclusionSelector[FluxMetadata.SsaKey] = FluxMetadata.Ignore;
        o.IfNotPresentSelector[FluxMetadata.SsaKey] = FluxMetadata.IfNotPresent;
        o.ForceSelector[FluxMetadata.ForceKey] = FluxMetadata.Enabled;
        o.CleanupAnnotations.Add("kubectl.kubernetes.io/last-applied-configuration");
        o.CleanupAnnotations.Add(FluxMetadata.Group + "/checksum");
        o.CleanupAnnotations.Add("fluxcd.io/sync-checksum");
        o.CleanupLabels.Add("fluxcd.io/sync-gc-mark");
        o.CleanupFieldManagers.Add(new FieldManagerMatch("kubectl", ManagedFieldsOperation.Apply));
        o.CleanupFieldManagers.Add(new FieldManagerMatch("kubectl", ManagedFieldsOperation.Update));
        o.CleanupFieldManagers.Add(new FieldManagerMatch("before-first-apply", ManagedFieldsOperation.Update));
        o.CleanupFieldManagers.Add(new FieldManagerMatch(FluxMetadata.FieldManager, ManagedFieldsOperation.Update));
        foreach (var m in overrideManagers ?? [])
        {
            o.CleanupFieldManagers.Add(new FieldManagerMatch(m, ManagedFieldsOperation.Apply));
            o.CleanupFieldManagers.Add(new FieldManagerMatch(m, ManagedFieldsOperation.Update));
        }

        o.CleanupExclusions[FluxMetadata.SsaKey] = FluxMetadata.Merge;
        return o;
    }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A wait interval or timeout is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WaitInterval, TimeSpan.Zero, nameof(WaitInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WaitTimeout, TimeSpan.Zero, nameof(WaitTimeout));
    }
}

/// <summary>Options of <see cref="ResourceManager.DeleteAllAsync"/> (<c>fluxcd/pkg ssa/manager_delete.go DeleteOptions</c>).</summary>
public sealed class DeleteOptions
{
    /// <summary>Labels the live object must all carry to be deleted (the owner labels when pruning). Default none (all objects).</summary>
    public IDictionary<string, string> Inclusions { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Labels/annotations that keep an object. Default none.</summary>
    public IDictionary<string, string> Exclusions { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The options kustomize-controller prunes with: owner labels required; <c>prune: disabled</c>, <c>reconcile: disabled</c> and <c>ssa: Ignore</c> kept.</summary>
    /// <param name="ownerName">The owner's name.</param>
    /// <param name="ownerNamespace">The owner's namespace.</param>
    /// <returns>The options.</returns>
    public static DeleteOptions ForKustomization(string ownerName, string ownerNamespace)
    {
        var o = new DeleteOptions();
        foreach (var (k, v) in FluxMetadata.OwnerLabels(ownerName, ownerNamespace))
        {
            o.Inclusions[k] = v;
        }

        o.Exclusions[FluxMetadata.PruneKey] = FluxMetadata.Disabled;
        o.Exclusions[FluxMetadata.ReconcileKey] = FluxMetadata.Disabled;
        o.Exclusions[FluxMetadata.SsaKey] = FluxMetadata.Ignore;
        return o;
    }
}
