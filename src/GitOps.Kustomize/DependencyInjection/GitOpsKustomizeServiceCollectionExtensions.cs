using GitOps.Kustomize;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the GitOps.Kustomize primitives with a service collection.</summary>
public static class GitOpsKustomizeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the GitOps.Kustomize services (a singleton <see cref="KustomizeBuilder"/>) and the GitOps.Core
    /// services they build on. Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddGitOpsKustomize(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddGitOpsCore();
        services.TryAddSingleton<KustomizeBuilder>();
        return services;
    }
}
