using GitOps.Yaml;

namespace GitOps.Ssa.Values.Internal;

/// <summary>
/// YAML for SSA inputs and outputs: reading goes through <see cref="YamlReader"/> in the Kubernetes dialect
/// (sigs.k8s.io/yaml) and the one YAML-to-value conversion; writing is a small block-style writer.
/// </summary>
internal static class SsaYaml
{
    public static IReadOnlyList<SsaValue> ParseDocuments(string yaml, YamlReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        options ??= YamlReaderOptions.Kubernetes;
        IReadOnlyList<YamlNode> nodes;
        try
        {
            nodes = YamlReader.ReadDocuments(yaml, options);
        }
        catch (YamlException e)
        {
            throw new SsaFormatException($"invalid YAML: {e.Message}", e);
        }

        var result = new List<SsaValue>(nodes.Count);
        foreach (var node in nodes)
        {
            result.Add(YamlValueConverter.ToValue(node, options.Dialect));
        }

        return result;
    }

    public static SsaValue? Parse(string yaml, YamlReaderOptions? options = null)
    {
        var docs = ParseDocuments(yaml, options);
        return docs.Count switch
        {
            0 => null,
            1 => docs[0],
            _ => throw new SsaFormatException($"expected one YAML document, found {docs.Count}"),
        };
    }

    /// <summary>
    /// Writes a value as sigs.k8s.io/yaml marshals it (kubectl's <c>-o yaml</c>): through the one Go
    /// yaml.v2 emitter, keys sorted, scalars quoted and folded as Go quotes and folds them.
    /// </summary>
    public static string Write(SsaValue value) => YamlWriter.ToKubernetesYaml([YamlValueConverter.ToNode(value)]);
}
