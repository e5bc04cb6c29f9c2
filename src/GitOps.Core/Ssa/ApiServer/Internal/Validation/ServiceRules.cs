using GitOps.Ssa.Values;
using static GitOps.Ssa.ApiServer.Internal.Edit;

namespace GitOps.Ssa.ApiServer.Internal.Validation;

/// <summary>
/// Service validation: what the REST layer's allocation refuses before validation (dual stack on a single-stack
/// cluster, node ports out of range or taken), then validateService's port, external name and selector rules;
/// cluster IPs never change once set, and headless cannot be a LoadBalancer.
/// </summary>
internal static class ServiceRules
{
    private const int NodePortMin = 30000;
    private const int NodePortMax = 32767;

    /// <summary>The allocation step of Service create/update (initIPFamilyFields, node port allocation).</summary>
    public static void Allocation(FieldErrors errors, SsaValue? oldSpec, SsaValue? spec)
    {
        var headlessWithoutSelector = Str(spec, "clusterIP") == "None" && Get(spec, "selector") is not { IsMap: true, AsMap.Count: > 0 };
        if (Str(spec, "ipFamilyPolicy") == "RequireDualStack" && !headlessWithoutSelector && Str(oldSpec, "ipFamilyPolicy") != "RequireDualStack")
        {
            errors.Invalid("spec.ipFamilyPolicy", Get(spec, "ipFamilyPolicy"), "this cluster is not configured for dual-stack services");
            return;
        }

        var old = (Get(oldSpec, "ports")?.AsList ?? []).Select(p => Get(p, "nodePort")).OfType<SsaValue>().Where(n => n.Kind == SsaValueKind.Integer).Select(n => n.AsInteger).ToHashSet();
        var taken = new HashSet<long>();
        var ports = Get(spec, "ports")?.AsList ?? [];
        for (var i = 0; i < ports.Count; i++)
        {
            if (Get(ports[i], "nodePort") is not { Kind: SsaValueKind.Integer, AsInteger: not 0 } nodePort || old.Contains(nodePort.AsInteger))
            {
                continue;
            }

            if (nodePort.AsInteger is < NodePortMin or > NodePortMax)
            {
                errors.Invalid($"spec.ports[{i}].nodePort", nodePort, $"provided port is not in the valid range. The range of valid ports is {NodePortMin}-{NodePortMax}");
                return;
            }

            if (!taken.Add(nodePort.AsInteger))
            {
                errors.Invalid($"spec.ports[{i}].nodePort", nodePort, "provided port is already allocated");
                return;
            }
        }
    }

    /// <summary>validateService's rules on ports, the external name and the selector.</summary>
    public static void Spec(FieldErrors errors, SsaValue? spec)
    {
        var type = Str(spec, "type") ?? "ClusterIP";
        var headless = Str(spec, "clusterIP") == "None";
        if (Get(spec, "ports") is not { IsList: true, AsList.Count: > 0 } && !headless && type != "ExternalName")
        {
            errors.Required("spec.ports", string.Empty);
        }

        if (type == "ExternalName")
        {
            if (Get(spec, "clusterIPs") is { IsList: true, AsList.Count: > 0 } || Str(spec, "clusterIP") is { Length: > 0 })
            {
                errors.Forbidden("spec.clusterIPs", "may not be set for ExternalName services");
            }

            var name = (Str(spec, "externalName") ?? string.Empty).TrimEnd('.');
            if (Str(spec, "externalName") is null or "")
            {
                errors.Required("spec.externalName", string.Empty);
            }

            foreach (var message in name.Length == 0 ? [] : NameRules.Dns1123Subdomain(name))
            {
                errors.Invalid("spec.externalName", Get(spec, "externalName"), message);
            }
        }

        var ports = Get(spec, "ports")?.AsList ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            Port(errors, $"spec.ports[{i}]", ports[i], ports.Count > 1, names);
        }

