using System.Security.Cryptography;
using GitOps.Ssa.Values;
using static GitOps.Ssa.ApiServer.Internal.Edit;

namespace GitOps.Ssa.ApiServer.Internal;

/// <summary>
/// The mutating admission plugins of a stock kube-apiserver that change what is stored on create, in
/// the server's order: LimitRanger, ServiceAccount, TaintNodesByCondition, Priority,
/// DefaultTolerationSeconds, DefaultStorageClass, StorageObjectInUseProtection, RuntimeClass.
/// Plugins that read other objects list them through a lookup (apiVersion, kind, namespace).
/// </summary>
internal static class Admission
{
    private const string TokenMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
    private const string RandomAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private static readonly string[] TolerationKeys = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

    private static readonly SsaValue NotReadyTaint = SsaValue.ParseJson("""{"effect":"NoSchedule","key":"node.kubernetes.io/not-ready"}""");

    // The priority classes kube-apiserver creates for itself at start-up.
    private static readonly SsaValue[] SystemPriorityClasses =
    [
        SsaValue.ParseJson("""{"metadata":{"name":"system-node-critical"},"value":2000001000,"preemptionPolicy":"PreemptLowerPriority"}"""),
        SsaValue.ParseJson("""{"metadata":{"name":"system-cluster-critical"},"value":2000000000,"preemptionPolicy":"PreemptLowerPriority"}"""),
    ];

    /// <param name="group">The object's API group.</param>
    /// <param name="kind">The object's kind.</param>
    /// <param name="obj">The object to admit.</param>
    /// <param name="lookup">Lists the cluster's objects of a kind (apiVersion, kind, namespace).</param>
    /// <param name="clusterKnown">Whether <paramref name="lookup"/> sees the whole cluster, so that a missing object is really missing.</param>
    public static SsaValue AdmitCreate(string group, string kind, SsaValue obj, Func<string, string, string?, IEnumerable<SsaValue>> lookup, bool clusterKnown = false)
    {
        var ns = Str(Get(obj, "metadata"), "namespace");
        switch (group + "/" + kind)
        {
            case "/Pod":
                obj = LimitRanger(obj, lookup("v1", "LimitRange", ns));
                obj = ServiceAccount(obj, clusterKnown ? lookup("v1", "ServiceAccount", ns) : null, ns);
                obj = Priority(obj, lookup("scheduling.k8s.io/v1", "PriorityClass", null));
                obj = DefaultTolerationSeconds(obj);
                return RuntimeClass(obj, lookup("node.k8s.io/v1", "RuntimeClass", null));
            case "/Node":
                return Map(Struct(obj, "spec"), "spec", spec =>
                {
                    var taints = Get(spec, "taints") is { IsList: true } t ? t.AsList : [];
                    return taints.Any(x => Str(x, "key") == "node.kubernetes.io/not-ready" && Str(x, "effect") == "NoSchedule")
                        ? spec
                        : With(spec, "taints", SsaValue.FromList([.. taints, NotReadyTaint]));
                });
            case "/PersistentVolumeClaim":
                return Finalizer(DefaultStorageClass(obj, lookup("storage.k8s.io/v1", "StorageClass", null)), "kubernetes.io/pvc-protection");
            case "networking.k8s.io/Ingress":
                return DefaultIngressClass(obj, lookup("networking.k8s.io/v1", "IngressClass", null));
            case "/PersistentVolume":
                return Finalizer(obj, "kubernetes.io/pv-protection");
            case "storage.k8s.io/VolumeAttributesClass":
                return Finalizer(obj, "kubernetes.io/vac-protection");
            default:
                return obj;
        }
    }

    /// <summary>The mutating plugins that also admit updates of the main resource: DefaultTolerationSeconds.</summary>
    public static SsaValue AdmitUpdate(string group, string kind, string? subresource, SsaValue obj) =>
        subresource is null && group.Length == 0 && kind == "Pod" ? DefaultTolerationSeconds(obj) : obj;

    private static SsaValue Finalizer(SsaValue obj, string finalizer) => Map(obj, "metadata", m =>
    {
        var list = Get(m, "finalizers") is { IsList: true } f ? f.AsList : [];
        return list.Any(x => x.ToString() == finalizer) ? m : With(m, "finalizers", SsaValue.FromList([.. list, SsaValue.FromString(finalizer)]));
    });

