namespace GitOps.Notifications;

/// <summary>
/// Settings of the <c>generic</c> and <c>generic-hmac</c> providers (notification-controller's Forwarder).
/// </summary>
public sealed class GenericWebhookOptions
{
    /// <summary>Where to post the event. Required.</summary>
    public Uri? Address { get; set; }

    /// <summary>Extra request headers (Flux's Secret <c>headers</c>); they may override <c>gotk-component</c>. Default none.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The HMAC key (Flux's Secret <c>token</c> of a <c>generic-hmac</c> provider); when set, requests carry
    /// <c>X-Signature: sha256=&lt;hex&gt;</c> over the exact body. Default null (<c>generic</c>). Never logged.
    /// </summary>
#pragma warning disable CA1819 // a key is bytes; callers own the array
    public byte[]? HmacKey { get; set; }
#pragma warning restore CA1819

    /// <summary>Retries, timeout, proxy and CA. Flux's defaults.</summary>
    public NotificationTransportOptions Transport { get; set; } = new();

    /// <summary>Throws when the settings cannot work: no address, an empty HMAC key (Flux: <c>HMAC key is empty</c>).</summary>
    public void Validate()
    {
        if (Address is null)
        {
            throw new ArgumentException("an address is required", nameof(Address));
        }

        if (HmacKey is { Length: 0 })
        {
            throw new ArgumentException("HMAC key is empty", nameof(HmacKey));
        }

        ArgumentNullException.ThrowIfNull(Transport, nameof(Transport));
        Transport.Validate();
    }
}
