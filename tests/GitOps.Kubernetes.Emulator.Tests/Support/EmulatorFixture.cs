using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using GitOps.Kubernetes.Emulator.Http;

namespace GitOps.Kubernetes.Emulator.Tests.Support;

/// <summary>An emulator on 127.0.0.1 over HTTPS, and an HttpClient that trusts its CA and sends its token.</summary>
internal sealed class EmulatorFixture : IAsyncDisposable
{
    private EmulatorFixture(KubernetesEmulator emulator, HttpClient client)
    {
        Emulator = emulator;
        Client = client;
    }

    public KubernetesEmulator Emulator { get; }

    public HttpClient Client { get; }

    public static async Task<EmulatorFixture> StartAsync(KubernetesEmulatorOptions? options = null)
    {
        var emulator = await KubernetesEmulator.StartAsync(options);
        var handler = new HttpClientHandler();
        if (emulator.CertificateAuthorityPem is { } pem)
        {
            var ca = X509Certificate2.CreateFromPem(pem);
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            };
        }

        var client = new HttpClient(handler) { BaseAddress = emulator.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.BearerToken);
        return new EmulatorFixture(emulator, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
