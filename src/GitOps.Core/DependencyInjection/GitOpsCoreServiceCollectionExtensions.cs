using GitOps.Artifacts.Extraction;
using GitOps.Artifacts.Fetch;
using GitOps.Artifacts.Packaging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the GitOps.Core primitives with a service collection.</summary>
public static class GitOpsCoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the GitOps.Core services: <see cref="ArtifactFetcher"/> (on a shared HTTP client that never
    /// decompresses, with the registered <see cref="TimeProvider"/> and logging) and
    /// <see cref="ArchiveExtractor"/>, <see cref="ArtifactPackager"/> and a <see cref="GitOps.Notifications.NotificationDispatcher"/> with default limits. Safe to call more than once; services already registered (for example
    /// a <see cref="TimeProvider"/> of the application's own) are kept.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddGitOpsCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new ArtifactFetcher(
            ArtifactFetcher.SharedHttpClient,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<ArtifactFetcher>>()));
        services.TryAddSingleton(static _ => new ArchiveExtractor());
        services.TryAddSingleton(static sp => new ArtifactPackager(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(static sp => new GitOps.Notifications.NotificationDispatcher(timeProvider: sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
