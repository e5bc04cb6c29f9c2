namespace GitOps.Helm.Charts;

/// <summary>A chart's Chart.yaml (API version v1 or v2), with dependencies (from requirements.yaml for v1 charts).</summary>
public sealed record HelmChartMetadata
{
    /// <summary>The chart API version: <c>v1</c> (Helm 2 format) or <c>v2</c>.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>The chart name.</summary>
    public required string Name { get; init; }

    /// <summary>The chart version (a version as Helm reads it).</summary>
    public required string Version { get; init; }

    /// <summary>The application version, if given (a YAML number here becomes its string form, as in Helm: <c>1.10</c> reads as <c>1.1</c>).</summary>
    public string? AppVersion { get; init; }

    /// <summary>The description, if given.</summary>
    public string? Description { get; init; }

    /// <summary><c>application</c> or <c>library</c>, if given.</summary>
    public string? Type { get; init; }

    /// <summary>The Kubernetes version constraint, if given.</summary>
    public string? KubeVersion { get; init; }

    /// <summary>Whether the chart is deprecated.</summary>
    public bool Deprecated { get; init; }

    /// <summary>The keywords.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>The annotations.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The chart's dependencies (subcharts).</summary>
    public IReadOnlyList<HelmChartDependency> Dependencies { get; init; } = [];
}

/// <summary>One dependency of a chart.</summary>
public sealed record HelmChartDependency
{
    /// <summary>The dependency's chart name.</summary>
    public required string Name { get; init; }

    /// <summary>The version constraint (a Helm constraint), if given.</summary>
    public string? Version { get; init; }

    /// <summary>The repository URL or <c>@alias</c>, if given.</summary>
    public string? Repository { get; init; }

    /// <summary>The values path that enables the dependency, if given.</summary>
    public string? Condition { get; init; }

    /// <summary>The tags that enable the dependency.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The alias the dependency is installed under, if given.</summary>
    public string? Alias { get; init; }

    /// <summary>The name values and templates see: the alias when given, else the name.</summary>
    public string EffectiveName => string.IsNullOrEmpty(Alias) ? Name : Alias;
}
