using GitOps.Ssa.Values;
using static GitOps.Ssa.ApiServer.Internal.Edit;

namespace GitOps.Ssa.ApiServer.Internal.Validation;

/// <summary>
/// Spec validation of workloads, RBAC bindings, claims and cluster classes, in the order kube-apiserver's
/// Validate* functions report them (ported from pkg/apis/*/validation of Kubernetes 1.36).
/// </summary>
internal static class SpecRules
{
    private const string RbacGroup = "rbac.authorization.k8s.io";

    /// <summary>ValidateDeploymentSpec (the selector's immutability is checked after it).</summary>
    public static void DeploymentSpec(FieldErrors errors, SsaValue? spec, Func<SsaValue, SsaValue?, bool> selects)
    {
        errors.Nonnegative("spec.replicas", Get(spec, "replicas"));
        var selector = Get(spec, "selector");
        if (selector is null or { IsNull: true })
        {
            errors.Required("spec.selector", string.Empty);
        }
        else if (selector is { IsMap: true } && (Get(selector, "matchLabels")?.AsMap.Count ?? 0) + (Get(selector, "matchExpressions")?.AsList.Count ?? 0) == 0)
        {
            errors.Invalid("spec.selector", selector, "empty selector is invalid for deployment");
        }

        ReplicaSetTemplate(errors, spec, selects, "ReplicaSet");
        var strategy = Get(spec, "strategy");
        switch (Str(strategy, "type"))
        {
            case "Recreate":
                if (Get(strategy, "rollingUpdate") is { IsNull: false })
                {
                    errors.Forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'");
                }

                break;
            case "RollingUpdate" when Get(strategy, "rollingUpdate") is { IsMap: true } rolling:
                RollingUpdate(errors, rolling);
                break;
        }

        errors.Nonnegative("spec.minReadySeconds", Get(spec, "minReadySeconds"));
        errors.Nonnegative("spec.revisionHistoryLimit", Get(spec, "revisionHistoryLimit"));
        if (Get(spec, "progressDeadlineSeconds") is { Kind: SsaValueKind.Integer } deadline)
        {
            errors.Nonnegative("spec.progressDeadlineSeconds", deadline);
            if (deadline.AsInteger <= (Get(spec, "minReadySeconds") is { Kind: SsaValueKind.Integer } m ? m.AsInteger : 0))
            {
                errors.Invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds");
            }
        }
    }

    // ValidatePodTemplateSpecForReplicaSet's own checks (the pod spec itself is validated by the caller's PodSpec):
    // replicated pods always restart and have no deadline.
    public static void ReplicaSetTemplate(FieldErrors errors, SsaValue? spec, Func<SsaValue, SsaValue?, bool> selects, string owner)
    {
        var template = Get(spec, "template");
        if (Get(spec, "selector") is { IsMap: true } selector && !IsEmpty(selector) && !selects(selector, Get(Get(template, "metadata"), "labels")))
        {
            errors.Invalid("spec.template.metadata.labels", Get(Get(template, "metadata"), "labels"), "`selector` does not match template `labels`");
        }

        PodRules.PodSpec(errors, "spec.template.spec", Get(template, "spec"));
        if (Get(Get(template, "spec"), "restartPolicy") is { Kind: SsaValueKind.String } policy && policy.AsString != "Always")
        {
            errors.NotSupported("spec.template.spec.restartPolicy", policy, "Always");
        }

        if (Get(Get(template, "spec"), "activeDeadlineSeconds") is { IsNull: false })
        {
            errors.Forbidden("spec.template.spec.activeDeadlineSeconds", $"activeDeadlineSeconds in {owner} is not Supported");
        }
    }

    private static bool IsEmpty(SsaValue selector) =>
        (Get(selector, "matchLabels")?.AsMap.Count ?? 0) + (Get(selector, "matchExpressions")?.AsList.Count ?? 0) == 0;

