using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace GitOps.Notifications;

/// <summary>
/// Flux's <c>generic</c> and <c>generic-hmac</c> providers: <c>POST</c> of the event JSON with
/// <c>Content-Type: application/json</c>, <c>gotk-component: &lt;reportingController&gt;</c>, the configured
/// headers and, with an HMAC key, <c>X-Signature: sha256=&lt;lowercase hex HMAC-SHA256 of the body&gt;</c>.
/// </summary>
public sealed class GenericWebhookProvider : NotificationProviderBase
{
    /// <summary>The header that names the sending controller (notification-controller's <c>NotificationHeader</c>).</summary>
    public const string ComponentHeader = "gotk-component";

    /// <summary>The signature header of <c>generic-hmac</c>.</summary>
    public const string SignatureHeader = "X-Signature";

    private readonly KeyValuePair<string, string>[] _headers;
    private readonly byte[]? _key;

    /// <summary>Creates the provider.</summary>
    /// <param name="options">Address, headers, HMAC key and transport.</param>
    /// <param name="httpClient">A client to use instead of one made from the transport options (not disposed).</param>
    /// <param name="timeProvider">The clock for retry waits and the timeout.</param>
    /// <param name="logger">Where retries and failures are logged (never the key or headers).</param>
    public GenericWebhookProvider(GenericWebhookOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILogger<GenericWebhookProvider>? logger = null)
        : base(Validated(options).Address!, options.Transport, httpClient, timeProvider, logger)
    {
        _headers = [.. options.Headers];
        _key = options.HmacKey is null ? null : (byte[])options.HmacKey.Clone();
    }

    /// <inheritdoc />
    public override string Type => _key is null ? "generic" : "generic-hmac";

    /// <summary>The signature header value for <paramref name="body"/> and <paramref name="key"/>: <c>sha256=&lt;hex&gt;</c>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, ReadOnlySpan<byte> key) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    /// <inheritdoc />
    public override Task SendAsync(FluxEvent notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var body = notification.ToJsonUtf8();
        var signature = _key is null ? null : Sign(body, _key);
        return Poster.PostAsync(
            Address,
            body,
            "application/json",
            headers =>
            {
                headers.TryAddWithoutValidation(ComponentHeader, notification.ReportingController);
                foreach (var (name, value) in _headers)
                {
                    headers.Remove(name);
                    headers.TryAddWithoutValidation(name, value);
                }

                if (signature is not null)
                {
                    headers.Remove(SignatureHeader);
                    headers.TryAddWithoutValidation(SignatureHeader, signature);
                }
            },
            validator: null,
            cancellationToken);
    }

    private static GenericWebhookOptions Validated(GenericWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
