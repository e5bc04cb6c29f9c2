using GitOps.Helm.Repositories;
using GitOps.Oci.Charts;
using GitOps.Oci.Flux;
using GitOps.Oci.Registry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the GitOps.Oci primitives with a service collection.</summary>
public static class GitOpsOciServiceCollectionExtensions
{
    /// <summary>
    /// Adds an <see cref="OciRegistryClient"/> (one connection pool, configured by <paramref name="configure"/>),
    /// the Flux artifact <see cref="FluxArtifactPuller"/> and <see cref="FluxArtifactPusher"/>, the
    /// <see cref="OciHelmChartClient"/> (registered as Helm's <see cref="IHelmOciRegistry"/>, so that
    /// <see cref="HelmRepositoryClient"/> pulls <c>oci://</c> charts), and the Core and Helm services they build
    /// on. Safe to call more than once: the first configuration wins.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <param name="configure">Sets the client's options (plain HTTP, CAs, credentials, limits); null keeps the safe defaults.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddGitOpsOci(this IServiceCollection services, Action<OciClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddGitOpsCore();
        services.TryAddSingleton(_ =>
        {
            var options = new OciClientOptions();
            configure?.Invoke(options);
            options.Validate();
            return options;
        });
        services.TryAddSingleton(static sp => new OciRegistryClient(sp.GetRequiredService<OciClientOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(static sp => new FluxArtifactPuller(sp.GetRequiredService<OciRegistryClient>(), sp.GetService<ILogger<FluxArtifactPuller>>()));
        services.TryAddSingleton(static sp => new FluxArtifactPusher(
            sp.GetRequiredService<OciRegistryClient>(),
            sp.GetRequiredService<GitOps.Artifacts.Packaging.ArtifactPackager>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<FluxArtifactPusher>>()));
        services.TryAddSingleton(static sp => new OciHelmChartClient(sp.GetRequiredService<OciRegistryClient>(), sp.GetService<GitOps.Helm.Charts.HelmChartDownloadOptions>()));
        services.TryAddSingleton<IHelmOciRegistry>(static sp => sp.GetRequiredService<OciHelmChartClient>());

        // Helm's registrations last, so that its repository client picks up the OCI registry above.
        services.AddGitOpsHelm();
        return services;
    }
}
