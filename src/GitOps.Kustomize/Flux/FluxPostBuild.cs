namespace GitOps.Kustomize.Flux;

/// <summary>
/// <c>spec.postBuild</c>: the variables substituted into every built object (<c>${var}</c> and Flux's other
/// expressions). Sources are read in order, later keys overriding earlier ones, and <see cref="Substitute"/>
/// overrides them all; newlines are removed from every value, as Flux does.
/// </summary>
public sealed class FluxPostBuild
{
    /// <summary><c>spec.postBuild.substitute</c>: inline variables, which win over every source.</summary>
    public IReadOnlyDictionary<string, string> Substitute { get; init; } = new Dictionary<string, string>();

    /// <summary><c>spec.postBuild.substituteFrom</c>: ConfigMaps and Secrets the caller has read, in the order listed.</summary>
    public IReadOnlyList<FluxVariableSource> SubstituteFrom { get; init; } = [];

    /// <summary><c>spec.postBuild.substituteStrategy</c>. Default <see cref="FluxSubstituteStrategy.WithVariables"/>.</summary>
    public FluxSubstituteStrategy Strategy { get; init; } = FluxSubstituteStrategy.WithVariables;
}

/// <summary>When substitution runs.</summary>
public enum FluxSubstituteStrategy
{
    /// <summary>Only when at least one variable is defined (Flux's default).</summary>
    WithVariables,

    /// <summary>Always, so that <c>${var:=default}</c> expressions resolve with no variables at all.</summary>
    Always,
}

/// <summary>
/// A <c>substituteFrom</c> entry with the data the caller read for it. A vendor reads the ConfigMap's
/// <c>data</c> or the Secret's decoded <c>data</c> from its cluster and passes it here; <see cref="Values"/>
/// null means the object was not found, which fails the build unless <see cref="Optional"/>.
/// </summary>
/// <param name="Kind"><c>ConfigMap</c> or <c>Secret</c>.</param>
/// <param name="Name">The object's name.</param>
public sealed record FluxVariableSource(string Kind, string Name)
{
    /// <summary>The object's data (Secret values decoded); null when the object does not exist.</summary>
    public IReadOnlyDictionary<string, string>? Values { get; init; }

    /// <summary>Whether a missing object is skipped instead of failing the build.</summary>
    public bool Optional { get; init; }

    /// <summary>A ConfigMap source.</summary>
    /// <param name="name">The ConfigMap's name.</param>
    /// <param name="data">Its <c>data</c>; null when it does not exist.</param>
    /// <param name="optional">Whether a missing ConfigMap is skipped.</param>
    public static FluxVariableSource ConfigMap(string name, IReadOnlyDictionary<string, string>? data, bool optional = false) =>
        new("ConfigMap", name) { Values = data, Optional = optional };

    /// <summary>A Secret source.</summary>
    /// <param name="name">The Secret's name.</param>
    /// <param name="data">Its <c>data</c>, base64-decoded to text; null when it does not exist.</param>
    /// <param name="optional">Whether a missing Secret is skipped.</param>
    public static FluxVariableSource Secret(string name, IReadOnlyDictionary<string, string>? data, bool optional = false) =>
        new("Secret", name) { Values = data, Optional = optional };
}
