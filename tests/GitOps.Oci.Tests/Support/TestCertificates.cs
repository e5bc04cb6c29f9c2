using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GitOps.Oci.Tests.Support;

/// <summary>A throw-away CA and a leaf for 127.0.0.1 signed by it, made in the test with <see cref="CertificateRequest"/>.</summary>
internal sealed class TestCertificates : IDisposable
{
    public TestCertificates(string commonName = "gitops-test-ca")
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=" + commonName, caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        LeafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=127.0.0.1", LeafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        Leaf = leafRequest.Create(Ca, now.AddDays(-1), now.AddDays(7), RandomNumberGenerator.GetBytes(8));
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Leaf { get; }

    public ECDsa LeafKey { get; }

    public string CaPem => Ca.ExportCertificatePem();

    public string LeafPem => Leaf.ExportCertificatePem();

    public string LeafKeyPem => LeafKey.ExportPkcs8PrivateKeyPem();

    public void Dispose()
    {
        Ca.Dispose();
        Leaf.Dispose();
        LeafKey.Dispose();
    }
}
