using GitOps.Artifacts;

namespace GitOps.Buckets;

/// <summary>A bucket packed into an artifact: the artifact (its revision is the index's) and the index it holds.</summary>
public sealed record BucketArtifact
{
    /// <summary>The packed artifact: path, digest, size and <see cref="Artifacts.Artifact.Revision"/> (<c>sha256:…</c>).</summary>
    public required Artifact Artifact { get; init; }

    /// <summary>The objects packed, with the ETags their downloads returned.</summary>
    public required BucketIndex Index { get; init; }

    /// <summary>The bytes downloaded (the objects and <c>.sourceignore</c>).</summary>
    public long DownloadedBytes { get; init; }
}
