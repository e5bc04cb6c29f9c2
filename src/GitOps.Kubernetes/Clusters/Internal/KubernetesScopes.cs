namespace GitOps.Kubernetes.Clusters.Internal;

/// <summary>The scope and resource names of built-in kinds (as a v1.36 API server's discovery reports them).</summary>
internal static class KubernetesScopes
{
    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal)
    {
        "/Namespace", "/Node", "/PersistentVolume", "/ComponentStatus",
        "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
        "apiextensions.k8s.io/CustomResourceDefinition", "apiregistration.k8s.io/APIService",
        "storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "storage.k8s.io/CSINode", "storage.k8s.io/VolumeAttachment",
        "storage.k8s.io/VolumeAttributesClass", "networking.k8s.io/IngressClass", "networking.k8s.io/IPAddress", "networking.k8s.io/ServiceCIDR",
        "scheduling.k8s.io/PriorityClass", "node.k8s.io/RuntimeClass",
        "admissionregistration.k8s.io/MutatingWebhookConfiguration", "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/ValidatingAdmissionPolicy", "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
        "admissionregistration.k8s.io/MutatingAdmissionPolicy", "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
        "certificates.k8s.io/CertificateSigningRequest", "certificates.k8s.io/ClusterTrustBundle",
        "flowcontrol.apiserver.k8s.io/FlowSchema", "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
        "resource.k8s.io/DeviceClass", "resource.k8s.io/ResourceSlice",
        "snapshot.storage.k8s.io/VolumeSnapshotClass", "gateway.networking.k8s.io/GatewayClass",
    };

    public static bool IsClusterScoped(string group, string kind) => ClusterScoped.Contains(group + "/" + kind);

    /// <summary>The plural resource name the API server uses for a kind (lower case, English plural rules of its RESTMapper).</summary>
    public static string Resource(string kind)
    {
        var lower = kind.ToLowerInvariant();
        if (lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith("ch", StringComparison.Ordinal) || lower.EndsWith("sh", StringComparison.Ordinal))
        {
            return lower + "es";
        }

        if (lower.EndsWith('y') && lower.Length > 1 && !"aeiou".Contains(lower[^2], StringComparison.Ordinal))
        {
            return lower[..^1] + "ies";
        }

        return lower + "s";
    }
}
