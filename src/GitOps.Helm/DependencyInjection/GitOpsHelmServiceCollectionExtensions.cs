using GitOps.Artifacts.Fetch;
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
    /// Adds the GitOps.Helm services (index loader and cache, chart downloader on the Core fetcher, repository
    /// client) and the GitOps.Core services they build on. Options registered beforehand
    /// (<see cref="HelmIndexOptions"/>, <see cref="HelmChartDownloadOptions"/>, <see cref="HelmRepositoryOptions"/>) are used; otherwise the defaults.
    /// Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddGitOpsHelm(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddGitOpsCore();
        services.TryAddSingleton(static _ => new HelmIndexOptions());
        services.TryAddSingleton(static _ => new HelmChartDownloadOptions());
        services.TryAddSingleton(static _ => new HelmRepositoryOptions());
        services.TryAddSingleton(static sp => new HelmIndexLoader(sp.GetRequiredService<HelmIndexOptions>(), sp.GetService<ILogger<HelmIndexLoader>>()));
        services.TryAddSingleton(static sp => new HelmIndexCache(sp.GetRequiredService<HelmIndexLoader>()));
        services.TryAddSingleton(static sp => new HelmChartDownloader(
            sp.GetRequiredService<ArtifactFetcher>(),
            sp.GetRequiredService<HelmChartDownloadOptions>(),
            sp.GetService<ILogger<HelmChartDownloader>>()));
        services.TryAddSingleton(static sp => new HelmRepositoryClient(
            http: null,
            sp.GetRequiredService<HelmIndexLoader>(),
            sp.GetRequiredService<HelmChartDownloader>(),
            sp.GetRequiredService<HelmIndexCache>(),
            sp.GetService<IHelmOciRegistry>(),
            sp.GetRequiredService<HelmRepositoryOptions>(),
            sp.GetRequiredService<ArtifactFetcher>()));
        return services;
    }
}
