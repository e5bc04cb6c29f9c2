using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GitOps.Kubernetes.Emulator.Http.Internal;
using GitOps.Kubernetes.Emulator.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOps.Kubernetes.Emulator.Http;

/// <summary>
/// A Kubernetes API server on 127.0.0.1 for tests, in the spirit of Go's envtest: Kestrel serving the
/// Kubernetes REST API (discovery, OpenAPI, CRUD, server-side apply, patches, watch) over an
/// <see cref="IKubernetesObjectStore"/>, with HTTPS from a throw-away CA of its own and bearer-token
/// authentication, and a kubeconfig for kubectl and client libraries.
/// </summary>
/// <example>
/// <code>
/// await using var cluster = await KubernetesEmulator.StartAsync();
/// await cluster.WriteKubeconfigAsync("kubeconfig");   // kubectl --kubeconfig kubeconfig apply --server-side -f app.yaml
/// </code>
/// </example>
public sealed class KubernetesEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2? _certificate;

    private KubernetesEmulator(WebApplication app, IKubernetesObjectStore store, Uri baseAddress, string token, string? caPem, X509Certificate2? certificate)
    {
        _app = app;
        _certificate = certificate;
        Store = store;
        BaseAddress = baseAddress;
        BearerToken = token;
        CertificateAuthorityPem = caPem;
    }

    /// <summary>The server's root, <c>https://127.0.0.1:PORT/</c> (or <c>http://</c>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The bearer token clients authenticate with.</summary>
    public string BearerToken { get; }

    /// <summary>The PEM of the CA that signed the server certificate; null over plain HTTP.</summary>
    public string? CertificateAuthorityPem { get; }

    /// <summary>The store behind the server; in-process reads and writes see the same objects as HTTP clients.</summary>
    public IKubernetesObjectStore Store { get; }

    /// <summary>The kubeconfig (YAML) for this server: one cluster, user (the token) and current context, namespace <c>default</c>.</summary>
    public string Kubeconfig => Internal.Kubeconfig.Render(BaseAddress, BearerToken, CertificateAuthorityPem);

    /// <summary>Starts a server.</summary>
    /// <param name="options">Options; defaults (HTTPS, random port and token) when null.</param>
    /// <param name="store">The store to serve; a new <see cref="InMemoryKubernetesObjectStore"/> when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static async Task<KubernetesEmulator> StartAsync(KubernetesEmulatorOptions? options = null, IKubernetesObjectStore? store = null, CancellationToken cancellationToken = default)
    {
        options ??= new KubernetesEmulatorOptions();
        options.Validate();
        store ??= new InMemoryKubernetesObjectStore(options.Store);
        var token = options.BearerToken ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        X509Certificate2? certificate = null;
        string? caPem = null;
        if (options.UseHttps)
        {
            // Certificates follow the wall clock even when the store runs on a test clock.
            (certificate, caPem) = TlsCertificates.Create(TimeProvider.System);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        var app = builder.Build();
        var handler = new ApiHandler(store, token, options.MaxRequestBodyBytes, options.Store.TimeProvider);
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new KubernetesEmulator(app, store, new Uri(address.TrimEnd('/') + "/"), token, caPem, certificate);
    }

    /// <summary>Writes <see cref="Kubeconfig"/> to <paramref name="path"/> (owner-only on Unix), replacing it atomically.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public async Task WriteKubeconfigAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var staging = full + ".tmp-" + Environment.ProcessId;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(staging, options);
        await using (stream.ConfigureAwait(false))
        {
            var writer = new StreamWriter(stream);
            await using (writer.ConfigureAwait(false))
            {
                await writer.WriteAsync(Kubeconfig.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }

        File.Move(staging, full, overwrite: true);
    }

    /// <summary>Stops the server (watches end).</summary>
    /// <param name="cancellationToken">Cancels a graceful stop.</param>
    /// <returns>A task.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _certificate?.Dispose();
    }
}
