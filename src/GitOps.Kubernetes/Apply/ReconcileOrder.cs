using GitOps.Kubernetes.Objects;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Apply;

/// <summary>The stage of <see cref="ResourceManager.ApplyAllStagedAsync"/> an object belongs to (<c>fluxcd/pkg ssa/manager_apply.go ApplyAllStaged</c>).</summary>
public enum ApplyStage
{
    /// <summary>CustomResourceDefinitions, Namespaces and ClusterRoles; applied first, then waited for.</summary>
    ClusterDefinitions,

    /// <summary>Kinds ending in <c>Class</c> (StorageClass, IngressClass, ...); applied next, then waited for.</summary>
    ClassDefinitions,

    /// <summary>Kinds listed in <see cref="ApplyOptions.CustomStageKinds"/>; applied next, without a wait.</summary>
    CustomStage,

    /// <summary>Everything else, applied last.</summary>
    Resources,
}

/// <summary>Flux's kind order (<c>fluxcd/pkg ssa/sort.go ReconcileOrder</c>) and apply stages (<c>ssa/utils/is.go</c>).</summary>
public static class ReconcileOrder
{
    /// <summary>Kinds applied first, in this order.</summary>
    public static IReadOnlyList<string> First { get; } =
    [
        "CustomResourceDefinition", "Namespace", "ClusterRole", "ClusterClass", "RuntimeClass", "PriorityClass",
        "StorageClass", "VolumeSnapshotClass", "IngressClass", "GatewayClass", "ClusterRoleBinding", "ResourceQuota",
        "ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Secret", "Service", "LimitRange", "Deployment",
        "StatefulSet", "CronJob", "PodDisruptionBudget",
    ];

    /// <summary>Kinds applied last, in this order.</summary>
    public static IReadOnlyList<string> Last { get; } = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

    private static readonly Dictionary<string, int> Index = BuildIndex();

    /// <summary>Flux's order of two identities: kind index (unlisted kinds in the middle), then group, kind, namespace, name (ordinal).</summary>
    /// <param name="x">The first.</param>
    /// <param name="y">The second.</param>
    /// <returns>Negative, zero or positive.</returns>
    public static int Compare(ObjectMetadata x, ObjectMetadata y)
    {
        if (x.Group != y.Group || x.Kind != y.Kind)
        {
            var ix = Index.GetValueOrDefault(x.Kind);
            var iy = Index.GetValueOrDefault(y.Kind);
            if (ix != iy)
            {
                return ix.CompareTo(iy);
            }

            var c = string.CompareOrdinal(x.Group, y.Group);
            return c != 0 ? c : string.CompareOrdinal(x.Kind, y.Kind);
        }

        var n = string.CompareOrdinal(x.Namespace, y.Namespace);
        return n != 0 ? n : string.CompareOrdinal(x.Name, y.Name);
    }

    /// <summary>Objects sorted in apply order (a stable sort).</summary>
    /// <param name="objects">The objects.</param>
    /// <returns>A sorted copy.</returns>
    public static IReadOnlyList<SsaValue> Sort(IEnumerable<SsaValue> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return objects.Select(o => (Object: o, Meta: ObjectMetadata.From(o)))
            .OrderBy(p => p.Meta, Comparer<ObjectMetadata>.Create(Compare))
            .Select(p => p.Object).ToList();
    }

    /// <summary>Identities sorted in apply order; <see cref="ResourceManager.DeleteAllAsync"/> uses the reverse.</summary>
    /// <param name="objects">The identities.</param>
    /// <returns>A sorted copy.</returns>
    public static IReadOnlyList<ObjectMetadata> Sort(IEnumerable<ObjectMetadata> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return objects.OrderBy(o => o, Comparer<ObjectMetadata>.Create(Compare)).ToList();
    }

    /// <summary>The stage an object is applied in.</summary>
    /// <param name="obj">The object.</param>
    /// <param name="customStageKinds">Group/kind pairs of the custom stage (<c>group/Kind</c>, or <c>Kind</c> for the core group); may be null.</param>
    /// <returns>The stage.</returns>
    public static ApplyStage StageOf(SsaValue obj, IEnumerable<string>? customStageKinds = null)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var apiVersion = Obj.GetString(obj, "apiVersion") ?? string.Empty;
        var kind = Obj.GetString(obj, "kind") ?? string.Empty;
        var lower = kind.ToLowerInvariant();
        if ((lower == "customresourcedefinition" && apiVersion.StartsWith("apiextensions.k8s.io/", StringComparison.Ordinal))
            || (lower == "namespace" && apiVersion == "v1")
            || (lower == "clusterrole" && apiVersion.StartsWith("rbac.authorization.k8s.io/", StringComparison.Ordinal)))
        {
            return ApplyStage.ClusterDefinitions;
        }

        if (kind.EndsWith("Class", StringComparison.Ordinal))
        {
            return ApplyStage.ClassDefinitions;
        }

        if (customStageKinds is not null)
        {
            var (group, _) = ObjectMetadata.SplitApiVersion(apiVersion);
            var gk = group.Length == 0 ? kind : group + "/" + kind;
            if (customStageKinds.Contains(gk, StringComparer.Ordinal))
            {
                return ApplyStage.CustomStage;
            }
        }

        return ApplyStage.Resources;
    }

    private static Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < First.Count; i++)
        {
            index[First[i]] = -First.Count + i;
        }

        for (var i = 0; i < Last.Count; i++)
        {
            index[Last[i]] = 1 + i;
        }

        return index;
    }
}
