namespace GitOps.Yaml;

/// <summary>Limits for reading YAML. The defaults suit Kubernetes manifests and stop hostile input.</summary>
public sealed class YamlReaderOptions
{
    /// <summary>Shared default options.</summary>
    public static YamlReaderOptions Default { get; } = new();

    /// <summary>How deeply collections may nest. Default 256.</summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>
    /// How many nodes alias expansion may copy in one input (stops "billion laughs" documents).
    /// Default 100,000.
    /// </summary>
    public int MaxAliasExpansionNodes { get; init; } = 100_000;

    /// <summary>
    /// Whether a key repeated in one mapping is accepted, the last value winning (as Go's yaml.v2 does
    /// when kustomize reads a kustomization file). Default false: a repeated key is an error, as with
    /// yaml.v3.
    /// </summary>
    public bool AllowDuplicateKeys { get; init; }
}
