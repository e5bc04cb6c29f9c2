using GitOps.Artifacts;

namespace GitOps.Buckets;

/// <summary>One object of a bucket source: its key, its ETag (without quotes, as minio-go gives it) and its size.</summary>
/// <param name="Key">The full object key, prefix included (also its path in the artifact).</param>
/// <param name="ETag">The ETag the server reported, with the surrounding quotes removed.</param>
/// <param name="Size">The size in bytes the server reported (or, once downloaded, the bytes received).</param>
public sealed record BucketObject(string Key, string ETag, long Size)
{
    /// <summary>The SHA-256 of the bytes downloaded; null for an object that was only listed.</summary>
    public Digest? Digest { get; init; }
}