    // ValidateRollingUpdateDeployment: int-or-percent values, not both zero, maxUnavailable at most 100%.
    private static void RollingUpdate(FieldErrors errors, SsaValue rolling)
    {
        const string Path = "spec.strategy.rollingUpdate.";
        var unavailable = Get(rolling, "maxUnavailable");
        var surge = Get(rolling, "maxSurge");
        IntOrPercent(errors, Path + "maxUnavailable", unavailable);
        IntOrPercent(errors, Path + "maxSurge", surge);
        if (Value(unavailable) == 0 && Value(surge) == 0)
        {
            errors.Invalid(Path + "maxUnavailable", unavailable, "may not be 0 when `maxSurge` is 0");
        }

        if (unavailable is { Kind: SsaValueKind.String } percent && percent.AsString.EndsWith('%') && Value(percent) > 100)
        {
            errors.Invalid(Path + "maxUnavailable", percent, "must not be greater than 100%");
        }
    }

    private static void IntOrPercent(FieldErrors errors, string field, SsaValue? value)
    {
        if (value is { Kind: SsaValueKind.String } text)
        {
            if (!IsPercent(text.AsString))
            {
                errors.Invalid(field, text, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
            }
        }
        else
        {
            errors.Nonnegative(field, value);
        }
    }

    private static bool IsPercent(string s) => s.Length > 1 && s[^1] == '%' && s[..^1].All(char.IsAsciiDigit);

    // getIntOrPercentValue: the number, the percent's number, 0 for anything else.
    private static long Value(SsaValue? value) => value switch
    {
        { Kind: SsaValueKind.Integer } i => i.AsInteger,
        { Kind: SsaValueKind.String } s when IsPercent(s.AsString) && long.TryParse(s.AsString[..^1], System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
        _ => 0,
    };

    /// <summary>
    /// validateGeneratedSelector: without manualSelector the selector must select the labels the server generates
    /// (controller uid and job name); then validateJobSpec's counters, the pod template and ValidateJobSpec's check
    /// that the selector selects the template's labels.
    /// </summary>
    public static void Job(FieldErrors errors, SsaValue job, Func<SsaValue, SsaValue?, bool> selects)
    {
        var spec = Get(job, "spec");
        var selector = Get(spec, "selector");
        if (Get(spec, "manualSelector") is not { Kind: SsaValueKind.Boolean, AsBoolean: true } && selector is { IsMap: true })
        {
            var uid = SsaValue.FromString(Str(Get(job, "metadata"), "uid") ?? string.Empty);
            var name = SsaValue.FromString(Str(Get(job, "metadata"), "name") ?? string.Empty);
            var expected = SsaValue.FromMap(
            [
                new("batch.kubernetes.io/controller-uid", uid), new("batch.kubernetes.io/job-name", name), new("controller-uid", uid), new("job-name", name),
            ]);
            if (!selects(selector, expected))
            {
                errors.InvalidRaw("spec.selector", SortedJson(selector), "`selector` not auto-generated");
            }
        }

        JobSpec(errors, spec);
        var labels = Get(Get(Get(spec, "template"), "metadata"), "labels");
        if (selector is { IsMap: true } && !selects(selector, labels))
        {
            errors.InvalidRaw("spec.template.metadata.labels", labels is null ? "null" : SortedJson(labels), "`selector` does not match template `labels`");
        }
    }

    // encoding/json of a Go map or struct: map keys sorted.
    private static string SortedJson(SsaValue value) => value.IsMap
        ? "{" + string.Join(",", value.AsMap.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => FieldErrors.Quote(e.Key) + ":" + SortedJson(e.Value))) + "}"
        : value.IsList ? "[" + string.Join(",", value.AsList.Select(SortedJson)) + "]" : value.ToJson();

    /// <summary>validateJobSpec's counters and the restart policy of a Job's pods.</summary>
    public static void JobSpec(FieldErrors errors, SsaValue? spec)
    {
        foreach (var field in (ReadOnlySpan<string>)["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes"])
        {
            errors.Nonnegative("spec." + field, Get(spec, field));
        }

        var template = Get(Get(spec, "template"), "spec");
        PodRules.PodSpec(errors, "spec.template.spec", template);
        if (Str(template, "restartPolicy") is not ("OnFailure" or "Never"))
        {
            errors.Required("spec.template.spec.restartPolicy", "valid values: \"OnFailure\", \"Never\"");
        }
    }

    /// <summary>ValidateCronJobSpec's counters.</summary>
    public static void CronJobSpec(FieldErrors errors, SsaValue? spec)
    {
        foreach (var field in (ReadOnlySpan<string>)["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"])
        {
            errors.Nonnegative("spec." + field, Get(spec, field));
        }
    }

    /// <summary>ValidateRoleBinding / ValidateClusterRoleBinding: the roleRef and each subject.</summary>
    public static void Binding(FieldErrors errors, SsaValue obj, bool namespaced)
    {
        var roleRef = Get(obj, "roleRef");
        var apiGroup = Get(roleRef, "apiGroup") ?? SsaValue.FromString(string.Empty);
        if (apiGroup.ToString() != RbacGroup)
        {
            errors.NotSupported("roleRef.apiGroup", apiGroup, RbacGroup);
        }

        var kind = Get(roleRef, "kind") ?? SsaValue.FromString(string.Empty);
        if (namespaced && kind.ToString() is not ("Role" or "ClusterRole"))
        {
            errors.NotSupported("roleRef.kind", kind, "Role", "ClusterRole");
        }
        else if (!namespaced && kind.ToString() != "ClusterRole")
        {
            errors.NotSupported("roleRef.kind", kind, "ClusterRole");
        }

        if (Str(roleRef, "name") is null or "")
        {
            errors.Required("roleRef.name", string.Empty);
        }

        var subjects = Get(obj, "subjects")?.AsList ?? [];
        for (var i = 0; i < subjects.Count; i++)
        {
            Subject(errors, $"subjects[{i}]", subjects[i], namespaced);
        }
    }

    private static void Subject(FieldErrors errors, string path, SsaValue subject, bool namespaced)
    {
        var name = Str(subject, "name") ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Required(path + ".name", string.Empty);
        }

        var apiGroup = Get(subject, "apiGroup") ?? SsaValue.FromString(string.Empty);
        switch (Str(subject, "kind"))
        {
            case "ServiceAccount":
                foreach (var message in name.Length == 0 ? [] : NameRules.Dns1123Subdomain(name))
                {
                    errors.Invalid(path + ".name", SsaValue.FromString(name), message);
                }

                if (apiGroup.ToString().Length > 0)
                {
                    errors.NotSupported(path + ".apiGroup", apiGroup, string.Empty);
                }

                if (!namespaced && Str(subject, "namespace") is null or "")
                {
                    errors.Required(path + ".namespace", string.Empty);
                }

                break;
            case "User" or "Group":
                if (apiGroup.ToString() != RbacGroup)
                {
                    errors.NotSupported(path + ".apiGroup", apiGroup, RbacGroup);
                }

                break;
            default:
                errors.NotSupported(path + ".kind", Get(subject, "kind") ?? SsaValue.FromString(string.Empty), "ServiceAccount", "User", "Group");
                break;
        }
    }

