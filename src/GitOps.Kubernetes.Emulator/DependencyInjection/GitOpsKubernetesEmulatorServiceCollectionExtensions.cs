using GitOps.Kubernetes.Emulator.DependencyInjection;
using GitOps.Kubernetes.Emulator.Http;
using GitOps.Kubernetes.Emulator.Store;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Kubernetes API-server emulator with a service collection.</summary>
public static class GitOpsKubernetesEmulatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the emulator: its <see cref="KubernetesEmulatorOptions"/> (set by <paramref name="configure"/>, then
    /// validated), one <see cref="IKubernetesObjectStore"/> (an <see cref="InMemoryKubernetesObjectStore"/> with
    /// the options' store settings, unless one is registered already) and a
    /// <see cref="KubernetesEmulatorHostedService"/> that serves it on 127.0.0.1 while the host runs. Safe to call
    /// more than once: the first configuration wins.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <param name="configure">Sets the options (port, HTTPS, token, store limits); null keeps the safe defaults (HTTPS, a random port and token).</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddGitOpsKubernetesEmulator(this IServiceCollection services, Action<KubernetesEmulatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(_ =>
        {
            var options = new KubernetesEmulatorOptions();
            configure?.Invoke(options);
            options.Validate();
            return options;
        });
        services.TryAddSingleton<IKubernetesObjectStore>(static sp => new InMemoryKubernetesObjectStore(sp.GetRequiredService<KubernetesEmulatorOptions>().Store));
        services.TryAddSingleton(static sp => new KubernetesEmulatorHostedService(sp.GetRequiredService<KubernetesEmulatorOptions>(), sp.GetRequiredService<IKubernetesObjectStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, KubernetesEmulatorHostedService>(static sp => sp.GetRequiredService<KubernetesEmulatorHostedService>()));
        return services;
    }
}
