using GitOps.Ssa.ManagedFields.Internal;
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
