using GitOps.Artifacts.Extraction;

namespace GitOps.Artifacts.Fetch;

/// <summary>Limits, retries and progress reporting for <see cref="ArtifactFetcher.FetchAsync"/> and <see cref="ArtifactFetcher.FetchUnverifiedAsync"/>. Every limit is on by default.</summary>
public sealed class ArtifactFetchOptions
{
    /// <summary>The default cap on downloaded bytes: 100 MiB.</summary>
    public const long DefaultMaxDownloadBytes = 100L * 1024 * 1024;

    /// <summary>
    /// The most bytes the server may send (the compressed artifact). A larger Content-Length is refused
    /// before the body is read; a body that runs past it is cut off there. Default 100 MiB.
    /// </summary>
    public long MaxDownloadBytes { get; set; } = DefaultMaxDownloadBytes;

    /// <summary>Limits and policies for extracting what was downloaded.</summary>
    public ExtractionOptions Extraction { get; set; } = new();

    /// <summary>
    /// How many times to retry after a transient failure (connection failure or drop, 408, 429, 5xx other
    /// than 501). Default 3; 0 disables retries.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry's delay; each later one doubles it (exponential backoff). Default 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest delay between attempts, also the most a server's <c>Retry-After</c> is honoured for.
    /// Default 30 seconds.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether backoff delays are randomised (decorrelated jitter) so that clients spread out. Default true.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>Receives download progress, at most every 256 KiB and at the end of each attempt. Default none.</summary>
    public IProgress<FetchProgress>? Progress { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDownloadBytes, nameof(MaxDownloadBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetryAttempts, nameof(MaxRetryAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, RetryDelay, nameof(MaxRetryDelay));
        ArgumentNullException.ThrowIfNull(Extraction, nameof(Extraction));
        Extraction.Validate();
    }
}
