namespace GitOps.Notifications;

/// <summary>Settings of the <c>slack</c> provider: an incoming webhook, or the Slack App bot's <c>chat.postMessage</c>.</summary>
public sealed class SlackOptions
{
    /// <summary>The address Flux recognises as the Slack App bot API, whose answers it parses.</summary>
    public static readonly Uri ChatPostMessageAddress = new("https://slack.com/api/chat.postMessage");

    /// <summary>The incoming webhook URL, or <see cref="ChatPostMessageAddress"/> for the bot. Required.</summary>
    public Uri? Address { get; set; }

    /// <summary>The bot token (Flux's Secret <c>token</c>), sent as <c>Authorization: Bearer</c>. Default none. Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>The channel (Flux's <c>spec.channel</c>). Default empty.</summary>
    public string Channel { get; set; } = string.Empty;

    /// <summary>The user name (Flux's <c>spec.username</c>); the event's reporting controller when empty.</summary>
    public string Username { get; set; } = string.Empty;

    /// <summary>
    /// Whether answers are read as <c>chat.postMessage</c> results (<c>{"ok":false,"error":…}</c> is a failure
    /// even with status 200). Null (default) does as Flux: only when <see cref="Address"/> is exactly
    /// <see cref="ChatPostMessageAddress"/>. Set true to point the bot at a stand-in receiver.
    /// </summary>
    public bool? ValidateChatPostMessageResponse { get; set; }

    /// <summary>Retries, timeout, proxy and CA. Flux's defaults.</summary>
    public NotificationTransportOptions Transport { get; set; } = new();

    /// <summary>Throws when there is no address or the transport settings are out of range.</summary>
    public void Validate()
    {
        if (Address is null)
        {
            throw new ArgumentException("an address is required", nameof(Address));
        }

        ArgumentNullException.ThrowIfNull(Channel, nameof(Channel));
        ArgumentNullException.ThrowIfNull(Username, nameof(Username));
        ArgumentNullException.ThrowIfNull(Transport, nameof(Transport));
        Transport.Validate();
    }
}