        NameRules.Labels(errors, "spec.selector", Get(spec, "selector"));
        if (Get(spec, "sessionAffinity") is { Kind: SsaValueKind.String } affinity && affinity.AsString is not ("ClientIP" or "None"))
        {
            errors.NotSupported("spec.sessionAffinity", affinity, "ClientIP", "None");
        }

        if (type == "ClusterIP")
        {
            for (var i = 0; i < ports.Count; i++)
            {
                if (Get(ports[i], "nodePort") is { Kind: SsaValueKind.Integer, AsInteger: not 0 })
                {
                    errors.Forbidden($"spec.ports[{i}].nodePort", "may not be used when `type` is 'ClusterIP'");
                }
            }
        }

        if (Get(spec, "loadBalancerSourceRanges") is { IsList: true, AsList.Count: > 0 } && type != "LoadBalancer")
        {
            // (sic) the field path is spelled with a capital L by validateService.
            errors.Forbidden("spec.LoadBalancerSourceRanges", "may only be used when `type` is 'LoadBalancer'");
        }
    }

    // validateServicePort: a name when there are several ports, the port, the protocol and the target port.
    private static void Port(FieldErrors errors, string path, SsaValue port, bool requireName, HashSet<string> names)
    {
        var name = Get(port, "name");
        if (requireName && name is not { Kind: SsaValueKind.String, AsString.Length: > 0 })
        {
            errors.Required(path + ".name", string.Empty);
        }
        else if (name is { Kind: SsaValueKind.String, AsString.Length: > 0 })
        {
            foreach (var message in NameRules.Dns1123Label(name.AsString))
            {
                errors.Invalid(path + ".name", name, message);
            }

            if (!names.Add(name.AsString))
            {
                errors.Duplicate(path + ".name", name);
            }
        }

        if (Get(port, "port") is { Kind: SsaValueKind.Integer } number && number.AsInteger is < 1 or > 65535)
        {
            errors.Invalid(path + ".port", number, "must be between 1 and 65535, inclusive");
        }

        if (Get(port, "protocol") is { Kind: SsaValueKind.String } protocol && protocol.AsString is not ("TCP" or "UDP" or "SCTP"))
        {
            errors.NotSupported(path + ".protocol", protocol, "SCTP", "TCP", "UDP");
        }

        switch (Get(port, "targetPort"))
        {
            case { Kind: SsaValueKind.Integer } target when target.AsInteger is < 1 or > 65535:
                errors.Invalid(path + ".targetPort", target, "must be between 1 and 65535, inclusive");
                break;
            case { Kind: SsaValueKind.String } target:
                foreach (var message in NameRules.PortName(target.AsString))
                {
                    errors.Invalid(path + ".targetPort", target, message);
                }

                break;
        }
    }

    public static void Service(FieldErrors errors, SsaValue? oldSpec, SsaValue? spec)
    {
        var type = Str(spec, "type") ?? "ClusterIP";
        var ips = Get(spec, "clusterIPs") is { IsList: true, AsList.Count: > 0 } list ? list : Str(spec, "clusterIP") is { Length: > 0 } ip ? SsaValue.FromList([SsaValue.FromString(ip)]) : null;
        if (type == "LoadBalancer" && ips?.AsList[0].ToString() == "None")
        {
            errors.Invalid("spec.clusterIPs[0]", ips.AsList[0], "may not be set to 'None' for LoadBalancer services");
            return;
        }

        if (oldSpec is null || type == "ExternalName" || Str(oldSpec, "type") == "ExternalName" || ips is null)
        {
            return;
        }

        var oldIps = Get(oldSpec, "clusterIPs") is { IsList: true, AsList.Count: > 0 } o ? o : null;
        if (oldIps is not null && oldIps.AsList[0].ToString() != ips.AsList[0].ToString())
        {
            errors.Invalid("spec.clusterIPs[0]", ips, "may not change once set");
        }
    }
}
