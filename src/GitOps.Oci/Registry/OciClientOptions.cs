using System.Security.Cryptography.X509Certificates;
using GitOps.Artifacts.Fetch;
using GitOps.Artifacts.Fetch.Internal;

namespace GitOps.Oci.Registry;

/// <summary>
/// Settings of an <see cref="OciRegistryClient"/>: transport security, credentials per registry, time and
/// size limits. The defaults are safe: HTTPS only with the system's trust, no credentials, a one-minute
/// request timeout, a 30-second inactivity timeout with a minimum rate on every body, and caps on manifests, tag
/// lists and blobs.
/// </summary>
public sealed class OciClientOptions
{
    /// <summary>Default <see cref="MaxManifestBytes"/>: 4 MiB, the distribution registry's own limit.</summary>
    public const int DefaultMaxManifestBytes = 4 * 1024 * 1024;

    /// <summary>Default <see cref="MaxBlobBytes"/>: 100 MiB, the same as the artifact fetcher's download limit.</summary>
    public const long DefaultMaxBlobBytes = 100 * 1024 * 1024;

    /// <summary>Default <see cref="MaxTags"/>: 100,000 tags.</summary>
    public const int DefaultMaxTags = 100_000;

    /// <summary>
    /// Talk plain HTTP instead of HTTPS (Flux's <c>insecure</c>, Helm's <c>--plain-http</c>). Off by default:
    /// plain HTTP is used only when asked for.
    /// </summary>
    public bool PlainHttp { get; set; }

    /// <summary>
    /// Certificate authorities trusted for this client's HTTPS connections, instead of the system's (a
    /// private registry's CA). Empty (the default) means the system trust store. The trust applies to this
    /// client only, never to the process.
    /// </summary>
    public X509Certificate2Collection CaCertificates { get; } = [];

    /// <summary>
    /// Credentials by registry host (<c>HOST[:PORT]</c>, as in <see cref="OciReference.Registry"/>). They are
    /// sent only to that registry (Basic) or to the token service it names (bearer-token challenge), never logged.
    /// </summary>
    public IDictionary<string, OciCredential> Credentials { get; } = new Dictionary<string, OciCredential>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Time to wait for a response's headers (default: one minute, Flux's OCIRepository timeout). Bodies stream beyond it.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Time to wait for a TCP and TLS connection (default: 30 seconds).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a body (manifest, tag list, token, blob, extracted layer) may send nothing, and the window over which
    /// <see cref="MinimumBytesPerSecond"/> is checked; either failure is an <see cref="OciTimeoutException"/>
    /// (a layer pulled through the artifact fetcher: its transient transport error). Default 30 seconds
    /// (<see cref="ArtifactFetchOptions.DefaultInactivityTimeout"/>, the same as every other download).
    /// </summary>
    public TimeSpan InactivityTimeout { get; set; } = ArtifactFetchOptions.DefaultInactivityTimeout;

    /// <summary>
    /// The slowest body accepted, averaged over each <see cref="InactivityTimeout"/> window, so that a registry
    /// trickling a byte at a time cannot hold a download for ever. Default 1,024 bytes a second; 0 disables the check.
    /// </summary>
    public long MinimumBytesPerSecond { get; set; } = 1024;

    /// <summary>Largest manifest (or tag-list page, or token response) read into memory (default: <see cref="DefaultMaxManifestBytes"/>).</summary>
    public int MaxManifestBytes { get; set; } = DefaultMaxManifestBytes;

    /// <summary>Largest blob downloaded (default: <see cref="DefaultMaxBlobBytes"/>); larger layers are refused before any byte is read.</summary>
    public long MaxBlobBytes { get; set; } = DefaultMaxBlobBytes;

    /// <summary>Most tags read from a repository across all pages (default: <see cref="DefaultMaxTags"/>).</summary>
    public int MaxTags { get; set; } = DefaultMaxTags;

    /// <summary>Retries of transient failures when downloading blobs (default: 3).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Adds credentials for <paramref name="registry"/> and returns these options.</summary>
    public OciClientOptions WithCredential(string registry, string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        Credentials[registry] = new OciCredential(username, password);
        return this;
    }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit or timeout is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InactivityTimeout, TimeSpan.Zero, nameof(InactivityTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MinimumBytesPerSecond, nameof(MinimumBytesPerSecond));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxManifestBytes, 0, nameof(MaxManifestBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxBlobBytes, 0, nameof(MaxBlobBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTags, 0, nameof(MaxTags));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetryAttempts, nameof(MaxRetryAttempts));
    }

    /// <summary>The fetch options of a layer pulled through the artifact fetcher: this client's retries and body timeouts.</summary>
    internal ArtifactFetchOptions FetchOptions(long layerSize, Artifacts.Extraction.ExtractionOptions extraction) => new()
    {
        // The layer may be exactly as large as the manifest says: a byte more is not the layer.
        MaxDownloadBytes = Math.Max(1, layerSize),
        MaxRetryAttempts = MaxRetryAttempts,
        InactivityTimeout = InactivityTimeout,
        MinimumBytesPerSecond = MinimumBytesPerSecond,
        Extraction = extraction,
    };

    /// <summary><paramref name="body"/> under the inactivity timeout and minimum rate; a stall of <paramref name="what"/> is an <see cref="OciTimeoutException"/>.</summary>
    internal Stream Watch(Stream body, string what, TimeProvider time) =>
        new InactivityTimeoutStream(body, InactivityTimeout, MinimumBytesPerSecond, time, (message, cause) => new OciTimeoutException($"{what}: {message}", InactivityTimeout, cause));
}
