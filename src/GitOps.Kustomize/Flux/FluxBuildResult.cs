using System.Buffers;
using GitOps.Yaml;

namespace GitOps.Kustomize.Flux;

/// <summary>The objects a Flux build produced and the kustomization it built them from.</summary>
/// <param name="Resources">The objects, in kustomize's order, after substitution and common metadata.</param>
/// <param name="Kustomization">The kustomization Flux's generator gave kustomize (generated or amended), as YAML.</param>
/// <param name="KustomizationGenerated">Whether the directory had no kustomization file, so it was generated from the scan.</param>
public sealed record FluxBuildResult(IReadOnlyList<YamlMapping> Resources, string Kustomization, bool KustomizationGenerated)
{
    /// <summary>Writes the objects as <c>flux build kustomization</c> prints them.</summary>
    /// <param name="output">Where the UTF-8 bytes go.</param>
    public void WriteYaml(IBufferWriter<byte> output) => YamlWriter.WriteKubernetesObjects(Resources, output);

    /// <summary>The objects as <c>flux build kustomization</c> prints them.</summary>
    public string ToYaml() => YamlWriter.ToKubernetesYaml(Resources);
}
