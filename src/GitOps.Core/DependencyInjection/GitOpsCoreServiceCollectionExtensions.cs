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
    /// Adds the GitOps.Core services: <see cref="ArtifactFetcher"/> (on the <c>IHttpClientFactory</c> client named
    /// <see cref="GitOpsCoreOptions.HttpClientName"/>, which never decompresses nor follows redirects, with the
    /// registered <see cref="TimeProvider"/> and logging), <see cref="ArchiveExtractor"/>, <see cref="ArtifactPackager"/>
    /// and a <see cref="GitOps.Notifications.NotificationDispatcher"/>. Safe to call more than once: the first
    /// call's options are kept, as are services already registered (for example a <see cref="TimeProvider"/> of the
    /// application's own).
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <param name="configure">Changes the defaults (<see cref="GitOpsCoreOptions"/>); validated here.</param>
    /// <returns>The same service collection, for chaining.</returns>
    /// <exception cref="ArgumentException">The configured options are invalid.</exception>
    public static IServiceCollection AddGitOpsCore(this IServiceCollection services, Action<GitOpsCoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new GitOpsCoreOptions();
        configure?.Invoke(options);
        options.Validate();
        if (services.Any(static d => d.ServiceType == typeof(GitOpsCoreOptions)))
        {
            return services;
        }

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddArtifactHttpClient(options.HttpClientName);
        services.TryAddSingleton(static sp => CreateFetcher(sp, sp.GetRequiredService<GitOpsCoreOptions>().HttpClientName));
        services.TryAddSingleton(static sp => new ArchiveExtractor(sp.GetRequiredService<GitOpsCoreOptions>().Extraction));
        services.TryAddSingleton(static sp => new ArtifactPackager(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(static sp => new GitOps.Notifications.NotificationDispatcher(
            sp.GetRequiredService<GitOpsCoreOptions>().Notifications,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Registers a named <c>IHttpClientFactory</c> client fit for <see cref="ArtifactFetcher"/>: no decompression, no
    /// redirects of its own, no client timeout (the fetch's own bounds each call), no request logging.
    /// </summary>
    internal static IHttpClientBuilder AddArtifactHttpClient(this IServiceCollection services, string name) =>
        services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(static () => ArtifactFetcher.CreateHandler())
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
            // The factory's loggers write request URLs, which may carry credentials; the fetcher logs masked ones.
            .RemoveAllLoggers();

    /// <summary>A fetcher that takes a client of the factory's named client per request.</summary>
    internal static ArtifactFetcher CreateFetcher(IServiceProvider services, string httpClientName)
    {
        var factory = services.GetRequiredService<IHttpClientFactory>();
        return new ArtifactFetcher(() => factory.CreateClient(httpClientName), services.GetRequiredService<TimeProvider>(), services.GetService<ILogger<ArtifactFetcher>>());
    }
}
