using GitOps.Artifacts;
using GitOps.Artifacts.Fetch;
using GitOps.Helm.Index;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Helm.Charts;

/// <summary>
/// Downloads a chart version through the Core <see cref="ArtifactFetcher"/>: the URL resolved as Helm resolves
/// it, the archive capped (10 MiB) and verified against the index entry's digest (which Helm and Flux skip),
/// unpacked with a per-file cap (5 MiB) and links refused, then Chart.yaml read and validated.
/// </summary>
/// <remarks>
/// An index entry without a <c>digest</c> is pulled as Helm and Flux pull it, unverified
/// (<see cref="ArtifactFetcher.FetchUnverifiedAsync"/>), with every limit still in force; the SHA-256 computed
/// while downloading is returned (<see cref="HelmChartDownload.Digest"/>, with <see cref="HelmChartDownload.Verified"/>
/// false) so that it can be recorded. An entry whose digest is present but unusable is refused, never pulled unverified.
/// </remarks>
public sealed partial class HelmChartDownloader
{
    private readonly ArtifactFetcher _fetcher;
    private readonly HelmChartDownloadOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a downloader.</summary>
    /// <param name="fetcher">The Core fetcher (default: one on the shared client).</param>
    /// <param name="options">Limits (default: <see cref="HelmChartDownloadOptions"/>).</param>
    /// <param name="logger">Where to log downloads (default: nowhere).</param>
    public HelmChartDownloader(ArtifactFetcher? fetcher = null, HelmChartDownloadOptions? options = null, ILogger<HelmChartDownloader>? logger = null)
    {
        _fetcher = fetcher ?? new ArtifactFetcher();
        _options = options ?? new HelmChartDownloadOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Downloads <paramref name="version"/> from the repository at <paramref name="repositoryUrl"/> into
    /// <paramref name="destinationDirectory"/> (replaced atomically; untouched on failure).
    /// </summary>
    /// <exception cref="HelmChartException">The entry has no URL or an unusable digest, or the chart's metadata is invalid.</exception>
    /// <exception cref="DigestMismatchException">The archive served is not the one the index lists.</exception>
    /// <exception cref="ArtifactTooLargeException">The archive, a file in it, or all of it unpacked is over its limit.</exception>
    /// <exception cref="ArtifactNotFoundException">The server has no such archive.</exception>
    /// <exception cref="UnsafeArchiveException">The archive is malformed or unsafe.</exception>
    /// <exception cref="ArtifactTransportException">The transfer failed.</exception>
    public async Task<HelmChartDownload> DownloadAsync(string repositoryUrl, HelmChartVersion version, string destinationDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repositoryUrl);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentException.ThrowIfNullOrEmpty(destinationDirectory);
        if (version.Urls.Count == 0)
        {
            throw new HelmChartException($"chart \"{version.Name}\" has no downloadable URLs");
        }

        // Helm uses the first URL only.
        var url = ChartUrl(repositoryUrl, version);
        var digest = ExpectedDigest(version);
        var options = _options.ToFetchOptions();

        // The chart is read and validated in the staging directory, before it replaces anything at the destination:
        // a rejected chart leaves the previous one in place.
        HelmChartMetadata? metadata = null;
        options.Validation = async (staging, token) => metadata = await ReadMetadataAsync(FindChartDirectory(staging), token).ConfigureAwait(false);
        var result = digest is { } expected
            ? await _fetcher.FetchAsync(url, expected, destinationDirectory, options, cancellationToken).ConfigureAwait(false)
            : await _fetcher.FetchUnverifiedAsync(url, destinationDirectory, options, cancellationToken).ConfigureAwait(false);
        var chartDirectory = FindChartDirectory(result.Directory);
        if (result.Verified)
        {
            LogDownloaded(_logger, version.Name, version.Version, result.Size, result.Digest);
        }
        else
        {
            LogDownloadedUnverified(_logger, version.Name, version.Version, result.Size, result.Digest);
        }

        return new HelmChartDownload(version, url, result.Digest, chartDirectory, metadata!, result.Size) { Verified = result.Verified };
    }

    /// <summary>Reads and validates the chart in <paramref name="chartDirectory"/> (Chart.yaml, and requirements.yaml for v1 charts).</summary>
    /// <exception cref="HelmChartException">No Chart.yaml, or invalid metadata.</exception>
    public static async Task<HelmChartMetadata> ReadMetadataAsync(string chartDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(chartDirectory);
        var chartYaml = Path.Combine(chartDirectory, "Chart.yaml");
        if (!File.Exists(chartYaml))
        {
            throw new HelmChartException($"Chart.yaml file is missing in {chartDirectory}");
        }

        var text = await File.ReadAllTextAsync(chartYaml, cancellationToken).ConfigureAwait(false);
        var requirements = Path.Combine(chartDirectory, "requirements.yaml");
        var requirementsText = File.Exists(requirements) ? await File.ReadAllTextAsync(requirements, cancellationToken).ConfigureAwait(false) : null;
        return HelmChartMetadataReader.Parse(text, requirementsText);
    }

    /// <summary>The entry's first URL resolved against the repository; only http and https are fetched (Helm's getters).</summary>
    private static Uri ChartUrl(string repositoryUrl, HelmChartVersion version)
    {
        var resolved = HelmChartUrl.Resolve(repositoryUrl, version.Urls[0]);
        if (!Uri.TryCreate(resolved, UriKind.Absolute, out var url))
        {
            throw new HelmChartException($"chart \"{version.Name}\" {version.Version} has an invalid URL");
        }

        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new HelmChartException($"chart \"{version.Name}\" {version.Version}: could not find protocol handler for: {url.Scheme} (only http and https chart URLs are fetched)");
        }

        return url;
    }

    /// <summary>The entry's digest, or null when it lists none (then the chart is pulled unverified, as Helm does).</summary>
    private static Digest? ExpectedDigest(HelmChartVersion version)
    {
        if (string.IsNullOrEmpty(version.Digest))
        {
            return null;
        }

        if (!HelmChartDigest.TryParse(version.Digest, out var sha256, out var error))
        {
            throw new HelmChartException($"chart \"{version.Name}\" {version.Version} has an unusable digest: {error}");
        }

        return Digest.FromHash(DigestAlgorithm.Sha256, sha256);
    }

    /// <summary>
    /// The chart's directory inside an unpacked chart archive: the directory itself when it holds Chart.yaml,
    /// else its first top directory (in ordinal order) that does (an archive holds one, named after the chart).
    /// </summary>
    /// <exception cref="HelmChartException">No Chart.yaml there.</exception>
    public static string FindChartDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (File.Exists(Path.Combine(directory, "Chart.yaml")))
        {
            return directory;
        }

        var tops = Directory.GetDirectories(directory);
        foreach (var top in tops.Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(top, "Chart.yaml")))
            {
                return top;
            }
        }

        throw new HelmChartException("Chart.yaml file is missing");
    }

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.HelmChartDownloaded, Level = LogLevel.Information, Message = "Downloaded chart {Chart} {Version} ({Bytes} bytes, {Digest})")]
    private static partial void LogDownloaded(ILogger logger, string chart, string version, long bytes, Digest digest);

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.HelmChartDownloadedUnverified, Level = LogLevel.Information, Message = "Downloaded chart {Chart} {Version} ({Bytes} bytes, {Digest} computed; the index lists no digest, so it was not verified)")]
    private static partial void LogDownloadedUnverified(ILogger logger, string chart, string version, long bytes, Digest digest);
}
