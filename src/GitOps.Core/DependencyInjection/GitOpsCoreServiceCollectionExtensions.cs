using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the GitOps.Core primitives with a service collection.</summary>
public static class GitOpsCoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the GitOps.Core services. Safe to call more than once; services already registered
    /// (for example a <see cref="TimeProvider"/> of the application's own) are kept.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddGitOpsCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
