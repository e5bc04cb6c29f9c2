using System.Buffers;
using GitOps.Yaml;

namespace GitOps.Kustomize;

/// <summary>The objects a kustomize build produced, in kustomize's output order.</summary>
/// <param name="Resources">The objects, in order.</param>
public sealed record KustomizeBuildResult(IReadOnlyList<YamlMapping> Resources)
{
    /// <summary>Writes the objects exactly as <c>kubectl kustomize</c> prints them.</summary>
    /// <param name="output">Where the UTF-8 bytes go.</param>
    public void WriteYaml(IBufferWriter<byte> output) => YamlWriter.WriteKubernetesObjects(Resources, output);

    /// <summary>The objects exactly as <c>kubectl kustomize</c> prints them.</summary>
    public string ToYaml() => YamlWriter.ToKubernetesYaml(Resources);
}
