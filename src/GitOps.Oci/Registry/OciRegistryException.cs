using System.Net;

namespace GitOps.Oci.Registry;

/// <summary>A registry could not be reached, timed out, or answered with an error.</summary>
public class OciRegistryException : GitOpsException
{
    private readonly bool _transient;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong (credentials masked).</param>
    /// <param name="isTransient">Whether retrying may help (connection failures, timeouts, 429, 5xx).</param>
    /// <param name="statusCode">The HTTP status the registry answered with, if any.</param>
    /// <param name="innerException">The underlying failure.</param>
    public OciRegistryException(string message, bool isTransient, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        _transient = isTransient;
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception with no message.</summary>
    public OciRegistryException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OciRegistryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public OciRegistryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status the registry answered with, or null when there was no answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <inheritdoc />
    public override bool IsTransient => _transient;
}

/// <summary>The registry refused the credentials, or none were given where some are needed (HTTP 401 or 403).</summary>
public sealed class OciAuthenticationException : OciRegistryException
{
    /// <summary>Creates the exception.</summary>
    public OciAuthenticationException(string message, HttpStatusCode statusCode)
        : base(message, isTransient: false, statusCode)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public OciAuthenticationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OciAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public OciAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The repository, tag, manifest or blob does not exist, or no tag matches a version constraint.</summary>
public sealed class OciNotFoundException : OciRegistryException
{
    /// <summary>Creates the exception.</summary>
    public OciNotFoundException(string message, HttpStatusCode? statusCode)
        : base(message, isTransient: false, statusCode)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public OciNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OciNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public OciNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A manifest or tag list is not what the distribution spec describes (bad JSON, a missing field, an unknown media type where one is required).</summary>
public sealed class OciManifestException : OciRegistryException
{
    /// <summary>Creates the exception with no message.</summary>
    public OciManifestException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OciManifestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public OciManifestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The registry did not answer in time: no response headers within <see cref="OciClientOptions.RequestTimeout"/>, or a
/// body (manifest, tag list, token, blob) that sent nothing for <see cref="OciClientOptions.InactivityTimeout"/> or
/// came slower than <see cref="OciClientOptions.MinimumBytesPerSecond"/>. Transient: retrying may help.
/// </summary>
public sealed class OciTimeoutException : OciRegistryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What timed out (credentials masked).</param>
    /// <param name="timeout">The time that was allowed.</param>
    /// <param name="innerException">The cancellation behind it, if any.</param>
    public OciTimeoutException(string message, TimeSpan timeout, Exception? innerException = null)
        : base(message, isTransient: true, statusCode: null, innerException)
    {
        Timeout = timeout;
    }

    /// <summary>Creates the exception with no message.</summary>
    public OciTimeoutException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OciTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public OciTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The time that was allowed (the request or the inactivity timeout).</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
