namespace GitOps.Buckets;

/// <summary>
/// A request failed otherwise: the connection could not be made or dropped, or the server answered with an
/// error. <see cref="IsTransient"/> is true for connection failures, 5xx other than 501, 408 and 429.
/// </summary>
public sealed class BucketTransportException : BucketException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="bucketName">The bucket being read.</param>
    /// <param name="message">What failed.</param>
    /// <param name="isTransient">Whether trying again may succeed.</param>
    /// <param name="statusCode">The HTTP status, when the server answered.</param>
    /// <param name="errorCode">The S3 error code, when the server sent one.</param>
    /// <param name="innerException">The client's exception.</param>
    public BucketTransportException(string bucketName, string message, bool isTransient, int? statusCode = null, string? errorCode = null, Exception? innerException = null)
        : base(bucketName, message, innerException)
    {
        IsTransient = isTransient;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <inheritdoc />
    public override bool IsTransient { get; }

    /// <summary>The HTTP status, when the server answered; null for connection failures.</summary>
    public int? StatusCode { get; }

    /// <summary>The S3 error code, when the server sent one.</summary>
    public string? ErrorCode { get; }
}
