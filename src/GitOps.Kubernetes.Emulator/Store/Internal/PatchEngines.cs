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
/// Strategic merge runs with <see cref="StrategicMergePatchOptions.ApiServer"/>: apimachinery's
/// <c>$retainKeys</c>, <c>$setElementOrder</c> and <c>$deleteFromPrimitiveList</c> directives (kubectl sends
/// them in client-side applies) and the server's list order.
/// </remarks>
internal static class PatchEngines
{
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
                KubernetesPatchType.Json => FromNode(ApplyJsonPatch(target, patch)),
                _ => StrategicMerge(target, patch),
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

    // The patch handler refuses a JSON patch it cannot decode with 400 and the decoder's message, and one that
    // fails on the object (a failed test, a missing path) with apimachinery's generic 422, which keeps the
    // patch library's message to itself (NewGenericServerResponse).
    private static YamlNode ApplyJsonPatch(YamlNode target, string patch)
    {
        JsonPatch operations;
        try
        {
            operations = JsonPatch.Parse(patch);
        }
        catch (PatchException e)
        {
            throw KubernetesApiException.BadRequest(e.Message);
        }

        try
        {
            return operations.Apply(target);
        }
        catch (PatchException e)
        {
            throw new KubernetesApiException(
                KubernetesApiException.BuildStatus(422, "Invalid", "the server rejected our request due to an error in our request", SsaValue.EmptyMap), e);
        }
    }

    private static SsaValue StrategicMerge(YamlNode target, string patch) =>
        FromNode(StrategicMergePatch.ApplyInPlace(target, YamlReader.ReadDocument(patch), StrategicMergePatchOptions.ApiServer)
            ?? throw KubernetesApiException.BadRequest("a strategic merge patch may not delete the whole object"));

    private static YamlNode ToNode(SsaValue value) => YamlReader.ReadDocument(value.ToJson());

    private static SsaValue FromNode(YamlNode node) =>
        SsaValue.ParseYaml(YamlWriter.ToKubernetesYaml([node])) ?? SsaValue.EmptyMap;
}
