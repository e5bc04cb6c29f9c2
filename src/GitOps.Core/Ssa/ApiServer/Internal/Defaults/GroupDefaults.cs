using GitOps.Ssa.ManagedFields.Internal;
using GitOps.Ssa.Values;
using static GitOps.Ssa.ApiServer.Internal.Edit;

namespace GitOps.Ssa.ApiServer.Internal.Defaults;

/// <summary>
/// The SetDefaults_* functions and OpenAPI defaults of the built-in groups other than core
/// (apps, batch, autoscaling, networking, rbac, storage, scheduling, coordination, discovery,
/// admissionregistration, apiextensions, flowcontrol, resource), and the zero values of the
/// non-pointer structs their typed round trip writes.
/// </summary>
internal static class GroupDefaults
{
    public static SsaValue Apply(string group, string kind, SsaValue obj) => (group, kind) switch
    {
        ("", _) => CoreDefaults.Other(kind, obj),
        ("apps", "StatefulSet") => StatefulSet(obj),
        ("apps", "DaemonSet") => DaemonSet(obj),
        ("apps", "ReplicaSet") => Map(obj, "spec", s => Map(Default(s, "replicas", 1), "template", CoreDefaults.Template)),
        ("batch", "Job") => Map(obj, "spec", JobSpec),
        ("batch", "CronJob") => Map(obj, "spec", CronJobSpec),
        ("events.k8s.io", "Event") => Struct(Default(Default(obj, "deprecatedFirstTimestamp", SsaValue.Null), "deprecatedLastTimestamp", SsaValue.Null), "deprecatedSource"),
        ("networking.k8s.io", "NetworkPolicy") => Map(obj, "spec", NetworkPolicySpec),
        ("networking.k8s.io", "IngressClass") => Path(obj, p => Default(p, "scope", "Cluster"), "spec", "parameters"),
        // rules has no omitempty: absent or empty, the stored (protobuf) object reads null.
        ("rbac.authorization.k8s.io", "Role" or "ClusterRole") => Get(obj, "rules") is { IsList: true, AsList.Count: 0 } ? With(obj, "rules", SsaValue.Null) : Default(obj, "rules", SsaValue.Null),
        ("rbac.authorization.k8s.io", "RoleBinding" or "ClusterRoleBinding") => Items(obj, "subjects", Subject),
        ("storage.k8s.io", "StorageClass") => DefaultString(Default(obj, "reclaimPolicy", "Delete"), "volumeBindingMode", "Immediate"),
        ("storage.k8s.io", "CSIDriver") => Map(obj, "spec", CsiDriverSpec),
        ("storage.k8s.io", "CSINode") => Map(obj, "spec", s => Get(s, "drivers") is null or { IsList: true, AsList.Count: 0 } ? With(s, "drivers", SsaValue.Null) : s),
        ("scheduling.k8s.io", "PriorityClass") => Default(obj, "preemptionPolicy", "PreemptLowerPriority"),
        ("coordination.k8s.io", "Lease") => Struct(obj, "spec"),
        ("discovery.k8s.io", "EndpointSlice") => EndpointSlice(obj),
        ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration") => Items(obj, "webhooks", w => Webhook(w, mutating: false)),
        ("admissionregistration.k8s.io", "MutatingWebhookConfiguration") => Items(obj, "webhooks", w => Webhook(w, mutating: true)),
        ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy" or "MutatingAdmissionPolicy") =>
            Map(obj, "spec", s => Map(Default(s, "failurePolicy", "Fail"), "matchConstraints", MatchResources)),
        ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding" or "MutatingAdmissionPolicyBinding") =>
            Path(obj, MatchResources, "spec", "matchResources"),
        ("apiextensions.k8s.io", "CustomResourceDefinition") => Map(obj, "spec", CrdSpec),
        ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration") => Map(obj, "spec", PriorityLevelSpec),
        ("flowcontrol.apiserver.k8s.io", "FlowSchema") => Map(obj, "spec", s => Default(s, "matchingPrecedence", 1000)),
        ("resource.k8s.io", "ResourceClaim") => Map(obj, "spec", ResourceClaimSpec),
        ("resource.k8s.io", "ResourceClaimTemplate") => Path(obj, ResourceClaimSpec, "spec", "spec"),
        _ => obj,
    };

