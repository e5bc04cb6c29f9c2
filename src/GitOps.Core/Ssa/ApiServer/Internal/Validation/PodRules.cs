using GitOps.Ssa.Values;
using static GitOps.Ssa.ApiServer.Internal.Edit;

namespace GitOps.Ssa.ApiServer.Internal.Validation;

/// <summary>Pod spec validation (pods and every pod template).</summary>
internal static class PodRules
{
    private static readonly string[] ContainerLists = ["initContainers", "containers"];

    public static void PodSpec(FieldErrors errors, string path, SsaValue? spec)
    {
        if (spec is not { IsMap: true })
        {
            return;
        }

        foreach (var list in ContainerLists)
        {
            var containers = Get(spec, list)?.AsList ?? [];
            for (var i = 0; i < containers.Count; i++)
            {
                var ports = Get(containers[i], "ports")?.AsList ?? [];
                for (var j = 0; j < ports.Count; j++)
                {
                    Port(errors, $"{path}.{list}[{i}].ports[{j}].containerPort", Get(ports[j], "containerPort"));
                    if (Get(ports[j], "hostPort") is { Kind: SsaValueKind.Integer, AsInteger: not 0 } hostPort)
                    {
                        Port(errors, $"{path}.{list}[{i}].ports[{j}].hostPort", hostPort);
                    }
                }
            }
        }
    }

    private static void Port(FieldErrors errors, string field, SsaValue? port)
    {
        if (port is { Kind: SsaValueKind.Integer } p && p.AsInteger is < 1 or > 65535)
        {
            errors.Invalid(field, p, "must be between 1 and 65535, inclusive");
        }
    }
}
