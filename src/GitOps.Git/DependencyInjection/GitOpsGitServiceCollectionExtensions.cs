using GitOps.Artifacts.Packaging;
using GitOps.Git;
using GitOps.Git.Artifacts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the GitOps.Git services with a service collection.</summary>
public static class GitOpsGitServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Git services: one <see cref="GitClientOptions"/> (configured by <paramref name="configure"/> and
    /// validated), the <see cref="GitClient"/> as <see cref="IGitClient"/>, <see cref="IGitReader"/> and
    /// <see cref="IGitWriter"/>, and <see cref="GitArtifactBuilder"/> on the registered
    /// <see cref="ArtifactPackager"/> (GitOps.Core's, added here if missing), and the key services of
    /// <see cref="GitOpsGitKeysServiceCollectionExtensions.AddGitOpsGitKeys"/> with default scan options. Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <param name="configure">Changes to the default options, or null.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddGitOpsGit(this IServiceCollection services, Action<GitClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddGitOpsCore();
        services.TryAddSingleton(_ =>
        {
            var options = new GitClientOptions();
            configure?.Invoke(options);
            options.Validate();
            return options;
        });
        services.TryAddSingleton(static sp => new GitClient(sp.GetRequiredService<GitClientOptions>(), sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IGitClient>(static sp => sp.GetRequiredService<GitClient>());
        services.TryAddSingleton<IGitReader>(static sp => sp.GetRequiredService<GitClient>());
        services.TryAddSingleton<IGitWriter>(static sp => sp.GetRequiredService<GitClient>());
        services.TryAddSingleton(static sp => new GitArtifactBuilder(
            sp.GetRequiredService<IGitReader>(), sp.GetRequiredService<ArtifactPackager>(), sp.GetRequiredService<GitClientOptions>()));
        services.AddGitOpsGitKeys();
        return services;
    }
}
