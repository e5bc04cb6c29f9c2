using System.Buffers;
using GitOps.Ssa.Values;
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

    /// <summary>
    /// The objects as immutable values for <see cref="GitOps.Ssa.ServerSideApply"/>, in memory (no YAML is written
    /// or parsed): each has exactly the value that applying <see cref="ToYaml"/> with kubectl would send.
    /// </summary>
    /// <returns>One value per object, in order.</returns>
    /// <exception cref="SsaFormatException">An object holds a value JSON cannot carry (NaN, infinity).</exception>
    public IReadOnlyList<SsaValue> ToSsaValues() => [.. Resources.Select(r => SsaValue.FromYaml(r, YamlDialect.KYaml))];
}
