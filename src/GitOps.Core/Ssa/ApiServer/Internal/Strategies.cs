using System.Globalization;
using GitOps.Ssa.Values;
using static GitOps.Ssa.ApiServer.Internal.Edit;

namespace GitOps.Ssa.ApiServer.Internal;

/// <summary>
/// PrepareForCreate / PrepareForUpdate of the built-in REST strategies not handled elsewhere: metadata
/// generation, the status a new object starts with (the zero value its typed round trip writes), the
/// status kept on updates of the main resource, and per-kind rules (Namespace finalizers, Job selector
/// generation, DaemonSet template generation, PVC data source mirroring).
/// </summary>
internal static class Strategies
{
    private static readonly HashSet<string> GenerationKinds = new(StringComparer.Ordinal)
    {
        "/Pod", "/ReplicationController", "/PodTemplate",
        "apps/StatefulSet", "apps/DaemonSet", "apps/ReplicaSet", "batch/Job", "batch/CronJob",
        "networking.k8s.io/Ingress", "networking.k8s.io/IngressClass", "networking.k8s.io/NetworkPolicy",
        "policy/PodDisruptionBudget", "scheduling.k8s.io/PriorityClass", "discovery.k8s.io/EndpointSlice",
        "admissionregistration.k8s.io/ValidatingWebhookConfiguration", "admissionregistration.k8s.io/MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/ValidatingAdmissionPolicy", "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
        "admissionregistration.k8s.io/MutatingAdmissionPolicy", "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
        "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration", "flowcontrol.apiserver.k8s.io/FlowSchema",
        "resource.k8s.io/DeviceClass",
    };

    // The status a created object starts with (JSON), per group/kind.
    private static readonly Dictionary<string, string> CreateStatus = new(StringComparer.Ordinal)
    {
        ["/ReplicationController"] = """{"replicas":0}""",
        ["/PersistentVolumeClaim"] = """{"phase":"Pending"}""",
        ["/Namespace"] = """{"phase":"Active"}""",
        ["/ResourceQuota"] = "{}",
        ["/Node"] = """{"daemonEndpoints":{"kubeletEndpoint":{"Port":0}},"nodeInfo":{"architecture":"","bootID":"","containerRuntimeVersion":"","kernelVersion":"","kubeProxyVersion":"","kubeletVersion":"","machineID":"","operatingSystem":"","osImage":"","systemUUID":""}}""",
        ["apps/ReplicaSet"] = """{"replicas":0}""",
        ["apps/StatefulSet"] = """{"availableReplicas":0,"replicas":0}""",
        ["apps/DaemonSet"] = """{"currentNumberScheduled":0,"desiredNumberScheduled":0,"numberMisscheduled":0,"numberReady":0}""",
        ["batch/Job"] = "{}",
        ["batch/CronJob"] = "{}",
        ["networking.k8s.io/Ingress"] = """{"loadBalancer":{}}""",
        ["policy/PodDisruptionBudget"] = """{"currentHealthy":0,"desiredHealthy":0,"disruptionsAllowed":0,"expectedPods":0}""",
        ["storage.k8s.io/VolumeAttachment"] = """{"attached":false}""",
        ["flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration"] = "{}",
        ["flowcontrol.apiserver.k8s.io/FlowSchema"] = "{}",
        ["certificates.k8s.io/CertificateSigningRequest"] = "{}",
        ["resource.k8s.io/ResourceClaim"] = "{}",
        ["admissionregistration.k8s.io/ValidatingAdmissionPolicy"] = "{}",
    };

    private static readonly Dictionary<string, SsaValue> CreateStatusValues =
        CreateStatus.ToDictionary(p => p.Key, p => SsaValue.ParseJson(p.Value), StringComparer.Ordinal);

    // Kinds whose PrepareForCreate clears a status that decoding had defaulted: etcd keeps the cleared status and
    // every read defaults it again (a PersistentVolumeClaim's phase Pending), so the first write after the create
    // stores the defaulted status and changes the stored bytes even where the object reads the same.
    private static readonly HashSet<string> CreateStoresUndefaultedStatus = new(StringComparer.Ordinal) { "/PersistentVolumeClaim" };

