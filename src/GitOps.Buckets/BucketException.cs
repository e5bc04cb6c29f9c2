namespace GitOps.Buckets;

/// <summary>
/// The root of the bucket source's failures; each kind has its own subclass (wrong credentials, a missing
/// bucket, a timeout, a transfer failure, a limit, an unusable key). When one is thrown nothing was written.
/// </summary>
public class BucketException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="bucketName">The bucket being read.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public BucketException(string bucketName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        BucketName = bucketName;
    }

    /// <summary>The bucket being read.</summary>
    public string BucketName { get; }
}
