using GitOps.Kubernetes.Emulator.Resources;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Store.Internal;

/// <summary>What a stored CustomResourceDefinition serves, and the status the API server's CRD controllers write.</summary>
internal static class CustomResourceTypes
{
    public static IEnumerable<KubernetesResourceType> Of(SsaValue crd)
    {
        var spec = Obj.Get(crd, "spec");
        var names = Obj.Get(spec, "names");
        var group = Obj.GetString(spec, "group") ?? string.Empty;
        var kind = Obj.GetString(names, "kind");
        var plural = Obj.GetString(names, "plural");
        if (kind is null || plural is null)
        {
            yield break;
        }

        var namespaced = Obj.GetString(spec, "scope") != "Cluster";
        var shortNames = Obj.Get(names, "shortNames") is { IsList: true } s ? s.AsList.Where(v => v.Kind == SsaValueKind.String).Select(v => v.AsString).ToArray() : [];
        foreach (var version in Obj.Get(spec, "versions")?.AsList ?? [])
        {
            if (Obj.Get(version, "served") is { Kind: SsaValueKind.Boolean } served && !served.AsBoolean)
            {
                continue;
            }

            var subresources = new List<string>();
            var declared = Obj.Get(version, "subresources");
            if (Obj.Get(declared, "status") is not null)
            {
                subresources.Add("status");
            }

            if (Obj.Get(declared, "scale") is not null)
            {
                subresources.Add("scale");
            }

            if (Obj.GetString(version, "name") is { } name)
            {
                yield return new KubernetesResourceType(group, name, kind, plural, namespaced, subresources, shortNames);
            }
        }
    }

    /// <summary>The status kube-apiserver's naming and establishing controllers give an accepted CRD.</summary>
    public static SsaValue WithEstablishedStatus(SsaValue crd, string now)
    {
        var spec = Obj.Get(crd, "spec");
        var names = Obj.Get(spec, "names") ?? SsaValue.EmptyMap;
        var kind = Obj.GetString(names, "kind") ?? string.Empty;
        if (Obj.Get(names, "singular") is null)
        {
            names = Obj.With(names, "singular", Obj.Str(kind.ToLowerInvariant()));
        }

        if (Obj.Get(names, "listKind") is null)
        {
            names = Obj.With(names, "listKind", Obj.Str(kind + "List"));
        }

        var storage = (Obj.Get(spec, "versions")?.AsList ?? []).FirstOrDefault(v => Obj.Get(v, "storage") is { Kind: SsaValueKind.Boolean } b && b.AsBoolean);
        var stored = Obj.Get(Obj.Get(crd, "status"), "storedVersions") is { IsList: true } previous && previous.AsList.Count > 0
            ? previous
            : SsaValue.FromList(storage is null ? [] : [Obj.Get(storage, "name")!]);
        var existing = Obj.Get(Obj.Get(crd, "status"), "conditions");
        var conditions = existing is { IsList: true } && existing.AsList.Count >= 2
            ? existing
            : SsaValue.FromList(
            [
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now),
            ]);
        return Obj.With(crd, "status", Obj.Map(("acceptedNames", names), ("conditions", conditions), ("storedVersions", stored)));
    }

    private static SsaValue Condition(string type, string reason, string message, string now) => Obj.Map(
        ("lastTransitionTime", Obj.Str(now)),
        ("message", Obj.Str(message)),
        ("reason", Obj.Str(reason)),
        ("status", Obj.Str("True")),
        ("type", Obj.Str(type)));
}
