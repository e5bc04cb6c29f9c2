namespace GitOps.Buckets;

/// <summary>The bucket does not exist (S3 <c>NoSuchBucket</c>). Retrying cannot help.</summary>
public sealed class BucketNotFoundException : BucketException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="bucketName">The bucket that was not found.</param>
    /// <param name="innerException">The client's exception.</param>
    public BucketNotFoundException(string bucketName, Exception? innerException = null)
        : base(bucketName, $"bucket '{bucketName}' not found", innerException)
    {
    }
}
