using GitOps.Kubernetes.Emulator.Http;
using GitOps.Kubernetes.Emulator.Store;
using Microsoft.Extensions.Hosting;

namespace GitOps.Kubernetes.Emulator.DependencyInjection;

/// <summary>
/// Runs a <see cref="KubernetesEmulator"/> for the lifetime of a host: started with the host, stopped with it.
/// Registered by <c>AddGitOpsKubernetesEmulator</c>; <see cref="Emulator"/> gives the address, token and
/// kubeconfig once the host has started.
/// </summary>
public sealed class KubernetesEmulatorHostedService : IHostedService, IAsyncDisposable
{
    private readonly KubernetesEmulatorOptions _options;
    private readonly IKubernetesObjectStore _store;
    private KubernetesEmulator? _emulator;

    /// <summary>Creates the service.</summary>
    /// <param name="options">The emulator's options.</param>
    /// <param name="store">The store it serves.</param>
    public KubernetesEmulatorHostedService(KubernetesEmulatorOptions options, IKubernetesObjectStore store)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        _options = options;
        _store = store;
    }

    /// <summary>The running emulator.</summary>
    /// <exception cref="InvalidOperationException">The host has not started it (or has stopped it).</exception>
    public KubernetesEmulator Emulator => _emulator ?? throw new InvalidOperationException("the Kubernetes emulator is not running: start the host first");

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _emulator ??= await KubernetesEmulator.StartAsync(_options, _store, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_emulator is { } emulator)
        {
            _emulator = null;
            await emulator.StopAsync(cancellationToken).ConfigureAwait(false);
            await emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_emulator is { } emulator)
        {
            _emulator = null;
            await emulator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
