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

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive, or the retry count is negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxChartBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFileBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxUnpackedBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetryAttempts);
    }
}
