namespace GitOps.Notifications;

/// <summary>Settings of an <see cref="MSTeamsProvider"/> (Flux's <c>msteams</c> provider type).</summary>
public sealed class MSTeamsOptions
{
    /// <summary>
    /// The incoming webhook (a Power Automate workflow URL gets an Adaptive Card; a deprecated Office 365 connector
    /// URL on <c>*.webhook.office.com</c> gets the legacy MessageCard). Required.
    /// </summary>
    public Uri? Address { get; set; }

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

        ArgumentNullException.ThrowIfNull(Transport, nameof(Transport));
        Transport.Validate();
    }
}
