using GitOps.Notifications.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Notifications;

/// <summary>What the HTTP providers share: the address, Flux's retrying transport, and the client's lifetime.</summary>
public abstract class NotificationProviderBase : INotificationProvider, IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;

    /// <summary>Sets up the transport.</summary>
    /// <param name="address">Where to post.</param>
    /// <param name="transport">Retries, timeout, proxy, CA; Flux's defaults when null.</param>
    /// <param name="httpClient">A client to use (its own proxy and trust then apply, and it is not disposed); when null one is made from <paramref name="transport"/>.</param>
    /// <param name="timeProvider">The clock for waits and timeouts; the system's when null.</param>
    /// <param name="logger">Where retries and failures are logged (addresses masked).</param>
    private protected NotificationProviderBase(Uri address, NotificationTransportOptions? transport, HttpClient? httpClient, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"invalid hook URL {NotificationAddress.Mask(address)}: an absolute http or https URL is required", nameof(address));
        }

        transport ??= new NotificationTransportOptions();
        transport.Validate();
        Address = address;
        _ownsClient = httpClient is null;
        _client = httpClient ?? NotificationPoster.CreateClient(transport);
        Poster = new NotificationPoster(_client, transport, timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance);
    }

    /// <inheritdoc />
    public abstract string Type { get; }

    /// <summary>Where notifications are posted.</summary>
    public Uri Address { get; }

    private protected NotificationPoster Poster { get; }

    /// <summary>The HTTP client (for providers that call an API rather than post one message).</summary>
    private protected HttpClient Client => _client;

    /// <inheritdoc />
    public abstract Task SendAsync(FluxEvent notification, CancellationToken cancellationToken = default);

    /// <summary>Releases the HTTP client when this provider made it.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the HTTP client when this provider made it.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && _ownsClient)
        {
            _client.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type} {NotificationAddress.Mask(Address)}";
}