    // LimitRanger: container default limits and requests of the namespace's LimitRanges, with the annotation naming them.
    private static SsaValue LimitRanger(SsaValue pod, IEnumerable<SsaValue> limitRanges)
    {
        var notes = new List<string>();
        foreach (var item in limitRanges.SelectMany(lr => Get(Get(lr, "spec"), "limits")?.AsList ?? []).Where(i => Str(i, "type") == "Container"))
        {
            var defaults = Get(item, "default");
            var defaultRequests = Get(item, "defaultRequest");
            pod = Map(pod, "spec", spec => Items(Items(spec, "initContainers", c => Merge(c, "init container")), "containers", c => Merge(c, "container")));

            SsaValue Merge(SsaValue container, string prefix)
            {
                var name = Str(container, "name");
                var resources = Get(container, "resources") is { IsMap: true } r ? r : SsaValue.EmptyMap;
                var (limits, setLimits) = Fill(Get(resources, "limits"), defaults);
                var (requests, setRequests) = Fill(Get(resources, "requests"), defaultRequests);
                if (setRequests.Count > 0)
                {
                    notes.Add($"{string.Join(", ", setRequests.Order(StringComparer.Ordinal))} request for {prefix} {name}");
                }

                if (setLimits.Count > 0)
                {
                    notes.Add($"{string.Join(", ", setLimits.Order(StringComparer.Ordinal))} limit for {prefix} {name}");
                }

                if (limits is not null)
                {
                    resources = With(resources, "limits", limits);
                }

                if (requests is not null)
                {
                    resources = With(resources, "requests", requests);
                }

                return With(container, "resources", resources);
            }
        }

        return notes.Count == 0
            ? pod
            : Map(pod, "metadata", m => With(m, "annotations", With(Get(m, "annotations") is { IsMap: true } a ? a : SsaValue.EmptyMap, "kubernetes.io/limit-ranger", SsaValue.FromString("LimitRanger plugin set: " + string.Join("; ", notes)))));
    }

    private static (SsaValue? Values, List<string> Set) Fill(SsaValue? values, SsaValue? defaults)
    {
        var set = new List<string>();
        if (defaults is not { IsMap: true } || defaults.AsMap.Count == 0)
        {
            return (values, set);
        }

        var result = values is { IsMap: true } ? values : SsaValue.EmptyMap;
        foreach (var (name, value) in defaults.AsMap.Entries)
        {
            if (Get(result, name) is null)
            {
                result = With(result, name, value);
                set.Add(name);
            }
        }

        return (result, set);
    }

    // ServiceAccount: the default account (which must exist), its image pull secrets, and the projected
    // kube-api-access token volume mounted in every container unless the pod or the account opts out.
    private static SsaValue ServiceAccount(SsaValue pod, IEnumerable<SsaValue>? accounts, string? ns) => Map(pod, "spec", spec =>
    {
        spec = DefaultString(spec, "serviceAccountName", "default");
        spec = With(spec, "serviceAccount", Get(spec, "serviceAccountName")!);
        SsaValue? account = null;
        if (accounts is not null)
        {
            var accountName = Str(spec, "serviceAccountName")!;
            account = accounts.FirstOrDefault(a => Str(Get(a, "metadata"), "name") == accountName)
                ?? throw new KubernetesStatusException(403, "Forbidden", $"pods \"{Str(Get(pod, "metadata"), "name")}\" is forbidden: error looking up service account {ns}/{accountName}: serviceaccount \"{accountName}\" not found", kind: "pods", name: Str(Get(pod, "metadata"), "name"));
            if (Get(spec, "imagePullSecrets") is not { IsList: true, AsList.Count: > 0 } && Get(account, "imagePullSecrets") is { IsList: true, AsList.Count: > 0 } secrets)
            {
                spec = With(spec, "imagePullSecrets", SsaValue.FromList(secrets.AsList.Select(s => SsaValue.FromMap([new("name", Get(s, "name") ?? SsaValue.FromString(string.Empty))])).ToList()));
            }
        }

        var automount = Get(spec, "automountServiceAccountToken") ?? Get(account, "automountServiceAccountToken");
        if (automount is { Kind: SsaValueKind.Boolean, AsBoolean: false })
        {
            return spec;
        }

        var volumes = Get(spec, "volumes") is { IsList: true } v ? v.AsList : [];
        var name = "kube-api-access-" + new string(RandomNumberGenerator.GetItems(RandomAlphabet.AsSpan(), 5));
        spec = With(spec, "volumes", SsaValue.FromList([.. volumes, TokenVolume(name)]));
        var mount = SsaValue.FromMap([new("mountPath", SsaValue.FromString(TokenMountPath)), new("name", SsaValue.FromString(name)), new("readOnly", SsaValue.True)]);
        SsaValue Mount(SsaValue c)
        {
            var mounts = Get(c, "volumeMounts") is { IsList: true } m ? m.AsList : [];
            return mounts.Any(x => Str(x, "mountPath") == TokenMountPath) ? c : With(c, "volumeMounts", SsaValue.FromList([.. mounts, mount]));
        }

        return Items(Items(spec, "initContainers", Mount), "containers", Mount);
    });

