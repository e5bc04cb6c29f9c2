namespace GitOps.Buckets;

/// <summary>
/// The server refused the credentials: an unknown access key, a wrong secret (the signature does not match)
/// or no permission on the bucket (HTTP 403). Retrying cannot help; the secret is never in the message.
/// </summary>
public sealed class BucketAuthenticationException : BucketException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="bucketName">The bucket being read.</param>
    /// <param name="errorCode">The S3 error code (<c>SignatureDoesNotMatch</c>, <c>InvalidAccessKeyId</c>, <c>AccessDenied</c>).</param>
    /// <param name="message">The server's message.</param>
    /// <param name="innerException">The client's exception.</param>
    public BucketAuthenticationException(string bucketName, string? errorCode, string message, Exception? innerException = null)
        : base(bucketName, $"access to bucket '{bucketName}' denied ({errorCode ?? "403"}): {message}", innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>The S3 error code, when the server sent one.</summary>
    public string? ErrorCode { get; }
}
