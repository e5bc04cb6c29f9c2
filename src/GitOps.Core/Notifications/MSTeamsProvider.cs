using System.Text;
using GitOps.Notifications.Internal;
using Microsoft.Extensions.Logging;

namespace GitOps.Notifications;

/// <summary>
/// Flux's <c>msteams</c> provider: an Adaptive Card 1.4 (object name in large bold text, the message, red when
/// the event is an error, and a FactSet with <c>summary</c> first and the other metadata sorted by key), or the
/// legacy MessageCard for deprecated Office 365 connector URLs (hosts ending in <c>.webhook.office.com</c>), with
/// notification-controller's retries.
/// </summary>
public sealed class MSTeamsProvider : NotificationProviderBase
{
    private readonly bool _legacyConnector;

    /// <summary>Creates the provider.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="httpClient">The client to post with; one built from <see cref="MSTeamsOptions.Transport"/> when null.</param>
    /// <param name="timeProvider">The clock for retry waits.</param>
    /// <param name="logger">Where deliveries and retries are logged (addresses masked).</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public MSTeamsProvider(MSTeamsOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILogger<MSTeamsProvider>? logger = null)
        : base(Validated(options).Address!, options.Transport, httpClient, timeProvider, logger)
    {
        _legacyConnector = Address.Host.EndsWith(".webhook.office.com", StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public override string Type => "msteams";

    /// <summary>The JSON body the provider posts for <paramref name="notification"/>.</summary>
    public string BuildPayload(FluxEvent notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return _legacyConnector ? MessageCard(notification) : AdaptiveCard(notification);
    }

    /// <inheritdoc />
    public override Task SendAsync(FluxEvent notification, CancellationToken cancellationToken = default) =>
        Poster.PostAsync(Address, Encoding.UTF8.GetBytes(BuildPayload(notification)), "application/json", null, null, cancellationToken);

    private static string AdaptiveCard(FluxEvent notification)
    {
        const string SummaryKey = "summary";
        var sb = new StringBuilder(512);
        sb.Append("{\"type\":\"message\",\"attachments\":[{\"contentType\":\"application/vnd.microsoft.card.adaptive\",\"content\":{");
        sb.Append("\"$schema\":\"http://adaptivecards.io/schemas/adaptive-card.json\",\"type\":\"AdaptiveCard\",\"version\":\"1.4\",");
        sb.Append("\"body\":[{\"type\":\"Container\",\"items\":[{\"type\":\"TextBlock\",\"text\":");
        GoJson.WriteString(sb, SlackPayload.ObjectName(notification));
        sb.Append(",\"size\":\"large\",\"weight\":\"bolder\",\"wrap\":true},{\"type\":\"TextBlock\"");

        // Go's omitempty drops an empty message text; the colour is set for errors only.
        if (notification.Message.Length > 0)
        {
            sb.Append(",\"text\":");
            GoJson.WriteString(sb, notification.Message);
        }

        if (notification.Severity == EventSeverity.Error)
        {
            sb.Append(",\"color\":\"attention\"");
        }

        sb.Append(",\"wrap\":true},{\"type\":\"FactSet\"");
        var facts = new List<KeyValuePair<string, string>>();
        var metadata = notification.Metadata ?? new Dictionary<string, string>();
        if (metadata.TryGetValue(SummaryKey, out var summary))
        {
            facts.Add(new(SummaryKey, summary));
        }

        facts.AddRange(SlackPayload.SortedMetadata(notification).Where(e => e.Key != SummaryKey));
        if (facts.Count > 0)
        {
            sb.Append(",\"facts\":");
            GoJson.WritePairs(sb, facts, "title", "value");
        }

        sb.Append("}]}],\"msteams\":{\"width\":\"Full\"}}}]}");
        return sb.ToString();
    }

    private static string MessageCard(FluxEvent notification)
    {
        var name = SlackPayload.ObjectName(notification);
        var sb = new StringBuilder(256);
        sb.Append("{\"@type\":\"MessageCard\",\"@context\":\"http://schema.org/extensions\",\"themeColor\":");
        sb.Append(notification.Severity == EventSeverity.Error ? "\"FF0000\"" : "\"0076D7\"");
        sb.Append(",\"summary\":");
        GoJson.WriteString(sb, name);
        sb.Append(",\"sections\":[{\"activityTitle\":");
        GoJson.WriteString(sb, notification.Message);
        sb.Append(",\"activitySubtitle\":");
        GoJson.WriteString(sb, name);
        sb.Append(",\"facts\":");
        GoJson.WritePairs(sb, SlackPayload.SortedMetadata(notification), "name", "value");
        sb.Append("}]}");
        return sb.ToString();
    }

    private static MSTeamsOptions Validated(MSTeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
