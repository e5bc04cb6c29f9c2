using GitOps.Ssa.ManagedFields.Internal;
using GitOps.Ssa.Values;
using static GitOps.Ssa.ApiServer.Internal.Edit;

namespace GitOps.Ssa.ApiServer.Internal.Validation;

/// <summary>Pod spec validation (pods and every pod template).</summary>
internal static class PodRules
{
    private static readonly string[] ContainerLists = ["initContainers", "containers"];

    public static void PodSpec(FieldErrors errors, string path, SsaValue? spec, IEnumerable<string>? extraVolumes = null)
    {
        if (spec is not { IsMap: true })
        {
            return;
        }

        // ValidatePodSpec: containers, then init containers, then the pod-level fields.
        // A StatefulSet's claim templates are volumes of its pods too.
        var volumes = (Get(spec, "volumes")?.AsList ?? []).Select(v => Str(v, "name")).OfType<string>().Concat(extraVolumes ?? []).ToHashSet(StringComparer.Ordinal);
        foreach (var list in (ReadOnlySpan<string>)["containers", "initContainers"])
        {
            var containers = Get(spec, list)?.AsList ?? [];
            for (var i = 0; i < containers.Count; i++)
            {
                Container(errors, $"{path}.{list}[{i}]", containers[i], volumes);
            }
        }

        if (Get(Get(spec, "securityContext"), "hostNetwork") is { Kind: SsaValueKind.Boolean, AsBoolean: true } || Get(spec, "hostNetwork") is { Kind: SsaValueKind.Boolean, AsBoolean: true })
        {
            // validateHostNetwork: host ports equal their container ports.
            var containers = Get(spec, "containers")?.AsList ?? [];
            for (var i = 0; i < containers.Count; i++)
            {
                var ports = Get(containers[i], "ports")?.AsList ?? [];
                for (var j = 0; j < ports.Count; j++)
                {
                    if (Get(ports[j], "hostPort") is { Kind: SsaValueKind.Integer } host && Get(ports[j], "containerPort") is { Kind: SsaValueKind.Integer } port && host.AsInteger != port.AsInteger)
                    {
                        errors.Invalid($"{path}.containers[{i}].ports[{j}].hostPort", host, "must match `containerPort` when `hostNetwork` is true");
                    }
                }
            }
        }

        var tolerations = Get(spec, "tolerations")?.AsList ?? [];
        for (var i = 0; i < tolerations.Count; i++)
        {
            if (Str(tolerations[i], "operator") == "Exists" && Get(tolerations[i], "value") is { Kind: SsaValueKind.String, AsString.Length: > 0 } value)
            {
                errors.Invalid($"{path}.tolerations[{i}].operator", value, "value must be empty when `operator` is 'Exists'");
            }
        }

        if (Get(spec, "activeDeadlineSeconds") is { Kind: SsaValueKind.Integer } deadline && deadline.AsInteger is < 1 or > int.MaxValue)
        {
            errors.Invalid(path + ".activeDeadlineSeconds", deadline, "must be between 1 and 2147483647, inclusive");
        }

        if (Get(spec, "restartPolicy") is { Kind: SsaValueKind.String } restartPolicy)
        {
            if (restartPolicy.AsString.Length == 0)
            {
                errors.Required(path + ".restartPolicy", string.Empty);
            }
            else if (restartPolicy.AsString is not ("Always" or "OnFailure" or "Never"))
            {
                errors.NotSupported(path + ".restartPolicy", restartPolicy, "Always", "OnFailure", "Never");
            }
        }

        if (Str(spec, "dnsPolicy") == "None" && Get(spec, "dnsConfig") is null or { IsNull: true })
        {
            errors.Required(path + ".dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None");
        }
    }

