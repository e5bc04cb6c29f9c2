using GitOps.Git.Keys;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SSH key services of GitOps.Git (deploy keys, private key reading, host key scanning).</summary>
public static class GitOpsGitKeysServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SshKeyGenerator"/>, <see cref="SshPrivateKeyReader"/> and <see cref="KnownHostsScanner"/> (its
    /// <see cref="KnownHostsScanOptions"/> configured by <paramref name="configureScan"/> and validated). Safe to call
    /// more than once. Signature verifiers are made per key set (<c>new GitSignatureVerifier(keys)</c>), not registered.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <param name="configureScan">Changes to the default scan options, or null.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddGitOpsGitKeys(this IServiceCollection services, Action<KnownHostsScanOptions>? configureScan = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(_ =>
        {
            var options = new KnownHostsScanOptions();
            configureScan?.Invoke(options);
            options.Validate();
            return options;
        });
        services.TryAddSingleton(static sp => new KnownHostsScanner(sp.GetRequiredService<KnownHostsScanOptions>()));
        services.TryAddSingleton(static _ => new SshKeyGenerator());
        services.TryAddSingleton(static _ => new SshPrivateKeyReader());
        return services;
    }
}
