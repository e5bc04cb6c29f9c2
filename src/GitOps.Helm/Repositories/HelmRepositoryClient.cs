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
    private static readonly Lazy<HttpClient> DefaultClient = new(() => new HttpClient(new SocketsHttpHandler
    {
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = TimeSpan.FromMinutes(5),
    });

    private readonly HttpClient _http;
    private readonly HelmIndexLoader _loader;
    private readonly HelmChartDownloader _downloader;
    private readonly HelmIndexCache? _cache;
    private readonly IHelmOciRegistry? _ociRegistry;

    /// <summary>Creates a client.</summary>
    /// <param name="http">The client for index requests (default: a shared one that accepts gzip).</param>
    /// <param name="loader">The index loader (default: default limits).</param>
    /// <param name="downloader">The chart downloader (default: default limits).</param>
    /// <param name="cache">A parsed-index cache, so an unchanged index is not parsed again (default: none).</param>
    /// <param name="ociRegistry">Where <c>oci://</c> charts are pulled from (GitOps.Oci's <c>OciHelmChartClient</c>); null (the default) refuses them.</param>
    public HelmRepositoryClient(HttpClient? http = null, HelmIndexLoader? loader = null, HelmChartDownloader? downloader = null, HelmIndexCache? cache = null, IHelmOciRegistry? ociRegistry = null)
    {
        _ociRegistry = ociRegistry;
        _http = http ?? DefaultClient.Value;
        _loader = loader ?? new HelmIndexLoader();
        _downloader = downloader ?? new HelmChartDownloader();
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

    /// <summary>Downloads and loads the repository's index.</summary>
    /// <exception cref="HelmIndexException">The index is refused or over the limit.</exception>
    /// <exception cref="HelmRepositoryException">The index could not be fetched.</exception>
    public async Task<HelmIndex> GetIndexAsync(string repositoryUrl, CancellationToken cancellationToken = default)
    {
        var url = IndexUrl(repositoryUrl);
        using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HelmRepositoryException($"failed to fetch {Redact(url)} : {(int)response.StatusCode} {response.ReasonPhrase}", IsTransient((int)response.StatusCode));
        }

        if (response.Content.Headers.ContentLength is { } length && length > _loader.Options.MaxIndexBytes)
        {
            throw new HelmIndexException(HelmIndexErrorKind.TooLarge, $"index is larger than the {_loader.Options.MaxIndexBytes}-byte limit (MaxIndexBytes): Content-Length {length}");
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            return _cache is null
                ? await _loader.LoadAsync(body, cancellationToken).ConfigureAwait(false)
                : await _cache.GetOrLoadAsync(body, cancellationToken).ConfigureAwait(false);
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

    private static bool IsTransient(int status) => status is 408 or 429 or (>= 500 and not 501);

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