    private static SsaValue TokenVolume(string name) => SsaValue.FromMap(
    [
        new("name", SsaValue.FromString(name)),
        new("projected", SsaValue.ParseJson("""
            {"defaultMode":420,"sources":[
              {"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
              {"configMap":{"items":[{"key":"ca.crt","path":"ca.crt"}],"name":"kube-root-ca.crt"}},
              {"downwardAPI":{"items":[{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"},"path":"namespace"}]}}]}
            """)),
    ]);

    // Priority: the value and preemption policy of the pod's PriorityClass (or the global default, or 0).
    private static SsaValue Priority(SsaValue pod, IEnumerable<SsaValue> classes) => Map(pod, "spec", spec =>
    {
        var className = Str(spec, "priorityClassName");
        var pc = string.IsNullOrEmpty(className)
            ? classes.FirstOrDefault(c => Get(c, "globalDefault") is { Kind: SsaValueKind.Boolean, AsBoolean: true })
            : classes.Concat(SystemPriorityClasses).FirstOrDefault(c => Str(Get(c, "metadata"), "name") == className);
        if (pc is not null && string.IsNullOrEmpty(className))
        {
            spec = With(spec, "priorityClassName", Get(Get(pc, "metadata"), "name")!);
        }

        spec = Default(spec, "priority", Get(pc, "value") is { Kind: SsaValueKind.Integer } value ? value.AsInteger : 0);
        return Default(spec, "preemptionPolicy", Str(pc, "preemptionPolicy") ?? "PreemptLowerPriority");
    });

    // DefaultTolerationSeconds: tolerate not-ready and unreachable nodes for 300 s unless already tolerated.
    private static SsaValue DefaultTolerationSeconds(SsaValue pod) => Map(pod, "spec", spec =>
    {
        var tolerations = Get(spec, "tolerations") is { IsList: true } t ? t.AsList.ToList() : [];
        foreach (var key in TolerationKeys)
        {
            if (!tolerations.Any(x => Str(x, "key") == key && Str(x, "effect") is null or "" or "NoExecute"))
            {
                tolerations.Add(SsaValue.FromMap(
                [
                    new("effect", SsaValue.FromString("NoExecute")),
                    new("key", SsaValue.FromString(key)),
                    new("operator", SsaValue.FromString("Exists")),
                    new("tolerationSeconds", SsaValue.FromInt64(300)),
                ]));
            }
        }

        return With(spec, "tolerations", SsaValue.FromList(tolerations));
    });

    // RuntimeClass: the pod overhead and scheduling of its RuntimeClass.
    private static SsaValue RuntimeClass(SsaValue pod, IEnumerable<SsaValue> classes) => Map(pod, "spec", spec =>
    {
        var name = Str(spec, "runtimeClassName");
        var rc = string.IsNullOrEmpty(name) ? null : classes.FirstOrDefault(c => Str(Get(c, "metadata"), "name") == name);
        if (rc is null)
        {
            return spec;
        }

        if (Get(Get(rc, "overhead"), "podFixed") is { IsMap: true } podFixed)
        {
            spec = Default(spec, "overhead", podFixed);
        }

        if (Get(Get(rc, "scheduling"), "nodeSelector") is { IsMap: true } selector)
        {
            var merged = Get(spec, "nodeSelector") is { IsMap: true } s ? s : SsaValue.EmptyMap;
            foreach (var (k, v) in selector.AsMap.Entries)
            {
                merged = Default(merged, k, v);
            }

            spec = With(spec, "nodeSelector", merged);
        }

        return spec;
    });

    // DefaultIngressClass: an Ingress without a class (field or legacy annotation) gets the (newest) default IngressClass.
    private static SsaValue DefaultIngressClass(SsaValue ingress, IEnumerable<SsaValue> classes)
    {
        if (Get(Get(ingress, "spec"), "ingressClassName") is { IsNull: false }
            || Get(Get(Get(ingress, "metadata"), "annotations"), "kubernetes.io/ingress.class") is not null)
        {
            return ingress;
        }

        var defaultClass = classes.LastOrDefault(c => Str(Get(Get(c, "metadata"), "annotations"), "ingressclass.kubernetes.io/is-default-class") == "true");
        return defaultClass is null ? ingress : Map(Struct(ingress, "spec"), "spec", spec => With(spec, "ingressClassName", Get(Get(defaultClass, "metadata"), "name")!));
    }

    // DefaultStorageClass: a claim without a class gets the (newest) default StorageClass.
    private static SsaValue DefaultStorageClass(SsaValue pvc, IEnumerable<SsaValue> classes) => Map(pvc, "spec", spec =>
    {
        if (Get(spec, "storageClassName") is { IsNull: false })
        {
            return spec;
        }

        var defaultClass = classes.LastOrDefault(c => Str(Get(Get(c, "metadata"), "annotations"), "storageclass.kubernetes.io/is-default-class") == "true");
        return defaultClass is null ? spec : With(spec, "storageClassName", Get(Get(defaultClass, "metadata"), "name")!);
    });
}
