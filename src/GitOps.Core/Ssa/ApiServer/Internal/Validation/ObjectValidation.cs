using GitOps.Ssa.Values;
using static GitOps.Ssa.ApiServer.Internal.Edit;

namespace GitOps.Ssa.ApiServer.Internal.Validation;

/// <summary>
/// The strategy Validate / ValidateUpdate of the built-in kinds: the checks that decide whether a write is
/// accepted (immutable fields, selectors, enums and ranges), with the server's causes and messages.
/// </summary>
internal static class ObjectValidation
{
    private static readonly string[] StatefulSetMutable = ["replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];

    public static void Validate(string group, string kind, string? subresource, SsaValue? old, SsaValue obj)
    {
        if (subresource is not null and not "ephemeralcontainers")
        {
            return;
        }

        var errors = new FieldErrors();
        var spec = Get(obj, "spec");
        var oldSpec = old is null ? null : Get(old, "spec");
        if (group + "/" + kind == "/Service" && subresource is null)
        {
            // The REST layer allocates (IP families, node ports) before the strategy validates.
            ServiceRules.Allocation(errors, oldSpec, spec);
            errors.ThrowIfAny(group, kind, Str(Get(obj, "metadata"), "name"));
        }

        NameRules.Metadata(errors, group, kind, obj);
        switch (group + "/" + kind)
        {
            case "/ConfigMap":
                ImmutableData(errors, old, obj, "data", "binaryData");
                NameRules.ConfigKeys(errors, obj, "data");
                NameRules.ConfigKeys(errors, obj, "binaryData");
                SpecRules.ConfigMapDuplicateKeys(errors, obj);
                break;
            case "/Secret":
                if (old is not null)
                {
                    Immutable(errors, "type", Get(obj, "type"), Get(old, "type"));
                }

                ImmutableData(errors, old, obj, "data");
                NameRules.ConfigKeys(errors, obj, "data");
                break;
            case "/Pod":
                if (old is null && Get(spec, "ephemeralContainers") is { IsList: true, AsList.Count: > 0 })
                {
                    errors.Forbidden("spec.ephemeralContainers", "cannot be set on create");
                }

                PodRules.PodSpec(errors, "spec", spec);
                if (subresource is null)
                {
                    PodRules.PodUpdate(errors, oldSpec, spec);
                }

                break;
            case "/PersistentVolumeClaim":
                if (old is null)
                {
                    SpecRules.ClaimSpec(errors, spec);
                }

                ClaimUpdate(errors, old, obj);
                break;
            case "/Service":
                ServiceRules.Spec(errors, spec);
                ServiceRules.Service(errors, oldSpec, spec);
                break;
            case "/ReplicationController":
            case "/PodTemplate":
                PodRules.PodSpec(errors, kind == "PodTemplate" ? "template.spec" : "spec.template.spec", kind == "PodTemplate" ? Get(Get(obj, "template"), "spec") : Get(Get(spec, "template"), "spec"));
                break;
            case "apps/Deployment":
                SpecRules.DeploymentSpec(errors, spec, Selects);
                if (oldSpec is not null)
                {
                    Immutable(errors, "spec.selector", Get(spec, "selector"), Get(oldSpec, "selector"));
                }

                break;
            case "apps/ReplicaSet":
            case "apps/DaemonSet":
                Workload(errors, oldSpec, spec);
                RestartAlways(errors, spec, kind);
                break;
            case "apps/StatefulSet":
                if (Str(Get(spec, "updateStrategy"), "type") == "OnDelete" && Get(Get(spec, "updateStrategy"), "rollingUpdate") is { IsMap: true } rolling)
                {
                    errors.InvalidRaw("spec.updateStrategy.rollingUpdate", $"{{\"Partition\":{Json(Get(rolling, "partition") ?? SsaValue.FromInt64(0))},\"MaxUnavailable\":{Json(Get(rolling, "maxUnavailable"))}}}", "only allowed for updateStrategy 'RollingUpdate'");
                }

                errors.Nonnegative("spec.replicas", Get(spec, "replicas"));
                errors.Nonnegative("spec.minReadySeconds", Get(spec, "minReadySeconds"));
                Workload(errors, oldSpec, spec);
                RestartAlways(errors, spec, kind);
                if (oldSpec is not null && spec is not null && !SameExcept(oldSpec, spec, StatefulSetMutable))
                {
                    errors.Forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
                }

                break;
            case "batch/Job":
                SpecRules.Job(errors, obj, Selects);
                if (oldSpec is not null)
                {
                    Immutable(errors, "spec.completions", Get(spec, "completions"), Get(oldSpec, "completions"));
                    if (!SemanticEquality.Equal(Get(oldSpec, "template"), Get(spec, "template")))
                    {
                        errors.InvalidRaw("spec.template", GoStructJson.Compact(Get(spec, "template"), "PodTemplateSpec"), "field is immutable");
                    }
                }

                break;
            case "batch/CronJob":
                CronRules.CronJob(errors, spec);
                SpecRules.CronJobSpec(errors, spec);
                PodRules.PodSpec(errors, "spec.jobTemplate.spec.template.spec", Get(Get(Get(Get(spec, "jobTemplate"), "spec"), "template"), "spec"));
                break;
            case "rbac.authorization.k8s.io/RoleBinding":
            case "rbac.authorization.k8s.io/ClusterRoleBinding":
                SpecRules.Binding(errors, obj, kind == "RoleBinding");
                if (old is not null && !SsaValue.DeepEquals(Get(old, "roleRef") ?? SsaValue.Null, Get(obj, "roleRef") ?? SsaValue.Null))
                {
                    var r = Get(obj, "roleRef");
                    errors.InvalidRaw("roleRef", $"{{\"APIGroup\":{FieldErrors.Quote(Str(r, "apiGroup") ?? string.Empty)},\"Kind\":{FieldErrors.Quote(Str(r, "kind") ?? string.Empty)},\"Name\":{FieldErrors.Quote(Str(r, "name") ?? string.Empty)}}}", "cannot change roleRef");
                }

                break;
            case "policy/PodDisruptionBudget":
                if (Get(spec, "minAvailable") is { IsNull: false } && Get(spec, "maxUnavailable") is { IsNull: false })
                {
                    var dump = $"{{\"MinAvailable\":{Json(Get(spec, "minAvailable"))},\"Selector\":{Json(Get(spec, "selector"))},\"MaxUnavailable\":{Json(Get(spec, "maxUnavailable"))},\"UnhealthyPodEvictionPolicy\":{Json(Get(spec, "unhealthyPodEvictionPolicy"))}}}";
                    errors.InvalidRaw("spec", dump, "minAvailable and maxUnavailable cannot be both set");
                }

                break;
            case "autoscaling/HorizontalPodAutoscaler":
                SpecRules.HorizontalPodAutoscalerSpec(errors, spec);
                break;
            case "networking.k8s.io/NetworkPolicy":
                SpecRules.NetworkPolicySpec(errors, spec);
                break;
            case "networking.k8s.io/Ingress":
                Ingress(errors, spec);
                break;
            case "scheduling.k8s.io/PriorityClass":
                if (old is not null)
                {
                    SpecRules.PriorityClassUpdate(errors, old, obj);
                }
                else if (Str(Get(obj, "metadata"), "name") is { } pcName && pcName.StartsWith("system-", StringComparison.Ordinal)
                    && pcName is not ("system-node-critical" or "system-cluster-critical"))
                {
                    errors.Forbidden("metadata.name", $"priority class names with 'system-' prefix are reserved for system use only. error: {pcName} is not a known system priority class");
                }

                break;
            case "/ResourceQuota":
                SpecRules.QuotaIntegers(errors, Get(spec, "hard"), "spec.hard");
                break;
            case "networking.k8s.io/IngressClass" when old is not null:
                Immutable(errors, "spec.controller", Get(spec, "controller"), Get(oldSpec, "controller"));
                break;
            case "node.k8s.io/RuntimeClass" when old is not null:
                Immutable(errors, "handler", Get(obj, "handler"), Get(old, "handler"));
                break;
            case "storage.k8s.io/CSIDriver" when old is not null:
                // (sic) ValidateCSIDriverUpdate names the attachRequired field "attachedRequired".
                Immutable(errors, "spec.attachedRequired", Get(spec, "attachRequired"), Get(oldSpec, "attachRequired"));
                break;
            case "discovery.k8s.io/EndpointSlice" when old is not null:
                Immutable(errors, "addressType", Get(obj, "addressType"), Get(old, "addressType"));
                break;
            case "storage.k8s.io/StorageClass" when old is not null:
                SpecRules.StorageClassUpdate(errors, old, obj);
                break;
        }

        errors.ThrowIfAny(group, kind, Str(Get(obj, "metadata"), "name"));
    }

    // ValidatePersistentVolumeClaimUpdate: the spec is immutable except a first volumeName, a class set on
    // a claim that had none, and (bound claims) the storage request and volumeAttributesClassName; the
    // refusal quotes the diff of the two internal specs.
    private static void ClaimUpdate(FieldErrors errors, SsaValue? old, SsaValue obj)
    {
        if (Get(old, "spec") is not { IsMap: true } oldSpec || Get(obj, "spec") is not { IsMap: true } spec)
        {
            return;
        }

        if (Str(oldSpec, "volumeName") is null or "")
        {
            oldSpec = PodRules.WithOrWithout(oldSpec, "volumeName", Get(spec, "volumeName"));
        }

        if (Get(Get(old, "metadata"), "annotations") is not { IsMap: true } annotations || !annotations.AsMap.ContainsKey("volume.beta.kubernetes.io/storage-class"))
        {
            if (Get(oldSpec, "storageClassName") is null or { IsNull: true })
            {
                spec = PodRules.WithOrWithout(spec, "storageClassName", null);
            }
        }

        if (Str(Get(obj, "status"), "phase") == "Bound")
        {
            var storage = Get(Get(Get(oldSpec, "resources"), "requests"), "storage");
            spec = Path(spec, requests => PodRules.WithOrWithout(requests, "storage", storage), "resources", "requests");
            spec = PodRules.WithOrWithout(spec, "volumeAttributesClassName", Get(oldSpec, "volumeAttributesClassName"));
        }

        if (!SemanticEquality.Equal(oldSpec, spec))
        {
            var diff = UnifiedDiff.Of(GoStructJson.Indented(oldSpec, "PersistentVolumeClaimSpec"), GoStructJson.Indented(spec, "PersistentVolumeClaimSpec"));
            errors.Forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n" + diff);
        }

        Immutable(errors, "volumeMode", Get(spec, "volumeMode"), Get(oldSpec, "volumeMode"));
    }

    private static string Json(SsaValue? value) => value is null ? "null" : value.ToJson();

    // DaemonSets, ReplicaSets and StatefulSets run pods that always restart.
    private static void RestartAlways(FieldErrors errors, SsaValue? spec, string kind)
    {
        var template = Get(Get(spec, "template"), "spec");
        if (Get(template, "restartPolicy") is { Kind: SsaValueKind.String } policy && policy.AsString != "Always")
        {
            errors.NotSupported("spec.template.spec.restartPolicy", policy, "Always");
        }

        if (kind != "StatefulSet" && Get(template, "activeDeadlineSeconds") is { IsNull: false })
        {
            errors.Forbidden("spec.template.spec.activeDeadlineSeconds", $"activeDeadlineSeconds in {kind} is not Supported");
        }
    }

    private static void Immutable(FieldErrors errors, string field, SsaValue? value, SsaValue? old)
    {
        if (!SsaValue.DeepEquals(value ?? SsaValue.Null, old ?? SsaValue.Null))
        {
            errors.Invalid(field, value, "field is immutable");
        }
    }

    // ConfigMap/Secret: nothing changes once immutable is true.
    private static void ImmutableData(FieldErrors errors, SsaValue? old, SsaValue obj, params string[] fields)
    {
        if (old is null || Get(old, "immutable") is not { Kind: SsaValueKind.Boolean, AsBoolean: true })
        {
            return;
        }

        const string Detail = "field is immutable when `immutable` is set";
        if (Get(obj, "immutable") is not { Kind: SsaValueKind.Boolean, AsBoolean: true })
        {
            errors.Forbidden("immutable", Detail);
        }

        foreach (var field in fields)
        {
            if (!SsaValue.DeepEquals(Empty(Get(old, field)), Empty(Get(obj, field))))
            {
                errors.Forbidden(field, Detail);
            }
        }

        static SsaValue Empty(SsaValue? v) => v is null or { IsNull: true } ? SsaValue.EmptyMap : v;
    }

    // Deployments, ReplicaSets, DaemonSets, StatefulSets: immutable selector that selects the template.
    private static void Workload(FieldErrors errors, SsaValue? oldSpec, SsaValue? spec)
    {
        var selector = Get(spec, "selector");
        if (oldSpec is not null)
        {
            Immutable(errors, "spec.selector", selector, Get(oldSpec, "selector"));
        }

        var labels = Get(Get(Get(spec, "template"), "metadata"), "labels");
        if (selector is { IsMap: true } && !Selects(selector, labels))
        {
            errors.Invalid("spec.template.metadata.labels", labels, "`selector` does not match template `labels`");
        }

        var claimTemplates = (Get(spec, "volumeClaimTemplates")?.AsList ?? []).Select(t => Str(Get(t, "metadata"), "name")).OfType<string>();
        PodRules.PodSpec(errors, "spec.template.spec", Get(Get(spec, "template"), "spec"), claimTemplates);
    }

    internal static bool Selects(SsaValue selector, SsaValue? labels)
    {
        string? Label(string key) => Str(labels, key);
        if (Get(selector, "matchLabels") is { IsMap: true } match && match.AsMap.Entries.Any(e => Label(e.Key) != e.Value.ToString()))
        {
            return false;
        }

        foreach (var expression in Get(selector, "matchExpressions")?.AsList ?? [])
        {
            var key = Str(expression, "key") ?? string.Empty;
            var values = (Get(expression, "values")?.AsList ?? []).Select(v => v.ToString()).ToList();
            var ok = Str(expression, "operator") switch
            {
                "In" => Label(key) is { } v && values.Contains(v),
                "NotIn" => Label(key) is not { } w || !values.Contains(w),
                "Exists" => Label(key) is not null,
                "DoesNotExist" => Label(key) is null,
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameExcept(SsaValue a, SsaValue b, string[] ignored)
    {
        var keys = a.AsMap.Entries.Select(e => e.Key).Concat(b.AsMap.Entries.Select(e => e.Key)).Where(k => !ignored.Contains(k)).Distinct(StringComparer.Ordinal);
        return keys.All(k => SsaValue.DeepEquals(Get(a, k) ?? SsaValue.Null, Get(b, k) ?? SsaValue.Null));
    }

    private static void Ingress(FieldErrors errors, SsaValue? spec)
    {
        var rules = Get(spec, "rules")?.AsList ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            var paths = Get(Get(rules[i], "http"), "paths")?.AsList ?? [];
            for (var j = 0; j < paths.Count; j++)
            {
                if (Str(paths[j], "pathType") is null or "")
                {
                    errors.Required($"spec.rules[{i}].http.paths[{j}].pathType", "pathType must be specified");
                    continue;
                }

                SpecRules.IngressPath(errors, $"spec.rules[{i}].http.paths[{j}].path", Str(paths[j], "pathType"), Get(paths[j], "path"));
            }
        }
    }
}