    private static readonly HashSet<string> NoStatusReset = new(StringComparer.Ordinal) { "/Event", "events.k8s.io/Event" };

    /// <summary>Whether a created object of this built-in kind is stored without the status defaults its reads show.</summary>
    public static bool StoresUndefaultedStatusOnCreate(string group, string kind) => CreateStoresUndefaultedStatus.Contains(group + "/" + kind);

    public static SsaValue Prepare(string group, string kind, string? subresource, SsaValue? old, SsaValue obj, DateTimeOffset now, KubernetesUserInfo user)
    {
        var key = group + "/" + kind;
        if (old is null)
        {
            obj = Create(key, obj, now, user);
        }
        else if (subresource == "ephemeralcontainers")
        {
            // Only the ephemeral containers (and the bookkeeping of the write) change through this subresource.
            var ephemeral = Get(Get(obj, "spec"), "ephemeralContainers");
            var written = Map(old, "spec", s => ephemeral is null ? KubernetesDefaultsWithout(s, "ephemeralContainers") : With(s, "ephemeralContainers", ephemeral));
            obj = With(written, "metadata", Get(obj, "metadata") ?? SsaValue.EmptyMap);
        }
        else if (subresource == "status")
        {
            obj = Get(old, "spec") is { } spec ? With(obj, "spec", spec) : obj;
        }
        else if (subresource is null && !NoStatusReset.Contains(key))
        {
            obj = Get(old, "status") is { } status ? With(obj, "status", status) : Get(obj, "status") is null ? obj : KubernetesDefaultsWithout(obj, "status");
            obj = Update(key, old, obj);
        }

        if (GenerationKinds.Contains(key))
        {
            obj = Generation(old, obj, subresource);
        }

        return obj;
    }

    private static SsaValue KubernetesDefaultsWithout(SsaValue obj, string key) => ManagedFields.Internal.KubernetesDefaults.Without(obj, key);

