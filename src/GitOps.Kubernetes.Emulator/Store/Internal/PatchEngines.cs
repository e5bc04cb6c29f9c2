using GitOps.Kubernetes.Emulator.Resources;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Store.Internal;

/// <summary>Applies a PATCH body to the live object (at the request's version).</summary>
internal static class PatchEngines
{
    public static SsaValue Apply(KubernetesResourceType type, KubernetesPatchType patchType, SsaValue live, string patch)
    {
        _ = type;
        SsaValue document;
        try
        {
            document = SsaValue.ParseJson(patch);
        }
        catch (GitOpsException e)
        {
            throw KubernetesApiException.BadRequest("error decoding patch: " + e.Message);
        }

        return patchType switch
        {
            KubernetesPatchType.Merge => JsonMergePatch.Apply(live, document),
            KubernetesPatchType.Json => throw KubernetesApiException.UnsupportedMediaType("application/json-patch+json"),
            _ => throw KubernetesApiException.UnsupportedMediaType("application/strategic-merge-patch+json"),
        };
    }
}
