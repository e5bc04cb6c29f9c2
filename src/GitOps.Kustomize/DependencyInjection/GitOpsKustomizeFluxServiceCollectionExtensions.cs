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
    /// <see cref="GitOpsKustomizeServiceCollectionExtensions.AddGitOpsKustomize"/>, the kustomize build it uses; Flux
    /// builds that pass no options use <see cref="GitOpsKustomizeOptions.Flux"/>. Safe to call more than once: the
    /// first call's options are kept.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <param name="configure">Changes the defaults (<see cref="GitOpsKustomizeOptions"/>); validated here.</param>
    /// <returns>The same service collection, for chaining.</returns>
    /// <exception cref="ArgumentException">The configured options are invalid.</exception>
    public static IServiceCollection AddGitOpsKustomizeFlux(this IServiceCollection services, Action<GitOpsKustomizeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddGitOpsKustomize(configure);
        services.TryAddSingleton(static sp => new FluxKustomizeBuilder(
            sp.GetRequiredService<KustomizeBuilder>(),
            sp.GetService<ILogger<FluxKustomizeBuilder>>(),
            sp.GetRequiredService<GitOpsKustomizeOptions>().FluxOrDefault()));
        return services;
    }
}
