using GitOps.Artifacts.Packaging;
using GitOps.Buckets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the GitOps.Buckets source with a service collection.</summary>
public static class GitOpsBucketsServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="BucketSource"/> for the endpoint, credentials and limits that
    /// <paramref name="configure"/> sets (validated when the source is first resolved), on the GitOps.Core
    /// services (its <see cref="ArtifactPackager"/>). Safe to call more than once: the first registration stays.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <param name="configure">Sets the options (the endpoint is required).</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddGitOpsBuckets(this IServiceCollection services, Action<BucketOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddGitOpsCore();
        services.TryAddSingleton(_ =>
        {
            var options = new BucketOptions();
            configure(options);
            options.Validate();
            return options;
        });
        services.TryAddSingleton(static sp => new BucketSource(
            sp.GetRequiredService<BucketOptions>(),
            sp.GetRequiredService<ArtifactPackager>(),
            sp.GetService<ILogger<BucketSource>>()));
        return services;
    }
}
