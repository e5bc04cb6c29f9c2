using GitOps.Kustomize;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the GitOps.Kustomize primitives with a service collection.</summary>
public static class GitOpsKustomizeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the GitOps.Kustomize services (a singleton <see cref="KustomizeBuilder"/> whose builds use
    /// <see cref="GitOpsKustomizeOptions.Build"/> when they pass no options) and the GitOps.Core services they build
    /// on. Safe to call more than once: the first call's options are kept.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <param name="configure">Changes the defaults (<see cref="GitOpsKustomizeOptions"/>); validated here.</param>
    /// <returns>The same service collection, for chaining.</returns>
    /// <exception cref="ArgumentException">The configured options are invalid.</exception>
    public static IServiceCollection AddGitOpsKustomize(this IServiceCollection services, Action<GitOpsKustomizeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new GitOpsKustomizeOptions();
        configure?.Invoke(options);
        options.Validate();
        services.AddGitOpsCore();
        services.TryAddSingleton(options);
        services.TryAddSingleton(static sp => new KustomizeBuilder(
            sp.GetService<ILogger<KustomizeBuilder>>(),
            sp.GetRequiredService<GitOpsKustomizeOptions>().Build));
        return services;
    }
}
