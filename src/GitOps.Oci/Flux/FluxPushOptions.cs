namespace GitOps.Oci.Flux;

/// <summary>What <c>flux push artifact</c> records with the content: its source, revision and creation time, and what to leave out.</summary>
public sealed class FluxPushOptions
{
    /// <summary>The <c>org.opencontainers.image.source</c> annotation (<c>--source</c>), omitted when null.</summary>
    public string? Source { get; set; }

    /// <summary>The <c>org.opencontainers.image.revision</c> annotation (<c>--revision</c>), omitted when null.</summary>
    public string? Revision { get; set; }

    /// <summary>The <c>org.opencontainers.image.created</c> time (default: now, from the pusher's clock).</summary>
    public DateTimeOffset? Created { get; set; }

    /// <summary>More annotations for the manifest (<c>--annotations</c>); the three above take precedence.</summary>
    public IDictionary<string, string> Annotations { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Extra ignore rules in <c>.sourceignore</c> syntax (<c>--ignore-paths</c>), applied after the directory's own.</summary>
    public string? Ignore { get; set; }
}
