using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.ManagedFields;
using GitOps.Ssa.ManagedFields.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.ApiServer.Internal;

/// <summary>
/// What kube-apiserver does to a decoded, defaulted and merged object before it is stored: mutating
/// admission (on create), the REST strategy's PrepareForCreate/PrepareForUpdate, then validation
/// (throws <see cref="KubernetesStatusException"/>).
/// </summary>
internal static class ApiServerPipeline
{
    private static readonly HashSet<string> OwnStrategies = new(StringComparer.Ordinal)
    {
        "apps/Deployment", "/Service", "apiextensions.k8s.io/CustomResourceDefinition", "autoscaling/HorizontalPodAutoscaler",
    };

    public static IEnumerable<SsaValue> NoObjects(string apiVersion, string kind, string? ns) => [];

    public static SsaValue Finish(
        string apiVersion,
        string kind,
        string? subresource,
        SsaValue? live,
        SsaValue obj,
        bool customResource,
        ServiceClusterIPAllocator allocator,
        Func<string, string, string?, IEnumerable<SsaValue>>? lookup,
        DateTimeOffset now,
        KubernetesUserInfo? user = null)
    {
        var group = GroupOf(apiVersion);
        if (!customResource && live is null)
        {
            obj = Admission.AdmitCreate(group, kind, obj, lookup ?? NoObjects, clusterKnown: lookup is not null);
        }
        else if (!customResource)
        {
            obj = Admission.AdmitUpdate(group, kind, subresource, obj);
        }

        obj = KubernetesDefaults.Prepare(apiVersion, kind, subresource, live, obj, customResource, allocator);
        if (!customResource && !OwnStrategies.Contains(group + "/" + kind))
        {
            obj = Strategies.Prepare(group, kind, subresource, live, obj, now, user ?? KubernetesUserInfo.Admin);
        }

        if (!customResource)
        {
            Validation.ObjectValidation.Validate(group, kind, subresource, live, obj);
        }

        return obj;
    }

    /// <summary>
    /// Whether kube-apiserver stores a newly created object of this kind without defaults that every read adds
    /// back (a PersistentVolumeClaim's <c>status.phase</c>). Its first write after the create, even one that
    /// reads the same as the live object, then changes what etcd holds and so the resourceVersion; a store
    /// that keeps objects as read tracks that pending write with this.
    /// </summary>
    public static bool FirstWriteChangesStorage(string group, string kind) => Strategies.StoresUndefaultedStatusOnCreate(group, kind);

    /// <summary>
    /// The fields a write cannot own (the strategy's GetResetFields): the spec and labels through
    /// <c>status</c>, the status through the main resource; a CertificateSigningRequest's spec is the
    /// server's own too (it records the requester there), so applying one leaves no managedFields entry.
    /// </summary>
    public static FieldSet? ResetFields(string kind, string? subresource, bool hasStatus) => (kind, subresource) switch
    {
        (_, "status") => FieldSet.Of(FieldPath.OfFields("spec"), FieldPath.OfFields("metadata", "labels")),
        ("CertificateSigningRequest", null) => FieldSet.Of(FieldPath.OfFields("spec"), FieldPath.OfFields("status")),
        (_, null) when hasStatus => FieldSet.Of(FieldPath.OfFields("status")),
        _ => null,
    };

    /// <summary>The server's 500 for an applied configuration its typed patch cannot hold (duplicate keys, wrong types).</summary>
    public static KubernetesStatusException TypedPatchFailure(Exception error, string apiVersion, string kind, string? ns, string? name)
    {
        var gvk = (apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion : "/" + apiVersion) + ", Kind=" + kind;
        return new KubernetesStatusException(500, string.Empty, $"failed to create typed patch object ({ns}/{name}; {gvk}): {error.Message}");
    }

    public static string GroupOf(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : apiVersion[..slash];
    }
}