    private static SsaValue StatefulSet(SsaValue sts) => Map(sts, "spec", spec =>
    {
        spec = Default(spec, "replicas", 1);
        spec = DefaultString(spec, "podManagementPolicy", "OrderedReady");
        spec = Default(spec, "updateStrategy", SsaValue.EmptyMap);
        spec = Map(spec, "updateStrategy", u =>
        {
            u = DefaultString(u, "type", "RollingUpdate");
            // rollingUpdate.maxUnavailable belongs to the MaxUnavailableStatefulSet feature, off by default: dropped.
            return Str(u, "type") == "RollingUpdate" ? Map(Struct(u, "rollingUpdate"), "rollingUpdate", r => Default(KubernetesDefaults.Without(r, "maxUnavailable"), "partition", 0)) : u;
        });
        spec = Default(spec, "revisionHistoryLimit", 10);
        spec = Map(Struct(spec, "persistentVolumeClaimRetentionPolicy"), "persistentVolumeClaimRetentionPolicy", p =>
            DefaultString(DefaultString(p, "whenDeleted", "Retain"), "whenScaled", "Retain"));
        spec = Items(spec, "volumeClaimTemplates", t =>
        {
            t = DefaultString(DefaultString(t, "apiVersion", "v1"), "kind", "PersistentVolumeClaim");
            t = Map(t, "spec", CoreDefaults.PersistentVolumeClaimSpec);
            return Default(t, "status", SsaValue.FromMap([new("phase", SsaValue.FromString("Pending"))]));
        });
        return Map(spec, "template", CoreDefaults.Template);
    });

    private static SsaValue DaemonSet(SsaValue ds) => Map(ds, "spec", spec =>
    {
        spec = Default(spec, "updateStrategy", SsaValue.EmptyMap);
        spec = Map(spec, "updateStrategy", u =>
        {
            u = DefaultString(u, "type", "RollingUpdate");
            return Str(u, "type") == "RollingUpdate"
                ? Map(Struct(u, "rollingUpdate"), "rollingUpdate", r => Default(Default(r, "maxUnavailable", 1), "maxSurge", 0))
                : u;
        });
        spec = Default(spec, "revisionHistoryLimit", 10);
        return Map(spec, "template", CoreDefaults.Template);
    });

    private static SsaValue JobSpec(SsaValue spec)
    {
        if (Get(spec, "completions") is null or { IsNull: true } && Get(spec, "parallelism") is null or { IsNull: true })
        {
            spec = With(With(spec, "completions", SsaValue.FromInt64(1)), "parallelism", SsaValue.FromInt64(1));
        }

        spec = Default(spec, "parallelism", 1);
        spec = Default(spec, "backoffLimit", Get(spec, "backoffLimitPerIndex") is { IsNull: false } ? int.MaxValue : 6);
        spec = Default(spec, "completionMode", "NonIndexed");
        spec = Default(spec, "suspend", false);
        var failurePolicy = Get(spec, "podFailurePolicy") is { IsNull: false };
        spec = Map(spec, "podFailurePolicy", p => Items(p, "rules", r => Items(r, "onPodConditions", c => DefaultString(c, "status", "True"))));
        spec = Default(spec, "podReplacementPolicy", failurePolicy ? "Failed" : "TerminatingOrFailed");
        spec = Default(spec, "manualSelector", false);
        return Map(spec, "template", CoreDefaults.Template);
    }

    private static SsaValue CronJobSpec(SsaValue spec)
    {
        spec = DefaultString(spec, "concurrencyPolicy", "Allow");
        spec = Default(spec, "suspend", false);
        spec = Default(spec, "successfulJobsHistoryLimit", 3);
        spec = Default(spec, "failedJobsHistoryLimit", 1);
        return Map(spec, "jobTemplate", t => Map(Struct(t, "metadata"), "spec", j => Map(j, "template", CoreDefaults.Template)));
    }

    private static SsaValue NetworkPolicySpec(SsaValue spec)
    {
        static SsaValue Ports(SsaValue rule) => Items(rule, "ports", p => DefaultString(p, "protocol", "TCP"));
        spec = Items(Items(spec, "ingress", Ports), "egress", Ports);

        // ingress and egress are omitempty: an empty list is not stored.
        foreach (var rules in (ReadOnlySpan<string>)["ingress", "egress"])
        {
            spec = Get(spec, rules) is { IsList: true, AsList.Count: 0 } ? KubernetesDefaults.Without(spec, rules) : spec;
        }

        if (Get(spec, "policyTypes") is null or { IsNull: true } or { IsList: true, AsList.Count: 0 })
        {
            var types = new List<SsaValue> { SsaValue.FromString("Ingress") };
            if (Get(spec, "egress") is { IsList: true, AsList.Count: > 0 })
            {
                types.Add(SsaValue.FromString("Egress"));
            }

            spec = With(spec, "policyTypes", SsaValue.FromList(types));
        }

        return spec;
    }