    // validateContainerCommon: name, image, ports, env, resources.
    private static void Container(FieldErrors errors, string path, SsaValue container, HashSet<string> volumes)
    {
        if (Get(container, "name") is { Kind: SsaValueKind.String } name)
        {
            if (name.AsString.Length == 0)
            {
                errors.Required(path + ".name", string.Empty);
            }

            foreach (var message in name.AsString.Length == 0 ? [] : NameRules.Dns1123Label(name.AsString))
            {
                errors.Invalid(path + ".name", name, message);
            }
        }

        if (Str(container, "image") is null or "")
        {
            errors.Required(path + ".image", string.Empty);
        }

        var mounts = Get(container, "volumeMounts")?.AsList ?? [];
        for (var j = 0; j < mounts.Count; j++)
        {
            if (Get(mounts[j], "name") is { Kind: SsaValueKind.String } mountName && !volumes.Contains(mountName.AsString))
            {
                errors.NotFound($"{path}.volumeMounts[{j}].name", mountName);
            }
        }

        var ports = Get(container, "ports")?.AsList ?? [];
        for (var j = 0; j < ports.Count; j++)
        {
            if (Get(ports[j], "name") is { Kind: SsaValueKind.String, AsString.Length: > 0 } portName)
            {
                foreach (var message in NameRules.PortName(portName.AsString))
                {
                    errors.Invalid($"{path}.ports[{j}].name", portName, message);
                }
            }

            Port(errors, $"{path}.ports[{j}].containerPort", Get(ports[j], "containerPort"));
            if (Get(ports[j], "hostPort") is { Kind: SsaValueKind.Integer, AsInteger: not 0 } hostPort)
            {
                Port(errors, $"{path}.ports[{j}].hostPort", hostPort);
            }
        }

        var env = Get(container, "env")?.AsList ?? [];
        for (var j = 0; j < env.Count; j++)
        {
            if (Get(Get(env[j], "valueFrom"), "resourceFieldRef") is { IsMap: true } reference)
            {
                Divisor(errors, $"{path}.env[{j}].valueFrom.resourceFieldRef.divisor", Str(reference, "resource") ?? string.Empty, Str(reference, "divisor"));
            }
        }

        Resources(errors, path + ".resources", Get(container, "resources"));
        foreach (var probe in (ReadOnlySpan<string>)["livenessProbe", "readinessProbe", "startupProbe"])
        {
            var handlers = 0;
            foreach (var handler in (ReadOnlySpan<string>)["exec", "httpGet", "tcpSocket", "grpc"])
            {
                if (Get(Get(container, probe), handler) is { IsNull: false } && ++handlers > 1)
                {
                    errors.Forbidden($"{path}.{probe}.{handler}", "may not specify more than 1 handler type");
                }
            }
        }

        if (Get(container, "imagePullPolicy") is { Kind: SsaValueKind.String } pull && pull.AsString is not ("Always" or "IfNotPresent" or "Never"))
        {
            errors.NotSupported(path + ".imagePullPolicy", pull, "Always", "IfNotPresent", "Never");
        }
    }

    private const string SiDivisors = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei";
    private static readonly HashSet<string> SiDivisorValues = new(StringComparer.Ordinal) { "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei" };

    // validateContainerResourceDivisor: the stored divisor must be one of the unit values of its resource.
    private static void Divisor(FieldErrors errors, string field, string resource, string? divisor)
    {
        if (divisor is null || Quantity.SameValue(divisor, "0"))
        {
            return;
        }

        var what = resource switch
        {
            "limits.cpu" or "requests.cpu" => divisor is "1m" or "1" ? null : "only divisor's values 1m and 1 are supported with the cpu resource",
            "limits.memory" or "requests.memory" => SiDivisorValues.Contains(divisor) ? null : $"only divisor's values {SiDivisors} are supported with the memory resource",
            "limits.ephemeral-storage" or "requests.ephemeral-storage" => SiDivisorValues.Contains(divisor) ? null : $"only divisor's values {SiDivisors} are supported with the local ephemeral storage resource",
            _ when resource.StartsWith("requests.hugepages-", StringComparison.Ordinal) || resource.StartsWith("limits.hugepages-", StringComparison.Ordinal) =>
                SiDivisorValues.Contains(divisor) ? null : $"only divisor's values {SiDivisors} are supported with the hugepages resource",
            _ => null,
        };
        if (what is not null)
        {
            errors.Invalid(field, SsaValue.FromString(resource), what);
        }
    }