    private static SsaValue Create(string key, SsaValue obj, DateTimeOffset now, KubernetesUserInfo user)
    {
        if (CreateStatusValues.TryGetValue(key, out var status))
        {
            obj = With(obj, "status", status);
        }

        switch (key)
        {
            case "/Pod":
                obj = With(obj, "status", PodStatus(obj));
                if (Get(Get(obj, "spec"), "schedulingGates") is { IsList: true, AsList.Count: > 0 })
                {
                    // applySchedulingGatedCondition: a gated pod reads as not scheduled, with the reason.
                    var gated = SsaValue.FromMap(
                    [
                        new("lastProbeTime", SsaValue.Null),
                        new("lastTransitionTime", SsaValue.FromString(now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))),
                        new("message", SsaValue.FromString("Scheduling is blocked due to non-empty scheduling gates")),
                        new("reason", SsaValue.FromString("SchedulingGated")),
                        new("status", SsaValue.FromString("False")),
                        new("type", SsaValue.FromString("PodScheduled")),
                    ]);
                    obj = Map(obj, "status", s => With(s, "conditions", SsaValue.FromList([gated])));
                }

                break;
            case "/PersistentVolume":
                obj = With(obj, "status", SsaValue.FromMap(
                [
                    new("lastPhaseTransitionTime", SsaValue.FromString(now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))),
                    new("phase", SsaValue.FromString("Pending")),
                ]));
                break;
            case "/Namespace":
                obj = With(obj, "spec", SsaValue.ParseJson("""{"finalizers":["kubernetes"]}"""));
                break;
            case "/PersistentVolumeClaim":
                obj = Map(obj, "spec", MirrorDataSource);
                break;
            case "batch/Job":
                obj = GenerateJobSelector(obj);
                break;
            case "certificates.k8s.io/CertificateSigningRequest":
                obj = Map(obj, "spec", s => Requester(s, user));
                break;
            case "apps/DaemonSet":
                obj = Map(obj, "metadata", m => With(m, "annotations", With(Get(m, "annotations") is { IsMap: true } a ? a : SsaValue.EmptyMap, TemplateGenerationAnnotation, SsaValue.FromString("1"))));
                break;
        }

        return obj;
    }

    // The CSR strategy drops what the client wrote of its user and records the authenticated one.
    private static SsaValue Requester(SsaValue spec, KubernetesUserInfo user)
    {
        foreach (var key in (ReadOnlySpan<string>)["username", "uid", "groups", "extra"])
        {
            spec = KubernetesDefaultsWithout(spec, key);
        }

        if (user.Name.Length > 0)
        {
            spec = With(spec, "username", SsaValue.FromString(user.Name));
        }

        if (user.Uid.Length > 0)
        {
            spec = With(spec, "uid", SsaValue.FromString(user.Uid));
        }

        if (user.Groups.Count > 0)
        {
            spec = With(spec, "groups", SsaValue.FromList(user.Groups.Select(SsaValue.FromString)));
        }

        if (user.Extra is { Count: > 0 } extra)
        {
            spec = With(spec, "extra", SsaValue.FromMap(extra.OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => new KeyValuePair<string, SsaValue>(e.Key, SsaValue.FromList(e.Value.Select(SsaValue.FromString)))).ToList()));
        }

        return spec;
    }

    private const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    private static SsaValue Update(string key, SsaValue old, SsaValue obj)
    {
        switch (key)
        {
            case "/Namespace":
                return Get(old, "spec") is { } spec ? With(obj, "spec", spec) : obj;
            case "/PersistentVolumeClaim":
                // PrepareForUpdate normalises the data sources again (the applier may have dropped the mirrored one).
                return Map(obj, "spec", MirrorDataSource);
            case "apps/DaemonSet":
                var previous = Str(Get(Get(old, "metadata"), "annotations"), TemplateGenerationAnnotation);
                if (previous is null || !long.TryParse(previous, NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
                {
                    return obj;
                }

                if (!SemanticEquality.Equal(Get(Get(old, "spec"), "template"), Get(Get(obj, "spec"), "template")))
                {
                    generation++;
                }

                return Map(obj, "metadata", m => With(m, "annotations", With(Get(m, "annotations") is { IsMap: true } a ? a : SsaValue.EmptyMap, TemplateGenerationAnnotation, SsaValue.FromString(generation.ToString(CultureInfo.InvariantCulture)))));
            default:
                return obj;
        }
    }

    // metadata.generation: 1 on create, +1 when anything but metadata and status changes.
    private static SsaValue Generation(SsaValue? old, SsaValue obj, string? subresource)
    {
        long generation = 1;
        if (old is not null)
        {
            generation = Get(Get(old, "metadata"), "generation") is { Kind: SsaValueKind.Integer } g ? g.AsInteger : 0;
            if (subresource != "status" && !SameContent(old, obj))
            {
                generation++;
            }
        }

        return Map(obj, "metadata", m => With(m, "generation", SsaValue.FromInt64(generation)));
    }

    private static bool SameContent(SsaValue a, SsaValue b)
    {
        var keys = a.AsMap.Entries.Select(e => e.Key).Concat(b.AsMap.Entries.Select(e => e.Key)).Where(k => k is not "metadata" and not "status").Distinct(StringComparer.Ordinal);
        return keys.All(k => SemanticEquality.Equal(Get(a, k), Get(b, k)));
    }

    // The Pod strategy: a new Pod is Pending, with its QoS class.
    private static SsaValue PodStatus(SsaValue pod) => SsaValue.FromMap(
    [
        new("phase", SsaValue.FromString("Pending")),
        new("qosClass", SsaValue.FromString(QosClass(Get(pod, "spec")))),
    ]);

    // ComputePodQOS over containers and init containers, cpu and memory only.
    public static string QosClass(SsaValue? spec)
    {
        var containers = (Get(spec, "containers")?.AsList ?? []).Concat(Get(spec, "initContainers")?.AsList ?? []);
        var requests = new Dictionary<string, string>(StringComparer.Ordinal);
        var limits = new Dictionary<string, string>(StringComparer.Ordinal);
        var guaranteed = true;
        foreach (var c in containers)
        {
            var resources = Get(c, "resources");
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (list, into) in new[] { ("requests", requests), ("limits", limits) })
            {
                if (Get(resources, list) is not { IsMap: true } values)
                {
                    continue;
                }

                foreach (var (name, q) in values.AsMap.Entries)
                {
                    if (name is not ("cpu" or "memory") || q.ToString() is "0" or "")
                    {
                        continue;
                    }

                    into[name] = into.TryGetValue(name, out var sum) ? sum + "+" + q : q.ToString();
                    if (list == "limits")
                    {
                        found.Add(name);
                    }
                }
            }

            if (found.Count < 2)
            {
                guaranteed = false;
            }
        }

        if (requests.Count == 0 && limits.Count == 0)
        {
            return "BestEffort";
        }

        return guaranteed && requests.Count == limits.Count && requests.All(r => limits.TryGetValue(r.Key, out var l) && l == r.Value) ? "Guaranteed" : "Burstable";
    }

    // The Job strategy's generated selector: the Job's uid as controller-uid label on the template.
    private static SsaValue GenerateJobSelector(SsaValue job)
    {
        if (Get(Get(job, "spec"), "manualSelector") is { Kind: SsaValueKind.Boolean, AsBoolean: true })
        {
            return LabelsFromTemplate(job);
        }

        var uid = SsaValue.FromString(Str(Get(job, "metadata"), "uid") ?? string.Empty);
        var name = SsaValue.FromString(Str(Get(job, "metadata"), "name") ?? string.Empty);
        job = Path(job, t =>
        {
            var meta = Get(t, "metadata") is { IsMap: true } m ? m : SsaValue.EmptyMap;
            var labels = Get(meta, "labels") is { IsMap: true } l ? l : SsaValue.EmptyMap;
            labels = With(With(With(With(labels, "batch.kubernetes.io/controller-uid", uid), "batch.kubernetes.io/job-name", name), "controller-uid", uid), "job-name", name);
            return With(t, "metadata", With(meta, "labels", labels));
        }, "spec", "template");
        // A selector the user gave gets the controller-uid label too (validation then refuses it unless it is exactly the generated one).
        job = Map(job, "spec", s => Get(s, "selector") is not { IsMap: true } selector
            ? With(s, "selector", SsaValue.FromMap([new("matchLabels", SsaValue.FromMap([new("batch.kubernetes.io/controller-uid", uid)]))]))
            : With(s, "selector", With(selector, "matchLabels", Default(Get(selector, "matchLabels") is { IsMap: true } m ? m : SsaValue.EmptyMap, "batch.kubernetes.io/controller-uid", uid))));
        return LabelsFromTemplate(job);
    }

    // SetDefaults_Job: a Job without labels takes its template's (the read after the create defaults again).
    private static SsaValue LabelsFromTemplate(SsaValue job)
    {
        var templateLabels = Get(Get(Get(Get(job, "spec"), "template"), "metadata"), "labels");
        return Get(Get(job, "metadata"), "labels") is null or { IsMap: true, AsMap.Count: 0 } && templateLabels is not null
            ? Map(job, "metadata", m => With(m, "labels", templateLabels))
            : job;
    }

    // dataSourceRef mirrors dataSource; both carry apiGroup (a pointer without omitempty).
    private static SsaValue MirrorDataSource(SsaValue spec)
    {
        if (Get(spec, "dataSource") is { IsMap: true } source && Get(spec, "dataSourceRef") is null or { IsNull: true })
        {
            spec = With(spec, "dataSourceRef", source);
        }
        else if (Get(spec, "dataSourceRef") is { IsMap: true } reference && Get(spec, "dataSource") is null or { IsNull: true }
            && Str(reference, "namespace") is null or "")
        {
            // NormalizeDataSources: a dataSourceRef in the claim's own namespace is mirrored into dataSource.
            spec = With(spec, "dataSource", GitOps.Ssa.ManagedFields.Internal.KubernetesDefaults.Without(reference, "namespace"));
        }

        return Map(Map(spec, "dataSource", s => Default(s, "apiGroup", SsaValue.Null)), "dataSourceRef", s => Default(s, "apiGroup", SsaValue.Null));
    }
}
