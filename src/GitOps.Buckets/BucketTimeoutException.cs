namespace GitOps.Buckets;

/// <summary>
/// Listing or downloading took longer than <see cref="BucketOptions.Timeout"/>: the server is slow or does not
/// answer. Transient.
/// </summary>
public sealed class BucketTimeoutException : BucketException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="bucketName">The bucket being read.</param>
    /// <param name="phase">What was being done (<c>listing</c>, <c>downloading</c>).</param>
    /// <param name="timeout">The time allowed.</param>
    /// <param name="innerException">The cancellation or client timeout.</param>
    public BucketTimeoutException(string bucketName, string phase, TimeSpan timeout, Exception? innerException = null)
        : base(bucketName, $"{phase} bucket '{bucketName}' did not finish within {timeout.TotalSeconds:0.###} s", innerException)
    {
        Timeout = timeout;
    }

    /// <summary>The time that was allowed.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
