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

    /// <summary>The default <see cref="Timeout"/>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The default <see cref="InactivityTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultInactivityTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most the whole fetch may take, retries and their delays included; past it the fetch fails with
    /// <see cref="ArtifactTransportException"/> and the destination is untouched. Default 5 minutes
    /// (Flux's sources default to 60 seconds per reconciliation). <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// How long the server may send nothing (before the response headers, or within the body), and the window
    /// over which <see cref="MinimumBytesPerSecond"/> is checked. Either failure is transient: the attempt is
    /// retried. Default 30 seconds.
    /// </summary>
    public TimeSpan InactivityTimeout { get; set; } = DefaultInactivityTimeout;

    /// <summary>
    /// The slowest body the fetch accepts, averaged over each <see cref="InactivityTimeout"/> window, so that a
    /// server trickling a byte at a time cannot hold a fetch for its whole <see cref="Timeout"/>. Default
    /// 1,024 bytes a second; 0 disables the check.
    /// </summary>
    public long MinimumBytesPerSecond { get; set; } = 1024;

    /// <summary>The default <see cref="MaxRedirects"/>: 10, as Go's HTTP client.</summary>
    public const int DefaultMaxRedirects = 10;

    /// <summary>
    /// How many redirects are followed, each only to another http or https URL (a redirect to <c>ftp://</c>,
    /// <c>file://</c> or any other scheme fails with <see cref="ArtifactRedirectException"/>, as does one hop
    /// too many). Default 10; 0 follows none.
    /// </summary>
    public int MaxRedirects { get; set; } = DefaultMaxRedirects;

    /// <summary>
    /// Whether a non-empty destination that no earlier fetch made may be replaced. Default false: a fetch replaces
    /// only an absent or empty directory, or one it made before (it leaves a <c>.NAME.gitops-artifact</c> file beside
    /// the directory, never inside it). A file system root, the current directory and its parents are refused whatever this says.
    /// </summary>
    public bool Overwrite { get; set; }

    /// <summary>
    /// Checks the extracted tree (its staging directory is passed) before it replaces the destination; throwing refuses
    /// the artifact and leaves the destination as it was. Helm's chart pull reads Chart.yaml here. Default none.
    /// </summary>
    public Func<string, CancellationToken, Task>? Validation { get; set; }

    /// <summary>Receives download progress, at most every 256 KiB and at the end of each attempt. Default none.</summary>
    public IProgress<FetchProgress>? Progress { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDownloadBytes, nameof(MaxDownloadBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetryAttempts, nameof(MaxRetryAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, RetryDelay, nameof(MaxRetryDelay));
        if (Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InactivityTimeout, TimeSpan.Zero, nameof(InactivityTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MinimumBytesPerSecond, nameof(MinimumBytesPerSecond));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRedirects, nameof(MaxRedirects));
        ArgumentNullException.ThrowIfNull(Extraction, nameof(Extraction));
        Extraction.Validate();
    }
}
