using GitOps.Artifacts;
using GitOps.Artifacts.Fetch;
using GitOps.Helm.Charts;
using GitOps.Helm.Charts.Internal;
using GitOps.Helm.Index;

namespace GitOps.Helm.Repositories;

/// <summary>
/// A Helm HTTP repository: its index streamed straight into <see cref="HelmIndexLoader"/> (capped, never
/// buffered whole), and charts pulled as <c>helm pull REPO/CHART --version C</c> does, verified when the index lists a digest.
/// <c>oci://</c> repositories are pulled through an <see cref="IHelmOciRegistry"/> (GitOps.Oci) when one is given.
/// </summary>
public sealed class HelmRepositoryClient
{
    private readonly ArtifactFetcher _fetcher;
    private readonly HelmRepositoryOptions _options;
    private readonly HelmIndexLoader _loader;
    private readonly HelmChartDownloader _downloader;
    private readonly HelmIndexCache? _cache;
    private readonly IHelmOciRegistry? _ociRegistry;

    /// <summary>Creates a client.</summary>
    /// <param name="http">
    /// The client for index requests (default: Core's shared one). Downloads go through Core's
    /// <see cref="ArtifactFetcher.DownloadAsync"/> on it: timeouts, minimum rate, redirect rules and retries from <paramref name="options"/>.
    /// </param>
    /// <param name="loader">The index loader (default: default limits).</param>
    /// <param name="downloader">The chart downloader (default: default limits).</param>
    /// <param name="cache">A parsed-index cache, so an unchanged index is not parsed again (default: none).</param>
    /// <param name="ociRegistry">Where <c>oci://</c> charts are pulled from (GitOps.Oci's <c>OciHelmChartClient</c>); null (the default) refuses them.</param>
    /// <param name="options">Timeouts, retries and redirects of the index download (default: <see cref="HelmRepositoryOptions"/>).</param>
    /// <param name="fetcher">The Core fetcher indexes and charts are downloaded with (default: one on <paramref name="http"/>); dependency injection passes the registered one.</param>
    public HelmRepositoryClient(HttpClient? http = null, HelmIndexLoader? loader = null, HelmChartDownloader? downloader = null, HelmIndexCache? cache = null, IHelmOciRegistry? ociRegistry = null, HelmRepositoryOptions? options = null, ArtifactFetcher? fetcher = null)
    {
        fetcher ??= http is null ? new ArtifactFetcher() : new ArtifactFetcher(http);
        _fetcher = fetcher;
        _options = options ?? new HelmRepositoryOptions();
        _options.Validate();
        _ociRegistry = ociRegistry;
        _loader = loader ?? new HelmIndexLoader();
        _downloader = downloader ?? new HelmChartDownloader(fetcher);
        _cache = cache;
    }

    /// <summary>The index URL Helm uses for <paramref name="repositoryUrl"/>: <c>index.yaml</c> joined to its path, query kept.</summary>
    public static Uri IndexUrl(string repositoryUrl)
    {
        ArgumentNullException.ThrowIfNull(repositoryUrl);
        var url = GoUrl.Parse(repositoryUrl);
        url.SetPath(url.EscapedPath().TrimEnd('/') + "/index.yaml");
        return new Uri(url.ToString());
    }

    /// <summary>
    /// Downloads and loads the repository's index, through Core's <see cref="ArtifactFetcher.DownloadAsync"/>: within
    /// <see cref="HelmRepositoryOptions.Timeout"/>, failing on a silent or trickling server, redirects only to http or https,
    /// transient failures retried.
    /// </summary>
    /// <exception cref="HelmIndexException">The index is refused or over the limit.</exception>
    /// <exception cref="HelmRepositoryException">The index could not be fetched (the repository URL is not http or https, the server refused, failed, redirected elsewhere or timed out).</exception>
    public async Task<HelmIndex> GetIndexAsync(string repositoryUrl, CancellationToken cancellationToken = default)
    {
        Uri url;
        try
        {
            url = IndexUrl(repositoryUrl);
        }
        catch (FormatException ex)
        {
            throw new HelmRepositoryException($"invalid repository URL: {ex.Message}", isTransient: false, ex);
        }

        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new HelmRepositoryException($"could not find protocol handler for: {url.Scheme} ({Redact(url)})", isTransient: false);
        }

