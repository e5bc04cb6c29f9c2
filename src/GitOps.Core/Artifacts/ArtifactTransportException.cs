using System.Net;

namespace GitOps.Artifacts;

/// <summary>
/// The artifact could not be transferred: the connection failed or dropped, the body ended early, or the
/// server answered with an error status. <see cref="IsTransient"/> is true for connection failures, 5xx
/// other than 501, 408 and 429: the fetcher retries those.
/// </summary>
public sealed class ArtifactTransportException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="isTransient">Whether trying again may succeed.</param>
    /// <param name="statusCode">The HTTP status, when the server answered.</param>
    /// <param name="retryAfter">How long the server asked to wait (<c>Retry-After</c>), if it did.</param>
    /// <param name="innerException">The underlying failure.</param>
    public ArtifactTransportException(string message, bool isTransient, HttpStatusCode? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <inheritdoc />
    public override bool IsTransient { get; }

    /// <summary>The HTTP status, when the server answered; null for connection failures.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>How long the server asked to wait before trying again, if it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
