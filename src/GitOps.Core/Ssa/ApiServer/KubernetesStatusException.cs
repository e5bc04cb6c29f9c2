using GitOps.Ssa.Values;

namespace GitOps.Ssa.ApiServer;

/// <summary>
/// The API server refuses a write: the failure a kube-apiserver answers with a <c>Status</c> object
/// (422 Invalid with one cause per invalid field, 400 BadRequest, 500 InternalError, ...).
/// <see cref="ToStatus"/> gives the body to send over HTTP.
/// </summary>
public sealed class KubernetesStatusException : GitOpsException
{
    /// <summary>Creates the exception (a 500 with no reason or details).</summary>
    public KubernetesStatusException()
        : this(500, string.Empty, "Internal error occurred")
    {
    }

    /// <summary>Creates the exception (a 500 with no reason or details).</summary>
    /// <param name="message">The Status message.</param>
    public KubernetesStatusException(string message)
        : this(500, string.Empty, message)
    {
    }

    /// <summary>Creates the exception (a 500 with no reason or details).</summary>
    /// <param name="message">The Status message.</param>
    /// <param name="innerException">The cause.</param>
    public KubernetesStatusException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = string.Empty;
        Causes = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="code">The HTTP status code (422, 400, 500, ...).</param>
    /// <param name="reason">The Status reason (<c>Invalid</c>, <c>BadRequest</c>, ...), or empty when the server gives none (as for its 500 conversion errors).</param>
    /// <param name="message">The Status message.</param>
    /// <param name="causes">The causes (details.causes); none when null.</param>
    /// <param name="kind">The kind of the object (details.kind), or null.</param>
    /// <param name="name">The name of the object (details.name), or null.</param>
    public KubernetesStatusException(int code, string reason, string message, IReadOnlyList<KubernetesStatusCause>? causes = null, string? kind = null, string? name = null)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Code = code;
        Reason = reason;
        Causes = causes ?? [];
        Kind = kind;
        Name = name;
    }

    /// <summary>The HTTP status code.</summary>
    public int Code { get; }

    /// <summary>The Status reason (<c>Invalid</c>, <c>BadRequest</c>, ...), or empty when the Status has none.</summary>
    public string Reason { get; }

    /// <summary>The causes (details.causes), in the order the server lists them.</summary>
    public IReadOnlyList<KubernetesStatusCause> Causes { get; }

    /// <summary>details.kind: the kind of the refused object (e.g. <c>ConfigMap</c>), or null.</summary>
    public string? Kind { get; }

    /// <summary>details.name: the name of the refused object, or null.</summary>
    public string? Name { get; }

    /// <summary>details.group: the API group of the refused object (null for the core group).</summary>
    public string? Group { get; init; }

    /// <summary>The <c>Status</c> object the API server returns, as kube-apiserver serialises it.</summary>
    /// <returns>The Status.</returns>
    public SsaValue ToStatus()
    {
        var details = new List<KeyValuePair<string, SsaValue>>();
        if (Name is not null)
        {
            details.Add(new("name", SsaValue.FromString(Name)));
        }

        if (!string.IsNullOrEmpty(Group))
        {
            details.Add(new("group", SsaValue.FromString(Group)));
        }

        if (Kind is not null)
        {
            details.Add(new("kind", SsaValue.FromString(Kind)));
        }

        if (Causes.Count > 0)
        {
            details.Add(new("causes", SsaValue.FromList(Causes.Select(c =>
            {
                var cause = new List<KeyValuePair<string, SsaValue>> { new("reason", SsaValue.FromString(c.Reason)), new("message", SsaValue.FromString(c.Message)) };
                if (c.Field.Length > 0)
                {
                    cause.Add(new("field", SsaValue.FromString(c.Field)));
                }

                return SsaValue.FromMap(cause);
            }))));
        }

        var status = new List<KeyValuePair<string, SsaValue>>
        {
            new("kind", SsaValue.FromString("Status")),
            new("apiVersion", SsaValue.FromString("v1")),
            new("metadata", SsaValue.EmptyMap),
            new("status", SsaValue.FromString("Failure")),
            new("message", SsaValue.FromString(Message)),
        };
        if (Reason.Length > 0)
        {
            status.Add(new("reason", SsaValue.FromString(Reason)));
        }

        if (details.Count > 0)
        {
            status.Add(new("details", SsaValue.FromMap(details)));
        }

        status.Add(new("code", SsaValue.FromInt64(Code)));
        return SsaValue.FromMap(status);
    }
}
