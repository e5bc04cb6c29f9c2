using GitOps.Helm.Charts;
using GitOps.Helm.Index;
using GitOps.Helm.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the GitOps.Helm primitives with a service collection.</summary>
public static class GitOpsHelmServiceCollectionExtensions
{
    /// <summary>
    /// Adds the GitOps.Helm services (index loader and cache, chart downloader and repository client, both
    /// downloading through Core's fetcher on the <c>IHttpClientFactory</c> client named
    /// <see cref="GitOpsHelmOptions.HttpClientName"/>) and the GitOps.Core services they build on. Options objects
    /// registered beforehand (<see cref="HelmIndexOptions"/>, <see cref="HelmChartDownloadOptions"/>,
    /// <see cref="HelmRepositoryOptions"/>) win over <paramref name="configure"/>'s. Safe to call more than once:
    /// the first call's options are kept.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <param name="configure">Changes the defaults (<see cref="GitOpsHelmOptions"/>); validated here.</param>
    /// <returns>The same service collection, for chaining.</returns>
    /// <exception cref="ArgumentException">The configured options are invalid.</exception>
    public static IServiceCollection AddGitOpsHelm(this IServiceCollection services, Action<GitOpsHelmOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new GitOpsHelmOptions();
        configure?.Invoke(options);
        options.Validate();
        services.AddGitOpsCore();
        if (services.Any(static d => d.ServiceType == typeof(GitOpsHelmOptions)))
        {
            return services;
        }

        services.AddSingleton(options);
        services.TryAddSingleton(options.Index);
        services.TryAddSingleton(options.ChartDownload);
        services.TryAddSingleton(options.Repository);
        services.AddArtifactHttpClient(options.HttpClientName);
        services.TryAddSingleton(static sp => new HelmIndexLoader(sp.GetRequiredService<HelmIndexOptions>(), sp.GetService<ILogger<HelmIndexLoader>>()));
        services.TryAddSingleton(static sp => new HelmIndexCache(sp.GetRequiredService<HelmIndexLoader>()));
        services.TryAddSingleton(static sp => new HelmChartDownloader(
            HelmFetcher(sp),
            sp.GetRequiredService<HelmChartDownloadOptions>(),
            sp.GetService<ILogger<HelmChartDownloader>>()));
        services.TryAddSingleton(static sp => new HelmRepositoryClient(
            http: null,
            sp.GetRequiredService<HelmIndexLoader>(),
            sp.GetRequiredService<HelmChartDownloader>(),
            sp.GetRequiredService<HelmIndexCache>(),
            sp.GetService<IHelmOciRegistry>(),
            sp.GetRequiredService<HelmRepositoryOptions>(),
            HelmFetcher(sp)));
        return services;
    }

    private static GitOps.Artifacts.Fetch.ArtifactFetcher HelmFetcher(IServiceProvider sp) =>
        GitOpsCoreServiceCollectionExtensions.CreateFetcher(sp, sp.GetRequiredService<GitOpsHelmOptions>().HttpClientName);
}
