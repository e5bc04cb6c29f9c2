using System.Globalization;
using System.Text;
using GitOps.Notifications.Internal;

namespace GitOps.Notifications;

/// <summary>
/// A Flux event (<c>fluxcd/pkg apis/event/v1beta1.Event</c>): what a controller reports about an object,
/// and the body notification-controller forwards to webhooks. <see cref="ToJsonUtf8"/> gives the exact
/// bytes Go's <c>json.Marshal</c> produces for it.
/// </summary>
public sealed record FluxEvent
{
    /// <summary>The metadata key prefix of Flux's event API group (<c>event.toolkit.fluxcd.io/</c>).</summary>
    public const string EventGroupPrefix = "event.toolkit.fluxcd.io/";

    /// <summary>The object the event is about.</summary>
    public required EventObjectReference InvolvedObject { get; init; }

    /// <summary>One of <see cref="EventSeverity"/>. Default <c>info</c>.</summary>
    public string Severity { get; init; } = EventSeverity.Info;

    /// <summary>When the event was recorded; sent in UTC with whole seconds. The default value is sent as <c>null</c>, as Go sends a zero time.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The human-readable description.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>The machine-readable reason, for example <c>ReconciliationSucceeded</c>.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>Metadata, for example the revision; omitted from the JSON when null or empty. Keys are sent sorted, as Go sorts them.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The controller that reported the event, for example <c>image-automation-controller</c>.</summary>
    public string ReportingController { get; init; } = string.Empty;

    /// <summary>The controller instance; omitted from the JSON when null or empty.</summary>
    public string? ReportingInstance { get; init; }

    /// <summary>The event as Go's <c>encoding/json</c> writes it: field order of the Go struct, omitted empty fields, <c>&lt;&gt;&amp;</c> escaped.</summary>
    public string ToJson()
    {
        var sb = new StringBuilder(256);
        sb.Append("{\"involvedObject\":{");
        var first = true;
        Field(sb, ref first, "kind", InvolvedObject.Kind);
        Field(sb, ref first, "namespace", InvolvedObject.Namespace);
        Field(sb, ref first, "name", InvolvedObject.Name);
        Field(sb, ref first, "uid", InvolvedObject.Uid);
        Field(sb, ref first, "apiVersion", InvolvedObject.ApiVersion);
        Field(sb, ref first, "resourceVersion", InvolvedObject.ResourceVersion);
        Field(sb, ref first, "fieldPath", InvolvedObject.FieldPath);
        sb.Append("},\"severity\":");
        GoJson.WriteString(sb, Severity);
        sb.Append(",\"timestamp\":");
        if (Timestamp == default)
        {
            sb.Append("null");
        }
        else
        {
            sb.Append('"').Append(Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('"');
        }

        sb.Append(",\"message\":");
        GoJson.WriteString(sb, Message);
        sb.Append(",\"reason\":");
        GoJson.WriteString(sb, Reason);
        if (Metadata is { Count: > 0 })
        {
            sb.Append(",\"metadata\":");
            GoJson.WriteStringMap(sb, Metadata);
        }

        sb.Append(",\"reportingController\":");
        GoJson.WriteString(sb, ReportingController);
        if (!string.IsNullOrEmpty(ReportingInstance))
        {
            sb.Append(",\"reportingInstance\":");
            GoJson.WriteString(sb, ReportingInstance);
        }

        sb.Append('}');
        return sb.ToString();
    }

    /// <summary>The UTF-8 bytes of <see cref="ToJson"/>: what generic webhooks receive and HMAC signatures cover.</summary>
    public byte[] ToJsonUtf8() => Encoding.UTF8.GetBytes(ToJson());

    /// <summary>
    /// The event as notification-controller forwards it for an Alert (<c>combineEventMetadata</c> and
    /// <c>excludeInternalMetadata</c>): the involved object's <c>&lt;group&gt;/token</c> key is dropped; then,
    /// from lowest to highest precedence, keys prefixed <c>event.toolkit.fluxcd.io/</c> lose the prefix, the
    /// Alert's <paramref name="eventMetadata"/> is added as is, its deprecated <paramref name="summary"/>
    /// becomes <c>summary</c>, and keys prefixed with the involved object's API group lose that prefix. When
    /// none of these yields a key, the metadata is left as it was (unprefixed keys included); otherwise only
    /// the combined keys remain.
    /// </summary>
    /// <param name="eventMetadata">The Alert's <c>.spec.eventMetadata</c>, if any.</param>
    /// <param name="summary">The Alert's <c>.spec.summary</c>, if any.</param>
    public FluxEvent ForAlert(IReadOnlyDictionary<string, string>? eventMetadata = null, string? summary = null)
    {
        var original = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Metadata is not null)
        {
            foreach (var (k, v) in Metadata)
            {
                original[k] = v;
            }
        }

        var objectPrefix = InvolvedObject.Group + "/";
        original.Remove(objectPrefix + "token");
        var combined = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in original)
        {
            if (k.StartsWith(EventGroupPrefix, StringComparison.Ordinal))
            {
                combined[k[EventGroupPrefix.Length..]] = v;
            }
        }

        if (eventMetadata is not null)
        {
            foreach (var (k, v) in eventMetadata)
            {
                combined[k] = v;
            }
        }

        if (!string.IsNullOrEmpty(summary))
        {
            combined["summary"] = summary;
        }

        foreach (var (k, v) in original)
        {
            if (k.StartsWith(objectPrefix, StringComparison.Ordinal))
            {
                combined[k[objectPrefix.Length..]] = v;
            }
        }

        return this with { Metadata = combined.Count > 0 ? combined : (Metadata is null ? null : original) };
    }

    private static void Field(StringBuilder sb, ref bool first, string name, string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!first)
        {
            sb.Append(',');
        }

        first = false;
        sb.Append('"').Append(name).Append("\":");
        GoJson.WriteString(sb, value);
    }
}
