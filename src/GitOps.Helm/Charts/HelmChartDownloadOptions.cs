using GitOps.Artifacts.Fetch;

namespace GitOps.Helm.Charts;

/// <summary>Limits for <see cref="HelmChartDownloader"/>. The defaults are Flux's and Helm's.</summary>
public sealed class HelmChartDownloadOptions
{
    /// <summary>The default <see cref="MaxChartBytes"/>: 10 MiB (Flux's chart limit).</summary>
    public const long DefaultMaxChartBytes = 10L * 1024 * 1024;

    /// <summary>The default <see cref="MaxFileBytes"/>: 5 MiB (Helm's per-file limit when loading a chart).</summary>
    public const long DefaultMaxFileBytes = 5L * 1024 * 1024;

    /// <summary>The default <see cref="MaxUnpackedBytes"/>: 100 MiB (Helm's decompressed chart limit).</summary>
    public const long DefaultMaxUnpackedBytes = 100L * 1024 * 1024;

    /// <summary>The most bytes a chart archive may have as served. Default 10 MiB.</summary>
    public long MaxChartBytes { get; set; } = DefaultMaxChartBytes;

    /// <summary>The most bytes one file inside the chart may hold. Default 5 MiB.</summary>
    public long MaxFileBytes { get; set; } = DefaultMaxFileBytes;

    /// <summary>The most bytes the chart's files may hold together. Default 100 MiB.</summary>
    public long MaxUnpackedBytes { get; set; } = DefaultMaxUnpackedBytes;

    /// <summary>How many times a transient failure is retried. Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The most a chart download may take, retries included. Default 5 minutes; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.</summary>
    public TimeSpan Timeout { get; set; } = ArtifactFetchOptions.DefaultTimeout;

    /// <summary>How long the server may send nothing, also the window of <see cref="MinimumBytesPerSecond"/>. Default 30 seconds.</summary>
    public TimeSpan InactivityTimeout { get; set; } = ArtifactFetchOptions.DefaultInactivityTimeout;

    /// <summary>The slowest body accepted, averaged over each inactivity window. Default 1,024 bytes a second; 0 disables the check.</summary>
    public long MinimumBytesPerSecond { get; set; } = 1024;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive, or the retry count is negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxChartBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFileBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxUnpackedBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetryAttempts);
        ToFetchOptions().Validate();
    }

    /// <summary>The Core fetch options these limits make.</summary>
    internal ArtifactFetchOptions ToFetchOptions() => new()
    {
        MaxDownloadBytes = MaxChartBytes,
        MaxRetryAttempts = MaxRetryAttempts,
        Timeout = Timeout,
        InactivityTimeout = InactivityTimeout,
        MinimumBytesPerSecond = MinimumBytesPerSecond,
        Extraction = new GitOps.Artifacts.Extraction.ExtractionOptions
        {
            MaxFileBytes = MaxFileBytes,
            MaxExtractedBytes = MaxUnpackedBytes,
        },
    };
}
