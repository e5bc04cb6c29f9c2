using GitOps.Ssa;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers offline server-side apply with a service collection.</summary>
public static class SsaServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ServerSideApply"/> as a singleton using the registered <see cref="TimeProvider"/>
    /// (the system clock when none is). Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the options (schema, CRDs, update-manager cap).</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddGitOpsServerSideApply(this IServiceCollection services, Action<ServerSideApplyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = new ServerSideApplyOptions { TimeProvider = sp.GetRequiredService<TimeProvider>() };
            configure?.Invoke(options);
            return new ServerSideApply(options);
        });
        return services;
    }
}