    /// <summary>ValidatePersistentVolumeClaimSpec on create: access modes and a storage request.</summary>
    public static void ClaimSpec(FieldErrors errors, SsaValue? spec)
    {
        if (Get(spec, "accessModes") is not { IsList: true, AsList.Count: > 0 })
        {
            errors.Required("spec.accessModes", "at least 1 access mode is required");
        }

        if (Get(Get(Get(spec, "resources"), "requests"), "storage") is not { IsNull: false } storage)
        {
            errors.Required("spec.resources[storage]", string.Empty);
        }
        else if (Quantity.Compare(storage.ToString(), "0") <= 0)
        {
            errors.Invalid("spec.resources[storage]", storage, "must be greater than zero");
        }
    }

    /// <summary>ValidatePriorityClassUpdate: value and preemption policy are fixed at creation.</summary>
    public static void PriorityClassUpdate(FieldErrors errors, SsaValue old, SsaValue obj)
    {
        if (!SsaValue.DeepEquals(Get(old, "value") ?? SsaValue.Null, Get(obj, "value") ?? SsaValue.Null))
        {
            errors.Forbidden("value", "may not be changed in an update.");
        }

        if (!SsaValue.DeepEquals(Get(old, "preemptionPolicy") ?? SsaValue.Null, Get(obj, "preemptionPolicy") ?? SsaValue.Null))
        {
            errors.Invalid("preemptionPolicy", Get(obj, "preemptionPolicy"), "field is immutable");
        }
    }

