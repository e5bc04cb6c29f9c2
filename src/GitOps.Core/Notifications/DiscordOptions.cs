namespace GitOps.Notifications;

/// <summary>Settings of a <see cref="DiscordProvider"/> (Flux's <c>discord</c> provider type).</summary>
public sealed class DiscordOptions
{
    /// <summary>The Discord webhook URL; <c>/slack</c> is appended unless it already ends with it (Discord's Slack-compatible endpoint). Required.</summary>
    public Uri? Address { get; set; }

    /// <summary>The bot name shown; empty (the default) uses the event's reporting controller.</summary>
    public string Username { get; set; } = string.Empty;

    /// <summary>Retries, timeouts, proxy and certificate authorities.</summary>
    public NotificationTransportOptions Transport { get; set; } = new();

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">The address is missing or a setting is out of range.</exception>
    public void Validate()
    {
        if (Address is null)
        {
            throw new ArgumentException("an address is required", nameof(Address));
        }

        ArgumentNullException.ThrowIfNull(Username, nameof(Username));
        ArgumentNullException.ThrowIfNull(Transport, nameof(Transport));
        Transport.Validate();
    }
}