    // validateResourceRequirements: standard names, non-negative values, requests not above limits (equal for
    // resources that cannot be overcommitted), and a limit for each of those.
    private static void Resources(FieldErrors errors, string path, SsaValue? resources)
    {
        var limits = Get(resources, "limits") is { IsMap: true } l ? l.AsMap.Entries : [];
        var requests = Get(resources, "requests") is { IsMap: true } r ? r.AsMap.Entries : [];
        foreach (var (name, value) in limits)
        {
            ResourceValue(errors, $"{path}.limits[{name}]", name, value);
        }

        foreach (var (name, value) in requests)
        {
            ResourceValue(errors, $"{path}.requests[{name}]", name, value);
            var overcommit = !name.Contains('/', StringComparison.Ordinal) || name.Contains("kubernetes.io/", StringComparison.Ordinal);
            overcommit &= !name.StartsWith("hugepages-", StringComparison.Ordinal);
            var limit = limits.FirstOrDefault(e => e.Key == name).Value;
            if (limit is not null)
            {
                var cmp = Quantity.Compare(value.ToString(), limit.ToString());
                if (cmp is { } c && c != 0 && !overcommit)
                {
                    errors.Invalid(path + ".requests", value, $"must be equal to {name} limit of {limit}");
                }
                else if (cmp > 0)
                {
                    errors.Invalid(path + ".requests", value, $"must be less than or equal to {name} limit of {limit}");
                }
            }
            else if (!overcommit)
            {
                errors.Required(path + ".limits", "Limit must be set for non overcommitable resources");
            }
        }
    }

    private static void ResourceValue(FieldErrors errors, string field, string name, SsaValue value)
    {
        if (!name.Contains('/', StringComparison.Ordinal) && name is not ("cpu" or "memory" or "ephemeral-storage") && !name.StartsWith("hugepages-", StringComparison.Ordinal))
        {
            errors.Invalid(field, SsaValue.FromString(name), "must be a standard resource for containers");
        }

        if (Quantity.Compare(value.ToString(), "0") < 0)
        {
            errors.Invalid(field, value, "must be greater than or equal to 0");
        }
    }

    private const string PodUpdatable = "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    /// <summary>
    /// ValidatePodUpdate's last check: the new spec with its updatable fields taken from the old one
    /// (images, activeDeadlineSeconds, schedulingGates, tolerations, a negative grace period set to 1) must
    /// equal the old spec; the refusal quotes the diff of the two internal PodSpecs.
    /// </summary>
    public static void PodUpdate(FieldErrors errors, SsaValue? oldSpec, SsaValue? spec)
    {
        if (oldSpec is not { IsMap: true } || spec is not { IsMap: true } || SemanticEquality.Equal(oldSpec, spec))
        {
            return;
        }

        var munged = spec;
        foreach (var list in ContainerLists)
        {
            var old = Get(oldSpec, list)?.AsList ?? [];
            munged = Get(munged, list) is { IsList: true } containers && containers.AsList.Count == old.Count
                ? With(munged, list, SsaValue.FromList(containers.AsList.Select((c, i) => c.IsMap ? WithOrWithout(c, "image", Get(old[i], "image")) : c).ToList()))
                : munged;
        }

        foreach (var field in new[] { "activeDeadlineSeconds", "schedulingGates", "tolerations" })
        {
            munged = WithOrWithout(munged, field, Get(oldSpec, field));
        }

        if (Get(oldSpec, "terminationGracePeriodSeconds") is { Kind: SsaValueKind.Integer, AsInteger: < 0 } negative
            && Get(munged, "terminationGracePeriodSeconds") is { Kind: SsaValueKind.Integer, AsInteger: 1 })
        {
            munged = With(munged, "terminationGracePeriodSeconds", negative);
        }

        if (SemanticEquality.Equal(oldSpec, munged))
        {
            return;
        }

        var before = GoStructJson.Indented(oldSpec, "PodSpec");
        var after = GoStructJson.Indented(munged, "PodSpec");
        if (before != after)
        {
            errors.Forbidden("spec", $"pod updates may not change fields other than {PodUpdatable}\n{UnifiedDiff.Of(before, after)}");
        }
    }

    internal static SsaValue WithOrWithout(SsaValue map, string key, SsaValue? value) =>
        value is null ? KubernetesDefaults.Without(map, key) : With(map, key, value);

    private static void Port(FieldErrors errors, string field, SsaValue? port)
    {
        if (port is { Kind: SsaValueKind.Integer } p && p.AsInteger is < 1 or > 65535)
        {
            errors.Invalid(field, p, "must be between 1 and 65535, inclusive");
        }
    }
}