    /// <summary>ValidateStorageClassUpdate: parameters, provisioner, reclaimPolicy and volumeBindingMode are immutable.</summary>
    public static void StorageClassUpdate(FieldErrors errors, SsaValue old, SsaValue obj)
    {
        if (!SsaValue.DeepEquals(Empty(Get(old, "parameters")), Empty(Get(obj, "parameters"))))
        {
            errors.Invalid("parameters", Get(obj, "parameters"), "field is immutable");
        }

        foreach (var field in (ReadOnlySpan<string>)["provisioner", "reclaimPolicy", "volumeBindingMode"])
        {
            if (!SsaValue.DeepEquals(Get(old, field) ?? SsaValue.Null, Get(obj, field) ?? SsaValue.Null))
            {
                errors.Invalid(field, Get(obj, field), "field is immutable");
            }
        }

        static SsaValue Empty(SsaValue? v) => v is null or { IsNull: true } ? SsaValue.EmptyMap : v;
    }

    /// <summary>ValidateConfigMap: a key may not be in both data and binaryData.</summary>
    public static void ConfigMapDuplicateKeys(FieldErrors errors, SsaValue obj)
    {
        if (Get(obj, "data") is not { IsMap: true } data || Get(obj, "binaryData") is not { IsMap: true } binary)
        {
            return;
        }

        foreach (var (key, _) in data.AsMap.Entries.Where(e => binary.AsMap.ContainsKey(e.Key)))
        {
            errors.Invalid($"data[{key}]", SsaValue.FromString(key), "duplicate of key present in binaryData");
        }
    }

