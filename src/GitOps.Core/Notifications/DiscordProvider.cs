using System.Text;
using GitOps.Notifications.Internal;
using Microsoft.Extensions.Logging;

namespace GitOps.Notifications;

/// <summary>
/// Flux's <c>discord</c> provider: the Slack payload (without a channel) posted to the webhook's Slack-compatible
/// endpoint (<c>…/slack</c>), with notification-controller's retries.
/// </summary>
public sealed class DiscordProvider : NotificationProviderBase
{
    private readonly string _username;

    /// <summary>Creates the provider.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="httpClient">The client to post with; one built from <see cref="DiscordOptions.Transport"/> when null.</param>
    /// <param name="timeProvider">The clock for retry waits.</param>
    /// <param name="logger">Where deliveries and retries are logged (addresses masked).</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public DiscordProvider(DiscordOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILogger<DiscordProvider>? logger = null)
        : base(SlackEndpoint(options), options.Transport, httpClient, timeProvider, logger)
    {
        _username = options.Username;
    }

    /// <inheritdoc />
    public override string Type => "discord";

    /// <summary>The JSON body the provider posts for <paramref name="notification"/>.</summary>
    public string BuildPayload(FluxEvent notification) => SlackPayload.Build(notification, string.Empty, _username);

    /// <inheritdoc />
    public override Task SendAsync(FluxEvent notification, CancellationToken cancellationToken = default) =>
        Poster.PostAsync(Address, Encoding.UTF8.GetBytes(BuildPayload(notification)), "application/json", null, null, cancellationToken);

    // notification-controller joins "slack" onto the path unless the URL already ends with "/slack".
    private static Uri SlackEndpoint(DiscordOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var address = options.Address!;
        if (!address.IsAbsoluteUri || address.OriginalString.EndsWith("/slack", StringComparison.Ordinal))
        {
            return address;
        }

        var builder = new UriBuilder(address);
        builder.Path = builder.Path.TrimEnd('/') + "/slack";
        return builder.Uri;
    }
}
