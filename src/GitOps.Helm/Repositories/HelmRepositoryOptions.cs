using GitOps.Artifacts.Fetch;

namespace GitOps.Helm.Repositories;

/// <summary>
/// How <see cref="HelmRepositoryClient"/> downloads a repository's index: the same total and inactivity timeouts,
/// minimum rate, redirect rules and retries as every Core download (<see cref="ArtifactFetcher.DownloadAsync"/>).
/// The defaults are safe for untrusted repositories.
/// </summary>
public sealed class HelmRepositoryOptions
{
    /// <summary>
    /// The most the index download may take, retries included. Default 5 minutes
    /// (<see cref="ArtifactFetchOptions.DefaultTimeout"/>); <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = ArtifactFetchOptions.DefaultTimeout;

    /// <summary>
    /// How long the server may send nothing (before the headers or within the body), also the window of
    /// <see cref="MinimumBytesPerSecond"/>. Default 30 seconds (<see cref="ArtifactFetchOptions.DefaultInactivityTimeout"/>).
    /// </summary>
    public TimeSpan InactivityTimeout { get; set; } = ArtifactFetchOptions.DefaultInactivityTimeout;

    /// <summary>The slowest body accepted, averaged over each inactivity window. Default 1,024 bytes a second; 0 disables the check.</summary>
    public long MinimumBytesPerSecond { get; set; } = 1024;

    /// <summary>How many times a transient failure (connection, 408, 429, 5xx but 501, a timeout) is retried. Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry's delay, doubled for each later one. Default 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many redirects are followed, only to http or https. Default 10.</summary>
    public int MaxRedirects { get; set; } = ArtifactFetchOptions.DefaultMaxRedirects;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public void Validate() => ToFetchOptions(1).Validate();

    /// <summary>The Core download options for an index capped at <paramref name="maxBytes"/>.</summary>
    internal ArtifactFetchOptions ToFetchOptions(long maxBytes) => new()
    {
        MaxDownloadBytes = maxBytes,
        Timeout = Timeout,
        InactivityTimeout = InactivityTimeout,
        MinimumBytesPerSecond = MinimumBytesPerSecond,
        MaxRetryAttempts = MaxRetryAttempts,
        RetryDelay = RetryDelay,
        MaxRetryDelay = RetryDelay > TimeSpan.FromSeconds(30) ? RetryDelay : TimeSpan.FromSeconds(30),
        MaxRedirects = MaxRedirects,
    };
}