    /// <summary>validateHorizontalPodAutoscalerSpec: replica bounds, the target reference and scaling to zero.</summary>
    public static void HorizontalPodAutoscalerSpec(FieldErrors errors, SsaValue? spec)
    {
        var min = Get(spec, "minReplicas");
        var max = Get(spec, "maxReplicas");
        if (min is { Kind: SsaValueKind.Integer, AsInteger: < 1 })
        {
            errors.Invalid("spec.minReplicas", min, "must be greater than or equal to 1");
        }

        if (max is null or { IsNull: true } or { Kind: SsaValueKind.Integer, AsInteger: 0 })
        {
            errors.Required("spec.maxReplicas", "must be set and greater than 0");
        }
        else if (max is { Kind: SsaValueKind.Integer, AsInteger: < 0 })
        {
            errors.Invalid("spec.maxReplicas", max, "must be greater than or equal to 1");
        }

        if (max is { Kind: SsaValueKind.Integer } m && min is { Kind: SsaValueKind.Integer } n && m.AsInteger < n.AsInteger)
        {
            errors.Invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`");
        }

        var target = Get(spec, "scaleTargetRef");
        foreach (var field in (ReadOnlySpan<string>)["kind", "name"])
        {
            var value = Str(target, field) ?? string.Empty;
            if (value.Length == 0)
            {
                errors.Required("spec.scaleTargetRef." + field, string.Empty);
            }
            else if (PathSegmentProblem(value) is { } problem)
            {
                errors.Invalid("spec.scaleTargetRef." + field, SsaValue.FromString(value), problem);
            }
        }

        // ValidateAPIVersion: group/version with a group.
        var apiVersion = Str(target, "apiVersion") ?? string.Empty;
        var parts = apiVersion.Split('/');
        if (parts.Length > 2)
        {
            errors.Invalid("spec.scaleTargetRef.apiVersion", SsaValue.FromString(apiVersion), "unexpected GroupVersion string: " + apiVersion);
        }
        else if (parts.Length < 2 || parts[0].Length == 0)
        {
            errors.Invalid("spec.scaleTargetRef.apiVersion", SsaValue.FromString(apiVersion), "apiVersion must specify API group");
        }

        if (min is { Kind: SsaValueKind.Integer, AsInteger: 0 }
            && !(Get(spec, "metrics")?.AsList ?? []).Any(metric => Str(metric, "type") is "Object" or "External"))
        {
            errors.Forbidden("spec.metrics", "must specify at least one Object or External metric to support scaling to zero replicas");
        }
    }

    /// <summary>IsPathSegmentName.</summary>
    public static string? PathSegmentProblem(string name) => name switch
    {
        "." => "may not be '.'",
        ".." => "may not be '..'",
        _ when name.Contains('/', StringComparison.Ordinal) => "may not contain '/'",
        _ when name.Contains('%', StringComparison.Ordinal) => "may not contain '%'",
        _ => null,
    };

    /// <summary>validateHTTPIngressPath's path rules (after the pathType check).</summary>
    public static void IngressPath(FieldErrors errors, string field, string? pathType, SsaValue? path)
    {
        var text = path is { Kind: SsaValueKind.String } p ? p.AsString : string.Empty;
        var shown = SsaValue.FromString(text);
        switch (pathType)
        {
            case "Exact" or "Prefix":
                if (!text.StartsWith('/'))
                {
                    errors.Invalid(field, shown, "must be an absolute path");
                }

                if (text.Length > 0)
                {
                    foreach (var sequence in (ReadOnlySpan<string>)["//", "/./", "/../", "%2f", "%2F"])
                    {
                        if (text.Contains(sequence, StringComparison.Ordinal))
                        {
                            errors.Invalid(field, shown, $"must not contain '{sequence}'");
                        }
                    }

                    foreach (var suffix in (ReadOnlySpan<string>)["/..", "/."])
                    {
                        if (text.EndsWith(suffix, StringComparison.Ordinal))
                        {
                            errors.Invalid(field, shown, $"cannot end with '{suffix}'");
                        }
                    }
                }

                break;
            case "ImplementationSpecific" when text.Length > 0 && !text.StartsWith('/'):
                errors.Invalid(field, shown, "must be an absolute path");
                break;
        }
    }

    /// <summary>ValidateNetworkPolicySpec's ports and peers of each ingress and egress rule.</summary>
    public static void NetworkPolicySpec(FieldErrors errors, SsaValue? spec)
    {
        foreach (var (rules, peers) in new[] { ("ingress", "from"), ("egress", "to") })
        {
            var list = Get(spec, rules)?.AsList ?? [];
            for (var i = 0; i < list.Count; i++)
            {
                var path = $"spec.{rules}[{i}]";
                var ports = Get(list[i], "ports")?.AsList ?? [];
                for (var j = 0; j < ports.Count; j++)
                {
                    NetworkPolicyPort(errors, $"{path}.ports[{j}]", ports[j]);
                }

                var peerList = Get(list[i], peers)?.AsList ?? [];
                for (var j = 0; j < peerList.Count; j++)
                {
                    NetworkPolicyPeer(errors, $"{path}.{peers}[{j}]", peerList[j]);
                }
            }
        }
    }

    private static void NetworkPolicyPort(FieldErrors errors, string path, SsaValue port)
    {
        if (Get(port, "protocol") is { Kind: SsaValueKind.String } protocol && protocol.AsString is not ("TCP" or "UDP" or "SCTP"))
        {
            errors.NotSupported(path + ".protocol", protocol, "TCP", "UDP", "SCTP");
        }

        var end = Get(port, "endPort") is { Kind: SsaValueKind.Integer } e ? e : null;
        switch (Get(port, "port"))
        {
            case { Kind: SsaValueKind.Integer } number:
                if (number.AsInteger is < 1 or > 65535)
                {
                    errors.Invalid(path + ".port", number, "must be between 1 and 65535, inclusive");
                }

                if (end is not null)
                {
                    if (end.AsInteger < number.AsInteger)
                    {
                        errors.Invalid(path + ".endPort", number, "must be greater than or equal to `port`");
                    }

                    if (end.AsInteger is < 1 or > 65535)
                    {
                        errors.Invalid(path + ".endPort", end, "must be between 1 and 65535, inclusive");
                    }
                }

                break;
            case { Kind: SsaValueKind.String } name:
                if (end is not null)
                {
                    errors.Invalid(path + ".endPort", end, "may not be specified when `port` is non-numeric");
                }

                foreach (var message in NameRules.PortName(name.AsString))
                {
                    errors.Invalid(path + ".port", name, message);
                }

                break;
            default:
                if (end is not null)
                {
                    errors.Invalid(path + ".endPort", end, "may not be specified when `port` is not specified");
                }

                break;
        }
    }

    private static void NetworkPolicyPeer(FieldErrors errors, string path, SsaValue peer)
    {
        var count = 0;
        count += Get(peer, "podSelector") is { IsNull: false } ? 1 : 0;
        count += Get(peer, "namespaceSelector") is { IsNull: false } ? 1 : 0;
        var block = Get(peer, "ipBlock") is { IsMap: true } b ? b : null;
        if (block is not null)
        {
            count++;
            var cidr = Str(block, "cidr") ?? string.Empty;
            if (cidr.Length == 0)
            {
                errors.Required(path + ".ipBlock.cidr", string.Empty);
            }
            else if (!System.Net.IPNetwork.TryParse(cidr, out _))
            {
                errors.Invalid(path + ".ipBlock.cidr", SsaValue.FromString(cidr), "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
            }
        }

        if (count == 0)
        {
            errors.Required(path, "must specify a peer");
        }
        else if (count > 1 && block is not null)
        {
            errors.Forbidden(path, "may not specify both ipBlock and another peer");
        }
    }

    // IsIntegerResourceName: object counts and extended resources.
    private static readonly HashSet<string> IntegerResources = new(StringComparer.Ordinal)
    {
        "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims",
        "services.nodeports", "services.loadbalancers",
    };

    /// <summary>ValidateResourceQuotaSpec's values: non-negative, whole numbers for counts and extended resources.</summary>
    public static void QuotaIntegers(FieldErrors errors, SsaValue? hard, string path)
    {
        foreach (var (name, value) in hard is { IsMap: true } h ? h.AsMap.Entries : [])
        {
            var field = $"{path}[{name}]";
            if (Quantity.Compare(value.ToString(), "0") < 0)
            {
                errors.Invalid(field, value, "must be greater than or equal to 0");
            }

            // IsExtendedResourceName: a domain-prefixed name outside kubernetes.io, not a "requests." quota name.
            var extended = name.Contains('/', StringComparison.Ordinal) && !name.StartsWith("requests.", StringComparison.Ordinal)
                && !name.Contains("kubernetes.io/", StringComparison.Ordinal);
            var integer = IntegerResources.Contains(name) || extended;
            if (integer && Quantity.Compare(value.ToString(), "0") is not null && !Quantity.IsWhole(value.ToString()))
            {
                errors.Invalid(field, value, "must be an integer");
            }
        }
    }
}
