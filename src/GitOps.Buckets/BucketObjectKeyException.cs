namespace GitOps.Buckets;

/// <summary>
/// An object key cannot be a path in the artifact: it has an empty, <c>.</c> or <c>..</c> segment, a NUL, or
/// it names both a file and a folder (<c>a</c> and <c>a/b</c>). Nothing is written outside the artifact.
/// </summary>
public sealed class BucketObjectKeyException : BucketException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="bucketName">The bucket being read.</param>
    /// <param name="key">The offending key.</param>
    /// <param name="reason">Why it cannot be a path.</param>
    public BucketObjectKeyException(string bucketName, string key, string reason)
        : base(bucketName, $"object key '{key}' in bucket '{bucketName}' cannot be packed: {reason}")
    {
        Key = key;
    }

    /// <summary>The offending key.</summary>
    public string Key { get; }
}
