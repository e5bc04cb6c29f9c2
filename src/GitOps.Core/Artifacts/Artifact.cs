namespace GitOps.Artifacts;

/// <summary>
/// A packed source as Flux's source-controller advertises it: a tar.gz at <see cref="Url"/> (or
/// <see cref="Path"/>) whose bytes hash to <see cref="Digest"/>, made from <see cref="Revision"/>.
/// </summary>
public sealed record Artifact
{
    /// <summary>Where the artifact can be fetched, when it is served.</summary>
    public Uri? Url { get; init; }

    /// <summary>The artifact file on local disk, when there is one.</summary>
    public string? Path { get; init; }

    /// <summary>The digest of the artifact's bytes exactly as stored and served (the compressed file).</summary>
    public required Digest Digest { get; init; }

    /// <summary>What the source was at when the artifact was made, when known.</summary>
    public Revision? Revision { get; init; }

    /// <summary>The artifact's size in bytes (the compressed file).</summary>
    public long Size { get; init; }

    /// <summary>When the artifact was last made or changed.</summary>
    public DateTimeOffset LastUpdateTime { get; init; }

    /// <summary>Free-form annotations (Flux copies OCI annotations here). Empty unless given.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata =
        new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(new Dictionary<string, string>());
}
