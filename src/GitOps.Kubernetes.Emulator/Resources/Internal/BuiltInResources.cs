namespace GitOps.Kubernetes.Emulator.Resources.Internal;

/// <summary>
/// The REST resources kube-apiserver 1.36.2 serves with full CRUD (read off its /openapi/v3 paths): group
/// version, plural, kind, scope (N namespaced, C cluster), served subresources, short names.
/// </summary>
internal static class BuiltInResources
{
    private static readonly string[] Table =
    [
        "v1 configmaps ConfigMap N - cm",
        "v1 endpoints Endpoints N - ep",
        "v1 events Event N - ev",
        "v1 limitranges LimitRange N - limits",
        "v1 namespaces Namespace C status ns",
        "v1 nodes Node C status no",
        "v1 persistentvolumeclaims PersistentVolumeClaim N status pvc",
        "v1 persistentvolumes PersistentVolume C status pv",
        "v1 pods Pod N ephemeralcontainers,resize,status po",
        "v1 podtemplates PodTemplate N - -",
        "v1 replicationcontrollers ReplicationController N scale,status rc",
        "v1 resourcequotas ResourceQuota N status quota",
        "v1 secrets Secret N - -",
        "v1 serviceaccounts ServiceAccount N - sa",
        "v1 services Service N status svc",
        "admissionregistration.k8s.io/v1 mutatingadmissionpolicies MutatingAdmissionPolicy C - -",
        "admissionregistration.k8s.io/v1 mutatingadmissionpolicybindings MutatingAdmissionPolicyBinding C - -",
        "admissionregistration.k8s.io/v1 mutatingwebhookconfigurations MutatingWebhookConfiguration C - -",
        "admissionregistration.k8s.io/v1 validatingadmissionpolicies ValidatingAdmissionPolicy C status -",
        "admissionregistration.k8s.io/v1 validatingadmissionpolicybindings ValidatingAdmissionPolicyBinding C - -",
        "admissionregistration.k8s.io/v1 validatingwebhookconfigurations ValidatingWebhookConfiguration C - -",
        "apiextensions.k8s.io/v1 customresourcedefinitions CustomResourceDefinition C status crd,crds",
        "apiregistration.k8s.io/v1 apiservices APIService C status -",
        "apps/v1 controllerrevisions ControllerRevision N - -",
        "apps/v1 daemonsets DaemonSet N status ds",
        "apps/v1 deployments Deployment N scale,status deploy",
        "apps/v1 replicasets ReplicaSet N scale,status rs",
        "apps/v1 statefulsets StatefulSet N scale,status sts",
        "autoscaling/v1 horizontalpodautoscalers HorizontalPodAutoscaler N status hpa",
        "autoscaling/v2 horizontalpodautoscalers HorizontalPodAutoscaler N status hpa",
        "batch/v1 cronjobs CronJob N status cj",
        "batch/v1 jobs Job N status -",
        "certificates.k8s.io/v1 certificatesigningrequests CertificateSigningRequest C status csr",
        "coordination.k8s.io/v1 leases Lease N - -",
        "discovery.k8s.io/v1 endpointslices EndpointSlice N - -",
        "events.k8s.io/v1 events Event N - -",
        "flowcontrol.apiserver.k8s.io/v1 flowschemas FlowSchema C status -",
        "flowcontrol.apiserver.k8s.io/v1 prioritylevelconfigurations PriorityLevelConfiguration C status -",
        "networking.k8s.io/v1 ingressclasses IngressClass C - -",
        "networking.k8s.io/v1 ingresses Ingress N status ing",
        "networking.k8s.io/v1 ipaddresses IPAddress C - -",
        "networking.k8s.io/v1 networkpolicies NetworkPolicy N - netpol",
        "networking.k8s.io/v1 servicecidrs ServiceCIDR C status -",
        "node.k8s.io/v1 runtimeclasses RuntimeClass C - -",
        "policy/v1 poddisruptionbudgets PodDisruptionBudget N status pdb",
        "rbac.authorization.k8s.io/v1 clusterrolebindings ClusterRoleBinding C - -",
        "rbac.authorization.k8s.io/v1 clusterroles ClusterRole C - -",
        "rbac.authorization.k8s.io/v1 rolebindings RoleBinding N - -",
        "rbac.authorization.k8s.io/v1 roles Role N - -",
        "resource.k8s.io/v1 deviceclasses DeviceClass C - -",
        "resource.k8s.io/v1 resourceclaims ResourceClaim N status -",
        "resource.k8s.io/v1 resourceclaimtemplates ResourceClaimTemplate N - -",
        "resource.k8s.io/v1 resourceslices ResourceSlice C - -",
        "scheduling.k8s.io/v1 priorityclasses PriorityClass C - pc",
        "storage.k8s.io/v1 csidrivers CSIDriver C - -",
        "storage.k8s.io/v1 csinodes CSINode C - -",
        "storage.k8s.io/v1 csistoragecapacities CSIStorageCapacity N - -",
        "storage.k8s.io/v1 storageclasses StorageClass C - sc",
        "storage.k8s.io/v1 volumeattachments VolumeAttachment C status -",
        "storage.k8s.io/v1 volumeattributesclasses VolumeAttributesClass C - -",
    ];

    // After Table: static initializers run in textual order.
    public static IReadOnlyList<KubernetesResourceType> All { get; } = Parse();

    private static List<KubernetesResourceType> Parse()
    {
        var list = new List<KubernetesResourceType>(Table.Length);
        foreach (var line in Table)
        {
            var parts = line.Split(' ');
            var slash = parts[0].IndexOf('/', StringComparison.Ordinal);
            var group = slash < 0 ? string.Empty : parts[0][..slash];
            var version = slash < 0 ? parts[0] : parts[0][(slash + 1)..];
            list.Add(new KubernetesResourceType(group, version, parts[2], parts[1], parts[3] == "N", Split(parts[4]), Split(parts[5])));
        }

        return list;
    }

    private static string[] Split(string value) => value == "-" ? [] : value.Split(',');
}
