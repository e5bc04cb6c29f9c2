using System.Collections.Concurrent;

namespace GitOps.Kustomize.Internal;

/// <summary>Group, version and kind; whether the kind is known to be cluster-scoped is decided once.</summary>
internal readonly struct Gvk
{
    public Gvk(string group, string version, string kind, bool clusterScoped)
    {
        Group = group;
        Version = version;
        Kind = kind;
        IsClusterScoped = clusterScoped;
    }

    public string Group { get; }

    public string Version { get; }

    public string Kind { get; }

    public bool IsClusterScoped { get; }

    public string ApiVersion => Group.Length > 0 ? Group + "/" + Version : Version;

    /// <summary>A gvk as kustomize makes it from an object: cluster scope looked up in the built-in table.</summary>
    public static Gvk FromApiVersion(string apiVersion, string kind)
    {
        var (g, v) = SplitApiVersion(apiVersion);
        return new Gvk(g, v, kind, ClusterScope.IsCertainlyClusterScoped(apiVersion, kind));
    }

    public static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var i = apiVersion.IndexOf('/', StringComparison.Ordinal);
        if (i < 0)
        {
            return (string.Empty, apiVersion);
        }

        // A build asks for the gvk of every object many times over and uses a handful of apiVersions: split
        // each one once instead of allocating two substrings per call.
        if (SplitCache.TryGetValue(apiVersion, out var split))
        {
            return split;
        }

        split = (apiVersion[..i], apiVersion[(i + 1)..]);
        if (SplitCache.Count < MaxCachedApiVersions)
        {
            SplitCache.TryAdd(apiVersion, split);
        }

        return split;
    }

    private const int MaxCachedApiVersions = 1024;

    private static readonly ConcurrentDictionary<string, (string Group, string Version)> SplitCache = new(StringComparer.Ordinal);

    public bool SameAs(Gvk o) => Group == o.Group && Version == o.Version && Kind == o.Kind;

    /// <summary>Whether this gvk matches a selector whose empty fields match anything.</summary>
    public bool IsSelected(string? group, string? version, string? kind) =>
        (string.IsNullOrEmpty(group) || Group == group)
        && (string.IsNullOrEmpty(version) || Version == version)
        && (string.IsNullOrEmpty(kind) || Kind == kind);

    public override string ToString() =>
        $"{(Kind.Length == 0 ? "[noKind]" : Kind)}.{(Version.Length == 0 ? "[noVer]" : Version)}.{(Group.Length == 0 ? "[noGrp]" : Group)}";

    /// <summary>The gvk part of a legacy sort key.</summary>
    public string StableSortString() =>
        $"{(Group.Length == 0 ? "~G" : Group)}_{(Version.Length == 0 ? "~V" : Version)}_{(Kind.Length == 0 ? "~K" : Kind)}";
}

/// <summary>A resource's identity: gvk, name and namespace.</summary>
internal readonly struct ResId
{
    public const string NotNamespaceable = "_non_namespaceable_";
    public const string DefaultNamespace = "default";

    public ResId(Gvk gvk, string name, string ns)
    {
        Gvk = gvk;
        Name = name;
        Namespace = ns;
    }

    public Gvk Gvk { get; }

    public string Name { get; }

    public string Namespace { get; }

    public bool IsClusterScoped => Gvk.IsClusterScoped;

    public string EffectiveNamespace =>
        IsClusterScoped ? NotNamespaceable : (Namespace.Length == 0 || Namespace == DefaultNamespace ? DefaultNamespace : Namespace);

    public bool IsNsEquals(ResId o) => EffectiveNamespace == o.EffectiveNamespace;

    public bool GvknEquals(ResId o) => Gvk.SameAs(o.Gvk) && Name == o.Name;

    public bool SameAs(ResId o) => IsNsEquals(o) && GvknEquals(o);

    public override string ToString() =>
        $"{Gvk}/{(Name.Length == 0 ? "[noName]" : Name)}.{(Namespace.Length == 0 ? "[noNs]" : Namespace)}";
}

/// <summary>Kinds the built-in Kubernetes schema knows to be cluster-scoped (by exact apiVersion and kind).</summary>
internal static class ClusterScope
{
    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal)
    {
        "admissionregistration.k8s.io/v1 MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration",
        "apiextensions.k8s.io/v1 CustomResourceDefinition",
        "apiextensions.k8s.io/v1beta1 CustomResourceDefinition",
        "apiregistration.k8s.io/v1 APIService",
        "apiregistration.k8s.io/v1beta1 APIService",
        "certificates.k8s.io/v1 CertificateSigningRequest",
        "certificates.k8s.io/v1beta1 CertificateSigningRequest",
        "flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema",
        "flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration",
        "networking.k8s.io/v1 IngressClass",
        "networking.k8s.io/v1beta1 IngressClass",
        "node.k8s.io/v1 RuntimeClass",
        "node.k8s.io/v1beta1 RuntimeClass",
        "policy/v1beta1 PodSecurityPolicy",
        "rbac.authorization.k8s.io/v1 ClusterRole",
        "rbac.authorization.k8s.io/v1 ClusterRoleBinding",
        "rbac.authorization.k8s.io/v1beta1 ClusterRole",
        "rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding",
        "scheduling.k8s.io/v1 PriorityClass",
        "scheduling.k8s.io/v1beta1 PriorityClass",
        "storage.k8s.io/v1 CSIDriver",
        "storage.k8s.io/v1 CSINode",
        "storage.k8s.io/v1 StorageClass",
        "storage.k8s.io/v1 VolumeAttachment",
        "storage.k8s.io/v1beta1 CSIDriver",
        "storage.k8s.io/v1beta1 CSINode",
        "storage.k8s.io/v1beta1 StorageClass",
        "storage.k8s.io/v1beta1 VolumeAttachment",
        "v1 ComponentStatus",
        "v1 Namespace",
        "v1 Node",
        "v1 NodeProxyOptions",
        "v1 PersistentVolume",
        "authentication.k8s.io/v1 TokenReview",
        "authentication.k8s.io/v1beta1 TokenReview",
        "authorization.k8s.io/v1 SelfSubjectAccessReview",
        "authorization.k8s.io/v1 SelfSubjectRulesReview",
        "authorization.k8s.io/v1 SubjectAccessReview",
        "authorization.k8s.io/v1beta1 SelfSubjectAccessReview",
        "authorization.k8s.io/v1beta1 SelfSubjectRulesReview",
        "authorization.k8s.io/v1beta1 SubjectAccessReview",
    };

    // The same table by kind, so that the question for a namespaced kind (nearly every object) allocates nothing.
    private static readonly Dictionary<string, string[]> ApiVersionsByKind = ClusterScoped
        .GroupBy(e => e[(e.IndexOf(' ', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(e => e[..e.IndexOf(' ', StringComparison.Ordinal)]).ToArray(), StringComparer.Ordinal);

    public static bool IsCertainlyClusterScoped(string apiVersion, string kind) =>
        ApiVersionsByKind.TryGetValue(kind, out var apiVersions) && Array.IndexOf(apiVersions, apiVersion) >= 0;
}
