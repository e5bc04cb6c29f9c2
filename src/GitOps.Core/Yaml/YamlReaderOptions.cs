namespace GitOps.Yaml;

/// <summary>Limits and rules for reading YAML. The defaults suit Kubernetes manifests and stop hostile input.</summary>
public sealed class YamlReaderOptions
{
    /// <summary>Shared default options.</summary>
    public static YamlReaderOptions Default { get; } = new();

    /// <summary>The options for manifests read as kubectl reads them (<see cref="YamlDialect.Kubernetes"/>, default limits).</summary>
    public static YamlReaderOptions Kubernetes { get; } = new() { Dialect = YamlDialect.Kubernetes };

    /// <summary>Which Go YAML library's rules apply. Default <see cref="YamlDialect.KYaml"/>.</summary>
    public YamlDialect Dialect { get; init; } = YamlDialect.KYaml;

    /// <summary>
    /// How deeply collections may nest. Default 256. Reading is refused beyond it with a
    /// <see cref="YamlException"/>, long before the thread's stack is at risk.
    /// </summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>
    /// How many nodes alias expansion may copy in one input (stops "billion laughs" documents).
    /// Default 100,000.
    /// </summary>
    public int MaxAliasExpansionNodes { get; init; } = 100_000;

    /// <summary>
    /// How many bytes of scalar text (plus 16 per copied node) alias expansion may copy in one input, so that
    /// a large scalar aliased many times is refused. Default 16 MiB.
    /// </summary>
    public long MaxAliasExpansionBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>The largest input, in characters (or bytes for UTF-8 input), that is read. Default 64 MiB.</summary>
    public long MaxInputBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Whether a key repeated in one mapping is accepted, the last value winning (as Go's yaml.v2 does
    /// when kustomize reads a kustomization file). Default false: a repeated key is an error, as with
    /// yaml.v3. The <see cref="YamlDialect.Kubernetes"/> dialect always keeps the last value, as kubectl does.
    /// </summary>
    public bool AllowDuplicateKeys { get; init; }

    /// <summary>
    /// The table of scalar texts shared by every read with these options (one kustomize build's); without one, each
    /// read shares texts among its own scalars only.
    /// </summary>
    internal Internal.SharedTexts? SharedTexts { get; init; }

    /// <summary>Checks that every limit is positive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAliasExpansionNodes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAliasExpansionBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxInputBytes);
        if (!Enum.IsDefined(Dialect))
        {
            throw new ArgumentOutOfRangeException(nameof(Dialect), Dialect, "unknown YAML dialect");
        }
    }
}
