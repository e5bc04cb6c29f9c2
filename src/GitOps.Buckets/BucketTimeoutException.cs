namespace GitOps.Buckets;

/// <summary>
/// Listing or downloading took longer than <see cref="BucketOptions.Timeout"/>, or an object's body sent nothing
/// for <see cref="BucketOptions.InactivityTimeout"/> or came slower than <see cref="BucketOptions.MinimumBytesPerSecond"/>:
/// the server is slow or does not answer. Transient.
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

    private BucketTimeoutException(string bucketName, string message, TimeSpan timeout)
        : base(bucketName, message)
    {
        Timeout = timeout;
    }

    /// <summary>An object's body stalled: <paramref name="detail"/> says how, naming the option.</summary>
    internal static BucketTimeoutException Stalled(string bucketName, string key, string detail, TimeSpan inactivity) =>
        new(bucketName, $"downloading '{key}' from bucket '{bucketName}' stalled: {detail}", inactivity);

    /// <summary>The time that was allowed.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
