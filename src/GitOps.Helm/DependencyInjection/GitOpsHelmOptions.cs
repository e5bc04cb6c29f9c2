using GitOps.Helm.Charts;
using GitOps.Helm.Index;
using GitOps.Helm.Repositories;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <see cref="GitOpsHelmServiceCollectionExtensions.AddGitOpsHelm(IServiceCollection, Action{GitOpsHelmOptions}?)"/>
/// registers: the named HTTP client Helm indexes and charts are downloaded with, and the limits of the index
/// loader, chart downloader and repository client. Every default is safe for untrusted repositories.
/// </summary>
public sealed class GitOpsHelmOptions
{
    /// <summary>The default name of Helm's <c>IHttpClientFactory</c> client: <c>GitOps.Helm</c>.</summary>
    public const string DefaultHttpClientName = "GitOps.Helm";

    /// <summary>
    /// The name of the <c>IHttpClientFactory</c> client index and chart downloads use (through Core's
    /// <c>ArtifactFetcher</c>, so with its retries and limits). Configure it with <c>services.AddHttpClient(name)</c>,
    /// for example for a repository's proxy or CA. Default <see cref="DefaultHttpClientName"/>.
    /// </summary>
    public string HttpClientName { get; set; } = DefaultHttpClientName;

    /// <summary>Limits of index parsing. Default: <see cref="HelmIndexOptions"/>' defaults (50 MiB).</summary>
    public HelmIndexOptions Index { get; set; } = new();

    /// <summary>Limits of chart downloads. Default: <see cref="HelmChartDownloadOptions"/>' defaults.</summary>
    public HelmChartDownloadOptions ChartDownload { get; set; } = new();

    /// <summary>Timeouts, retries and redirects of index downloads. Default: <see cref="HelmRepositoryOptions"/>' defaults.</summary>
    public HelmRepositoryOptions Repository { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> when a value is missing or out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(HttpClientName, nameof(HttpClientName));
        ArgumentNullException.ThrowIfNull(Index, nameof(Index));
        ArgumentNullException.ThrowIfNull(ChartDownload, nameof(ChartDownload));
        ArgumentNullException.ThrowIfNull(Repository, nameof(Repository));
        Index.Validate();
        ChartDownload.Validate();
        Repository.Validate();
    }
}
