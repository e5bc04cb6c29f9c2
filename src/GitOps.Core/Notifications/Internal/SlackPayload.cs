using System.Text;

namespace GitOps.Notifications.Internal;

/// <summary>
/// notification-controller's <c>SlackPayload</c> with one attachment, as the slack and discord providers marshal
/// it: <c>channel</c>, <c>username</c> (the reporting controller when none is configured), empty icon fields,
/// the colour from the severity, <c>kind/name.namespace</c> as author, and the metadata as fields. Go ranges over
/// the metadata map in random order; the fields are written sorted by key so the bytes are reproducible.
/// </summary>
internal static class SlackPayload
{
    public static string Build(FluxEvent notification, string channel, string username)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var sb = new StringBuilder(256);
        sb.Append("{\"channel\":");
        GoJson.WriteString(sb, channel);
        sb.Append(",\"username\":");
        GoJson.WriteString(sb, username.Length > 0 ? username : notification.ReportingController);
        sb.Append(",\"icon_url\":\"\",\"icon_emoji\":\"\",\"attachments\":[{\"color\":");
        GoJson.WriteString(sb, notification.Severity == EventSeverity.Error ? "danger" : "good");
        sb.Append(",\"author_name\":");
        GoJson.WriteString(sb, ObjectName(notification));
        sb.Append(",\"text\":");
        GoJson.WriteString(sb, notification.Message);
        sb.Append(",\"mrkdwn_in\":[\"text\"],\"fields\":");
        GoJson.WritePairs(sb, SortedMetadata(notification), "title", "value", ",\"short\":false");
        sb.Append("}]}");
        return sb.ToString();
    }

    /// <summary>The chat providers' object name: <c>kind/name.namespace</c> with the kind in lower case.</summary>
    public static string ObjectName(FluxEvent notification)
    {
        var o = notification.InvolvedObject;
        return $"{o.Kind.ToLowerInvariant()}/{o.Name}.{o.Namespace}";
    }

    public static IEnumerable<KeyValuePair<string, string>> SortedMetadata(FluxEvent notification) =>
        (notification.Metadata ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal);
}