        var maxBytes = _loader.Options.MaxIndexBytes;
        try
        {
            return await _fetcher.DownloadAsync(
                url,
                (body, token) => _cache is null ? _loader.LoadAsync(body, token) : _cache.GetOrLoadAsync(body, token),
                _options.ToFetchOptions(maxBytes),
                cancellationToken).ConfigureAwait(false);
        }
        catch (ArtifactTooLargeException ex) when (ex.Limit == ArtifactLimit.DownloadBytes)
        {
            throw new HelmIndexException(HelmIndexErrorKind.TooLarge, $"index is larger than the {maxBytes}-byte limit (MaxIndexBytes)", ex);
        }
        catch (GitOpsException ex) when (ex is ArtifactTransportException or ArtifactNotFoundException or ArtifactRedirectException)
        {
            throw new HelmRepositoryException($"failed to fetch {Redact(url)} : {ex.Message}", ex.IsTransient, ex);
        }
    }

    /// <summary>
    /// <c>helm pull REPO/CHART --version CONSTRAINT [--devel] --untar --untardir DESTINATION</c>, with the
    /// archive verified against the index digest when the entry lists one (otherwise pulled unverified, as Helm
    /// does, and the computed digest returned: see <see cref="HelmChartDownload.Verified"/>).
    /// </summary>
    /// <remarks>
    /// For an <c>oci://HOST/REPOSITORY</c> repository the chart is <c>oci://HOST/REPOSITORY/CHART</c>, its versions
    /// are the registry's tags, and the pull goes through the <see cref="IHelmOciRegistry"/> given to the constructor.
    /// </remarks>
    /// <exception cref="HelmRepositoryException">An <c>oci://</c> repository and no <see cref="IHelmOciRegistry"/>.</exception>
    public async Task<HelmChartDownload> PullAsync(string repositoryUrl, string chart, string? constraint, string destinationDirectory, bool devel = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repositoryUrl);
        if (IsOci(repositoryUrl))
        {
            ArgumentException.ThrowIfNullOrEmpty(chart);
            return await PullOciAsync(repositoryUrl.TrimEnd('/') + "/" + chart, constraint, destinationDirectory, devel, cancellationToken).ConfigureAwait(false);
        }

        var index = await GetIndexAsync(repositoryUrl, cancellationToken).ConfigureAwait(false);
        var version = index.Select(chart, constraint, devel);
        return await _downloader.DownloadAsync(repositoryUrl, version, destinationDirectory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>helm pull oci://HOST/REPOSITORY/CHART --version CONSTRAINT</c>: through the <see cref="IHelmOciRegistry"/>
    /// given to the constructor.
    /// </summary>
    /// <exception cref="HelmRepositoryException">No <see cref="IHelmOciRegistry"/> was given.</exception>
    public Task<HelmChartDownload> PullOciAsync(string chartReference, string? constraint, string destinationDirectory, bool devel = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chartReference);
        if (_ociRegistry is null)
        {
            throw new HelmRepositoryException($"{chartReference}: oci:// repositories need an OCI registry client (GitOps.Oci: services.AddGitOpsOci(), or pass an OciHelmChartClient to HelmRepositoryClient)", isTransient: false);
        }

        return _ociRegistry.PullAsync(chartReference, constraint, destinationDirectory, devel, cancellationToken);
    }

    /// <summary>Whether <paramref name="repositoryUrl"/> is an <c>oci://</c> reference.</summary>
    public static bool IsOci(string repositoryUrl) => repositoryUrl is not null && repositoryUrl.StartsWith("oci://", StringComparison.OrdinalIgnoreCase);

    private static string Redact(Uri url) => string.IsNullOrEmpty(url.UserInfo) ? url.GetLeftPart(UriPartial.Path) : url.GetLeftPart(UriPartial.Path).Replace(url.UserInfo + "@", "***@", StringComparison.Ordinal);
}

/// <summary>A repository could not be reached or answered with an error.</summary>
public sealed class HelmRepositoryException : GitOpsException
{
    private readonly bool _transient;

    /// <summary>Creates the exception.</summary>
    public HelmRepositoryException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        _transient = isTransient;
    }

    /// <summary>Creates the exception with no message.</summary>
    public HelmRepositoryException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HelmRepositoryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public HelmRepositoryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => _transient;
}
