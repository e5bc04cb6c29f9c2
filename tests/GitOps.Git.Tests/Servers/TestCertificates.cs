using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GitOps.Git.Tests.Servers;

/// <summary>A throw-away CA made for one test run, with a server certificate for 127.0.0.1 and a client certificate.</summary>
internal sealed class TestCertificates
{
    public required string CaPem { get; init; }

    public required string ServerPem { get; init; }

    public required string ServerKeyPem { get; init; }

    public required string ClientPem { get; init; }

    public required string ClientKeyPem { get; init; }

    /// <summary>Another CA that signed nothing here: trusting it must not make the server trusted.</summary>
    public required string OtherCaPem { get; init; }

    public static TestCertificates Create()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateCa("GitOps test CA", caKey);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = CreateCa("GitOps other CA", otherKey);
        var (server, serverKey) = Issue(ca, caKey, "127.0.0.1", isServer: true);
        var (client, clientKey) = Issue(ca, caKey, "gitops-client", isServer: false);
        return new TestCertificates
        {
            CaPem = ca.ExportCertificatePem(),
            OtherCaPem = other.ExportCertificatePem(),
            ServerPem = server,
            ServerKeyPem = serverKey,
            ClientPem = client,
            ClientKeyPem = clientKey,
        };
    }

    private static X509Certificate2 CreateCa(string name, ECDsa key)
    {
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
    }

    private static (string Certificate, string Key) Issue(X509Certificate2 ca, ECDsa caKey, string name, bool isServer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(isServer ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (isServer)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        return (issued.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
