namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the GitOps.Helm primitives with a service collection.</summary>
public static class GitOpsHelmServiceCollectionExtensions
{
    /// <summary>
    /// Adds the GitOps.Helm services and the GitOps.Core services they build on. Safe to call more
    /// than once.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddGitOpsHelm(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddGitOpsCore();
        return services;
    }
}
