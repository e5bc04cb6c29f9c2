using GitOps.Kustomize;
using GitOps.Kustomize.Flux;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Flux's build layer over GitOps.Kustomize.</summary>
public static class GitOpsKustomizeFluxServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="FluxKustomizeBuilder"/> (safe for concurrent builds) and, through
    /// <see cref="GitOpsKustomizeServiceCollectionExtensions.AddGitOpsKustomize"/>, the kustomize build it uses.
    /// Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddGitOpsKustomizeFlux(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddGitOpsKustomize();
        services.TryAddSingleton(sp => new FluxKustomizeBuilder(
            sp.GetRequiredService<KustomizeBuilder>(),
            sp.GetService<ILogger<FluxKustomizeBuilder>>()));
        return services;
    }
}
