namespace GitOps.Buckets;

/// <summary>
/// The bucket went over a limit, seen in the listing (before anything is downloaded) or while downloading
/// (an object grew). Retrying cannot help; raise the limit if the bucket is trusted.
/// </summary>
public sealed class BucketTooLargeException : BucketException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="bucketName">The bucket being read.</param>
    /// <param name="limit">Which limit was crossed.</param>
    /// <param name="maximum">The limit's value (objects or bytes).</param>
    /// <param name="key">The object being read when it was crossed, if any.</param>
    public BucketTooLargeException(string bucketName, BucketLimit limit, long maximum, string? key = null)
        : base(bucketName, Describe(bucketName, limit, maximum, key))
    {
        Limit = limit;
        Maximum = maximum;
        Key = key;
    }

    /// <summary>Which limit was crossed.</summary>
    public BucketLimit Limit { get; }

    /// <summary>The limit's value (objects for <see cref="BucketLimit.Objects"/>, otherwise bytes).</summary>
    public long Maximum { get; }

    /// <summary>The object being read when the limit was crossed, or null.</summary>
    public string? Key { get; }

    private static string Describe(string bucketName, BucketLimit limit, long maximum, string? key)
    {
        var what = limit switch
        {
            BucketLimit.Objects => $"bucket '{bucketName}' has more than the limit of {maximum} objects",
            BucketLimit.ObjectBytes => $"an object in bucket '{bucketName}' is larger than the limit of {maximum} bytes",
            _ => $"bucket '{bucketName}' holds more than the limit of {maximum} bytes",
        };
        return key is null ? what : $"{what} (at '{key}')";
    }
}
