using System.Net;

namespace GitOps.Notifications;

/// <summary>
/// A notification could not be delivered. The message reads as notification-controller's
/// (<c>postMessage failed: …</c>), with the receiver's address masked.
/// </summary>
public sealed class NotificationException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="isTransient">Whether trying again later may succeed.</param>
    /// <param name="statusCode">The receiver's last HTTP status, if it answered.</param>
    /// <param name="attempts">How many requests were made.</param>
    /// <param name="innerException">The underlying failure.</param>
    public NotificationException(string message, bool isTransient, HttpStatusCode? statusCode = null, int attempts = 0, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        StatusCode = statusCode;
        Attempts = attempts;
    }

    /// <summary>Creates the exception with no message.</summary>
    public NotificationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NotificationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public NotificationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient { get; }

    /// <summary>The receiver's last HTTP status, when it answered; null when no answer came.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>How many requests were made (1 when the first answer was final).</summary>
    public int Attempts { get; }
}
