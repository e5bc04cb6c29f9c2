using GitOps.Yaml;

namespace GitOps.Patching.Internal;

/// <summary>kyaml's small predicates over nodes (IsMissingOrNull, IsEmptyMap, GetValue...) on our YAML model.</summary>
internal static class NodeFacts
{
    /// <summary>Absent, or a scalar tagged null (<c>null</c>, <c>~</c>, an empty plain value).</summary>
    public static bool IsMissingOrNull(YamlNode? n) => n is null || n is YamlScalar { IsNull: true };

    public static bool IsEmptyMap(YamlNode? n) => IsMissingOrNull(n) || n is YamlMapping { Count: 0 };

    /// <summary>kyaml's IsNilOrEmpty: null, or an empty mapping or sequence.</summary>
    public static bool IsNilOrEmpty(YamlNode? n) =>
        n is null || n is YamlScalar { IsNull: true } || n is YamlMapping { Count: 0 } || n is YamlSequence { Count: 0 };

    /// <summary>A yaml.v3 node's Value: a scalar's text, empty for mappings and sequences.</summary>
    public static string Text(YamlNode? n) => n is YamlScalar s ? s.Value : string.Empty;

    public static string KindName(YamlNode n) => n switch
    {
        YamlMapping => "MappingNode",
        YamlSequence => "SequenceNode",
        _ => "ScalarNode",
    };

    /// <summary>yaml.v3's short tag of a node, as kyaml prints it in errors.</summary>
    public static string ShortTag(YamlNode n) => n switch
    {
        YamlMapping => "!!map",
        YamlSequence => "!!seq",
        YamlScalar s => s.Tag ?? s.ResolvedType switch
        {
            YamlValueType.Null => "!!null",
            YamlValueType.Bool => "!!bool",
            YamlValueType.WholeNumber => "!!int",
            YamlValueType.Real => "!!float",
            _ => "!!str",
        },
        _ => "!!str",
    };

    /// <summary>The node as YAML text, for error messages.</summary>
    public static string ToYaml(YamlNode n) => n is YamlScalar s ? s.Value + "\n" : YamlWriter.ToKubernetesYaml([n]);

    public static PatchException WrongKind(YamlNode node, string expected) =>
        new($"wrong node kind: expected {expected} but got {KindName(node)}: node contents:\n{ToYaml(node)}");
}