    private static SsaValue Subject(SsaValue subject) =>
        Str(subject, "apiGroup") is null or "" && Str(subject, "kind") is "User" or "Group"
            ? With(subject, "apiGroup", SsaValue.FromString("rbac.authorization.k8s.io"))
            : subject;

    private static SsaValue CsiDriverSpec(SsaValue spec)
    {
        spec = Default(spec, "attachRequired", true);
        spec = Default(spec, "podInfoOnMount", false);
        spec = Default(spec, "storageCapacity", false);
        spec = Default(spec, "fsGroupPolicy", "ReadWriteOnceWithFSType");
        spec = Default(spec, "requiresRepublish", false);
        spec = Default(spec, "seLinuxMount", false);
        return Get(spec, "volumeLifecycleModes") is null or { IsNull: true } or { IsList: true, AsList.Count: 0 }
            ? With(spec, "volumeLifecycleModes", SsaValue.FromList([SsaValue.FromString("Persistent")]))
            : spec;
    }

    private static SsaValue EndpointSlice(SsaValue slice)
    {
        slice = Get(slice, "endpoints") is null or { IsList: true, AsList.Count: 0 } ? With(slice, "endpoints", SsaValue.Null) : slice;
        slice = Items(slice, "endpoints", e => Struct(e, "conditions"));
        slice = Get(slice, "ports") is null or { IsList: true, AsList.Count: 0 } ? With(slice, "ports", SsaValue.Null) : slice;
        return Items(slice, "ports", p => Default(Default(p, "name", string.Empty), "protocol", "TCP"));
    }

    private static SsaValue Webhook(SsaValue webhook, bool mutating)
    {
        webhook = Default(webhook, "failurePolicy", "Fail");
        webhook = Default(webhook, "matchPolicy", "Equivalent");
        webhook = Struct(webhook, "namespaceSelector");
        webhook = Struct(webhook, "objectSelector");
        webhook = Default(webhook, "timeoutSeconds", 10);
        if (mutating)
        {
            webhook = Default(webhook, "reinvocationPolicy", "Never");
        }

        webhook = Items(webhook, "rules", r => Default(r, "scope", "*"));
        return Path(webhook, s => Default(s, "port", 443), "clientConfig", "service");
    }

    private static SsaValue MatchResources(SsaValue match)
    {
        match = Default(match, "matchPolicy", "Equivalent");
        match = Struct(match, "namespaceSelector");
        match = Struct(match, "objectSelector");
        return Items(Items(match, "resourceRules", r => Default(r, "scope", "*")), "excludeResourceRules", r => Default(r, "scope", "*"));
    }

    private static SsaValue CrdSpec(SsaValue spec)
    {
        spec = Default(spec, "conversion", SsaValue.FromMap([new("strategy", SsaValue.FromString("None"))]));
        return Map(spec, "names", names =>
        {
            var kind = Str(names, "kind") ?? string.Empty;
            names = DefaultString(names, "singular", kind.ToLowerInvariant());
            return DefaultString(names, "listKind", kind.Length == 0 ? string.Empty : kind + "List");
        });
    }

    private static SsaValue PriorityLevelSpec(SsaValue spec)
    {
        spec = Map(spec, "limited", l =>
        {
            l = Default(Default(l, "nominalConcurrencyShares", 30), "lendablePercent", 0);
            return Path(l, q => Default(Default(Default(q, "queues", 64), "handSize", 8), "queueLengthLimit", 50), "limitResponse", "queuing");
        });
        return Map(spec, "exempt", e => Default(Default(e, "nominalConcurrencyShares", 0), "lendablePercent", 0));
    }

    private static SsaValue ResourceClaimSpec(SsaValue spec)
    {
        spec = Struct(spec, "devices");
        return Map(spec, "devices", d =>
        {
            d = Default(d, "requests", SsaValue.Null);
            return Items(d, "requests", r => Map(r, "exactly", e =>
            {
                e = DefaultString(e, "allocationMode", "ExactCount");
                return Str(e, "allocationMode") == "ExactCount" ? Default(e, "count", 1) : e;
            }));
        });
    }
}
