using GitOps.Kubernetes.Emulator.Resources;
using GitOps.Patching;
using GitOps.Ssa.Values;
using GitOps.Yaml;

namespace GitOps.Kubernetes.Emulator.Store.Internal;

/// <summary>
/// Applies a PATCH body to the live object (at the request's version) with GitOps.Core's patch engines:
/// RFC 7386 merge, RFC 6902 JSON patch, and strategic merge with the Kubernetes merge keys.
/// </summary>
/// <remarks>
/// Core's strategic merge follows kyaml (kustomize), which treats apimachinery's ordering and retain
/// directives as plain fields; kubectl sends them in client-side applies, so they are dropped here first
/// (<c>$setElementOrder</c> only orders, <c>$retainKeys</c> only prunes what the patch already clears).
/// <c>$deleteFromPrimitiveList</c> is honoured by removing the listed values after the merge.
/// </remarks>
internal static class PatchEngines
{
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";

    public static SsaValue Apply(KubernetesResourceType type, KubernetesPatchType patchType, SsaValue live, string patch)
    {
        if (patchType == KubernetesPatchType.StrategicMerge && !KubernetesResourceCatalog.BuiltIn.Types.Contains(type))
        {
            throw KubernetesApiException.UnsupportedMediaType("application/strategic-merge-patch+json (not supported for custom resources)");
        }

        try
        {
            var target = ToNode(live);
            return patchType switch
            {
                KubernetesPatchType.Merge => FromNode(JsonMergePatch.Apply(target, YamlReader.ReadDocument(patch))),
                KubernetesPatchType.Json => FromNode(JsonPatch.Parse(patch).Apply(target)),
                _ => StrategicMerge(live, target, patch),
            };
        }
        catch (PatchException e)
        {
            throw new KubernetesApiException(KubernetesApiException.BuildStatus(422, "Invalid", e.Message, null), e);
        }
        catch (GitOpsException e) when (e is not KubernetesApiException)
        {
            throw KubernetesApiException.BadRequest("error decoding patch: " + e.Message);
        }
    }

    private static SsaValue StrategicMerge(SsaValue live, YamlNode target, string patch)
    {
        var document = SsaValue.ParseJson(patch);
        var deletions = new List<(string[] Path, SsaValue Values)>();
        var cleaned = Clean(document, [], deletions);
        var merged = StrategicMergePatch.Apply(target, ToNode(cleaned))
            ?? throw KubernetesApiException.BadRequest("a strategic merge patch may not delete the whole object");
        var result = FromNode(merged);
        foreach (var (path, values) in deletions)
        {
            result = RemoveValues(result, path, values);
        }

        _ = live;
        return result;
    }

    private static SsaValue Clean(SsaValue value, string[] path, List<(string[] Path, SsaValue Values)> deletions)
    {
        if (value.IsList)
        {
            return SsaValue.FromList(value.AsList.Select(v => Clean(v, path, deletions)));
        }

        if (!value.IsMap)
        {
            return value;
        }

        var entries = new List<KeyValuePair<string, SsaValue>>();
        foreach (var (key, child) in value.AsMap.Entries)
        {
            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal) || key == "$retainKeys")
            {
                continue;
            }

            if (key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                deletions.Add(([.. path, key[DeleteFromPrimitiveList.Length..]], child));
                continue;
            }

            entries.Add(new(key, Clean(child, [.. path, key], deletions)));
        }

        return SsaValue.FromMap(entries);
    }

    private static SsaValue RemoveValues(SsaValue obj, string[] path, SsaValue values)
    {
        if (path.Length == 0 || !obj.IsMap)
        {
            return obj;
        }

        var child = Obj.Get(obj, path[0]);
        if (child is null)
        {
            return obj;
        }

        if (path.Length == 1)
        {
            return child.IsList
                ? Obj.With(obj, path[0], SsaValue.FromList(child.AsList.Where(v => !values.AsList.Any(d => SsaValue.DeepEquals(d, v)))))
                : obj;
        }

        return Obj.With(obj, path[0], RemoveValues(child, path[1..], values));
    }

    private static YamlNode ToNode(SsaValue value) => YamlReader.ReadDocument(value.ToJson());

    private static SsaValue FromNode(YamlNode node) =>
        SsaValue.ParseYaml(YamlWriter.ToKubernetesYaml([node])) ?? SsaValue.EmptyMap;
}
