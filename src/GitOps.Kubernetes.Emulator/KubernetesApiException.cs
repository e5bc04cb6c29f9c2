using GitOps.Kubernetes.Emulator.Resources;
using GitOps.Kubernetes.Emulator.Store.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator;

/// <summary>
/// A request the API server refuses: the HTTP status code, the reason (<c>NotFound</c>, <c>AlreadyExists</c>,
/// <c>Conflict</c>, <c>Invalid</c>, ...) and the <c>Status</c> object a real kube-apiserver answers with.
/// </summary>
public sealed class KubernetesApiException : GitOpsException
{
    /// <summary>Creates the exception with a generic <c>InternalError</c> status.</summary>
    public KubernetesApiException()
        : this("internal error")
    {
    }

    /// <summary>Creates the exception with an <c>InternalError</c> status and <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    public KubernetesApiException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception with an <c>InternalError</c> status and <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public KubernetesApiException(string message, Exception? innerException)
        : this(BuildStatus(500, "InternalError", message, null), innerException)
    {
    }

    /// <summary>Creates the exception from a <c>Status</c> object (its <c>code</c>, <c>reason</c> and <c>message</c>).</summary>
    /// <param name="status">The Status.</param>
    public KubernetesApiException(SsaValue status)
        : this(status, null)
    {
    }

    /// <summary>Creates the exception from a <c>Status</c> object (its <c>code</c>, <c>reason</c> and <c>message</c>).</summary>
    /// <param name="status">The Status.</param>
    /// <param name="innerException">The cause.</param>
    public KubernetesApiException(SsaValue status, Exception? innerException)
        : base(Obj.GetString(status, "message") ?? "request refused", innerException)
    {
        ArgumentNullException.ThrowIfNull(status);
        Status = status;
        StatusCode = Obj.Get(status, "code") is { Kind: SsaValueKind.Integer } code ? (int)code.AsInteger : 500;
        Reason = Obj.GetString(status, "reason") ?? string.Empty;
    }

    /// <summary>The HTTP status code (404, 409, 422, ...).</summary>
    public int StatusCode { get; }

    /// <summary>The Status reason (<c>NotFound</c>, <c>Conflict</c>, ...), empty when the server gives none.</summary>
    public string Reason { get; }

    /// <summary>The <c>Status</c> object the server answers with.</summary>
    public SsaValue Status { get; }

    /// <inheritdoc />
    public override bool IsTransient => StatusCode is 409 or 429 or 500 or 503 or 504 && Reason is not "AlreadyExists";

    /// <summary>A <c>Status</c> object (kind Status, apiVersion v1, status Failure).</summary>
    /// <param name="code">The HTTP code.</param>
    /// <param name="reason">The reason; empty for none.</param>
    /// <param name="message">The message.</param>
    /// <param name="details">The details object, or null.</param>
    /// <returns>The Status.</returns>
    public static SsaValue BuildStatus(int code, string reason, string message, SsaValue? details) => Obj.Map(
        ("kind", Obj.Str("Status")),
        ("apiVersion", Obj.Str("v1")),
        ("metadata", SsaValue.EmptyMap),
        ("status", Obj.Str("Failure")),
        ("message", Obj.Str(message)),
        ("reason", reason.Length == 0 ? null : Obj.Str(reason)),
        ("details", details),
        ("code", SsaValue.FromInt64(code)));

    internal static SsaValue Details(KubernetesResourceType type, string? name, IEnumerable<SsaValue>? causes = null) => Obj.Map(
        ("name", string.IsNullOrEmpty(name) ? null : Obj.Str(name)),
        ("group", type.Group.Length == 0 ? null : Obj.Str(type.Group)),
        ("kind", Obj.Str(type.Resource)),
        ("causes", causes is null ? null : SsaValue.FromList(causes)));

    internal static KubernetesApiException NotFound(KubernetesResourceType type, string name) =>
        new(BuildStatus(404, "NotFound", $"{type.QualifiedResource} \"{name}\" not found", Details(type, name)));

    internal static KubernetesApiException NamespaceNotFound(string name) =>
        new(BuildStatus(404, "NotFound", $"namespaces \"{name}\" not found", Obj.Map(("name", Obj.Str(name)), ("kind", Obj.Str("namespaces")))));

    internal static KubernetesApiException NotFoundPath(string message) =>
        new(BuildStatus(404, "NotFound", message, Obj.Map()));

    internal static KubernetesApiException AlreadyExists(KubernetesResourceType type, string name) =>
        new(BuildStatus(409, "AlreadyExists", $"{type.QualifiedResource} \"{name}\" already exists", Details(type, name)));

    internal static KubernetesApiException Conflict(KubernetesResourceType type, string name, string why) =>
        new(BuildStatus(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": {why}", Details(type, name)));

    internal static KubernetesApiException Modified(KubernetesResourceType type, string name) =>
        Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");

    internal static KubernetesApiException BadRequest(string message) =>
        new(BuildStatus(400, "BadRequest", message, null));

    internal static KubernetesApiException Invalid(KubernetesResourceType type, string name, string field, string causeReason, string detail)
    {
        var cause = Obj.Map(("reason", Obj.Str(causeReason)), ("message", Obj.Str(detail)), ("field", Obj.Str(field)));
        return new(BuildStatus(422, "Invalid", $"{type.Kind} \"{name}\" is invalid: {field}: {detail}", Obj.Map(
            ("name", Obj.Str(name)), ("group", type.Group.Length == 0 ? null : Obj.Str(type.Group)), ("kind", Obj.Str(type.Kind)), ("causes", SsaValue.FromList([cause])))));
    }

    internal static KubernetesApiException MethodNotAllowed(string message) =>
        new(BuildStatus(405, "MethodNotAllowed", message, Obj.Map()));

    internal static KubernetesApiException UnsupportedMediaType(string contentType) =>
        new(BuildStatus(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (not yet: {contentType})", null));

    internal static KubernetesApiException Gone(string message) =>
        new(BuildStatus(410, "Expired", message, null));

    internal static KubernetesApiException Internal(string message) =>
        new(BuildStatus(500, "InternalError", message, Obj.Map(("causes", SsaValue.FromList([Obj.Map(("message", Obj.Str(message)))])))));
}
