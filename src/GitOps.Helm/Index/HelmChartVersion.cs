using Semver;

namespace GitOps.Helm.Index;

/// <summary>One version of a chart as the index lists it, with what selection and download need.</summary>
public sealed record HelmChartVersion
{
    /// <summary>The chart's key in the index (what <c>helm pull repo/NAME</c> names).</summary>
    public required string Name { get; init; }

    /// <summary>The chart name from the entry's metadata (usually equal to <see cref="Name"/>).</summary>
    public required string ChartName { get; init; }

    /// <summary>The version string exactly as listed (for example <c>v1.2.3</c> or <c>1.2</c>).</summary>
    public required string Version { get; init; }

    /// <summary>The application version, if listed.</summary>
    public string? AppVersion { get; init; }

    /// <summary>The chart's download URLs as listed (relative ones resolve against the repository URL); Helm uses the first.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [];

    /// <summary>The archive's SHA-256 digest as listed (bare hex or <c>sha256:</c> prefixed), if any.</summary>
    public string? Digest { get; init; }

    /// <summary>When the version was published, if listed.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Whether the chart is marked deprecated.</summary>
    public bool Deprecated { get; init; }

    /// <summary>The chart API version (<c>v1</c> when the entry leaves it out, as Helm defaults it).</summary>
    public string ApiVersion { get; init; } = "v1";

    /// <summary>The chart type (<c>application</c>, <c>library</c>), if listed.</summary>
    public string? Type { get; init; }

    /// <summary>The chart description, if listed.</summary>
    public string? Description { get; init; }

    /// <summary>The Kubernetes version constraint the chart declares, if any.</summary>
    public string? KubeVersion { get; init; }

    /// <summary>The version read as Helm reads it (always valid: entries with invalid versions are dropped on load).</summary>
    public SemVersion SemVersion => Versioning.HelmVersion.Parse(Version);
}
