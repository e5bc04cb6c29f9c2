using System.Security.Cryptography.X509Certificates;

namespace GitOps.Notifications;

/// <summary>
/// How notifications are posted: Flux's client (go-retryablehttp with <c>RetryMax</c> 4 and waits of 2–30 s,
/// the Provider's <c>spec.timeout</c> of 15 s over the whole send), a proxy and a custom CA. The defaults are Flux's.
/// </summary>
public sealed class NotificationTransportOptions
{
    /// <summary>Retries after the first attempt. Default 4 (five attempts in all), as Flux.</summary>
    public int RetryMax { get; set; } = 4;

    /// <summary>The first retry's wait; each later one doubles it. Default 2 seconds, as Flux.</summary>
    public TimeSpan RetryWaitMin { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest computed wait. Default 30 seconds, as Flux.</summary>
    public TimeSpan RetryWaitMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most a server's <c>Retry-After</c> (on 429 and 503) is honoured for. Flux waits as long as it is
    /// told, within <see cref="Timeout"/>; default 30 seconds.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The time for the whole send, retries and waits included (Flux's Provider <c>spec.timeout</c>). Default 15 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A limit on each attempt, after which it counts as a failed connection and is retried. Flux has none
    /// (null, the default): a hung request uses up <see cref="Timeout"/>.
    /// </summary>
    public TimeSpan? AttemptTimeout { get; set; }

    /// <summary>An HTTP proxy (Flux's Provider <c>spec.proxy</c> or Secret <c>proxy</c>). Default none; the environment's proxy is not used.</summary>
    public Uri? Proxy { get; set; }

    /// <summary>
    /// Certificate authorities that alone are trusted for HTTPS receivers (Flux's <c>certSecretRef</c> <c>ca.crt</c>).
    /// Default null: the system's trust store.
    /// </summary>
    public X509Certificate2Collection? CertificateAuthorities { get; set; }

    /// <summary>The most bytes of a receiver's answer read (for error messages and Slack's <c>ok</c>). Default 64 KiB.</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(RetryMax, nameof(RetryMax));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryWaitMin, TimeSpan.Zero, nameof(RetryWaitMin));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryWaitMax, RetryWaitMin, nameof(RetryWaitMax));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryAfter, TimeSpan.Zero, nameof(MaxRetryAfter));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        if (AttemptTimeout is { } attempt)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(attempt, TimeSpan.Zero, nameof(AttemptTimeout));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxResponseBytes, nameof(MaxResponseBytes));
    }
}
