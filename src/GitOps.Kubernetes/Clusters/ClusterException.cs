using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Clusters;

/// <summary>A request the cluster refused, with the API server's status code, reason and Status object.</summary>
public class ClusterException : GitOpsException
{
    /// <summary>Creates an exception.</summary>
    public ClusterException()
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    public ClusterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception from an API server Status.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="status">The Status object (may be null).</param>
    /// <param name="fallbackMessage">The message when the Status has none.</param>
    public ClusterException(int statusCode, SsaValue? status, string fallbackMessage)
        : base(Obj.GetString(status, "message") is { Length: > 0 } m ? m : fallbackMessage)
    {
        StatusCode = statusCode;
        Status = status;
        Reason = Obj.GetString(status, "reason") ?? ReasonFor(statusCode);
    }

    /// <summary>The HTTP status code (404, 409, 422, ...), 0 when no response came.</summary>
    public int StatusCode { get; init; }

    /// <summary>The status reason (<c>NotFound</c>, <c>Conflict</c>, <c>Invalid</c>, <c>AlreadyExists</c>, ...).</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>The API server's Status object, when it sent one.</summary>
    public SsaValue? Status { get; init; }

    /// <summary>Whether the object (or its namespace, or its kind) does not exist.</summary>
    public bool IsNotFound => StatusCode == 404 || Reason == "NotFound";

    /// <summary>A 409 conflict (field manager conflicts, immutable fields on some kinds).</summary>
    public bool IsConflict => StatusCode == 409 || Reason == "Conflict";

    /// <summary>A 422 validation failure.</summary>
    public bool IsInvalid => StatusCode == 422 || Reason == "Invalid";

    /// <inheritdoc />
    public override bool IsTransient => StatusCode is 0 or 429 or >= 500;

    internal static string ReasonFor(int statusCode) => statusCode switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        410 => "Gone",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => string.Empty,
    };
}
