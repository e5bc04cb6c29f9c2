namespace GitOps.Kubernetes.Apply;

/// <summary>
/// The labels and annotations kustomize-controller reads on objects, and the values it compares
/// case-insensitively (<c>kustomize-controller api/v1/kustomization_types.go</c>).
/// </summary>
public static class FluxMetadata
{
    /// <summary>The group that prefixes kustomize-controller's keys.</summary>
    public const string Group = "kustomize.toolkit.fluxcd.io";

    /// <summary><c>kustomize.toolkit.fluxcd.io/ssa</c>: <see cref="Override"/> (default), <see cref="Merge"/>, <see cref="IfNotPresent"/>, <see cref="Ignore"/>.</summary>
    public const string SsaKey = Group + "/ssa";

    /// <summary><c>kustomize.toolkit.fluxcd.io/force</c>: <see cref="Enabled"/> recreates the object on immutable-field errors.</summary>
    public const string ForceKey = Group + "/force";

    /// <summary><c>kustomize.toolkit.fluxcd.io/prune</c>: <see cref="Disabled"/> keeps the object when it leaves the inventory.</summary>
    public const string PruneKey = Group + "/prune";

    /// <summary><c>kustomize.toolkit.fluxcd.io/reconcile</c>: <see cref="Disabled"/> leaves the object alone in apply and prune.</summary>
    public const string ReconcileKey = Group + "/reconcile";

    /// <summary>The owner label holding the Kustomization's name.</summary>
    public const string NameLabel = Group + "/name";

    /// <summary>The owner label holding the Kustomization's namespace.</summary>
    public const string NamespaceLabel = Group + "/namespace";

    /// <summary>The default <c>ssa</c> policy: fields set with <c>kubectl</c> are taken over.</summary>
    public const string Override = "Override";

    /// <summary>The <c>ssa</c> policy that keeps other managers' fields (no managedFields cleanup).</summary>
    public const string Merge = "Merge";

    /// <summary>The <c>ssa</c> policy that only creates (skipped once the object exists).</summary>
    public const string IfNotPresent = "IfNotPresent";

    /// <summary>The <c>ssa</c> policy that never applies nor prunes.</summary>
    public const string Ignore = "Ignore";

    /// <summary>The value of <c>force</c> that turns it on.</summary>
    public const string Enabled = "Enabled";

    /// <summary>The value of <c>prune</c> and <c>reconcile</c> that turns them off.</summary>
    public const string Disabled = "Disabled";

    /// <summary>The field manager kustomize-controller applies with.</summary>
    public const string FieldManager = "kustomize-controller";

    /// <summary>The owner labels of a Kustomization (<c>SetOwnerLabels</c>): <c>&lt;group&gt;/name</c> and <c>&lt;group&gt;/namespace</c>.</summary>
    /// <param name="name">The owner's name.</param>
    /// <param name="ns">The owner's namespace.</param>
    /// <param name="group">The label group; default <see cref="Group"/>.</param>
    /// <returns>The labels.</returns>
    public static IReadOnlyDictionary<string, string> OwnerLabels(string name, string ns, string group = Group)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentException.ThrowIfNullOrEmpty(group);
        return new Dictionary<string, string>(StringComparer.Ordinal) { [group + "/name"] = name, [group + "/namespace"] = ns };
    }
}
