using System.Net;
using System.Net.Sockets;
using GitOps.Git.Keys;
using GitOps.Testing.Ssh;

namespace GitOps.Git.Tests.Keys;

public sealed class KnownHostsScannerTests
{
    [TestCase("example.com", 22, "example.com")]
    [TestCase("example.com", 2222, "[example.com]:2222")]
    [TestCase("[::1]", 22, "::1")]
    [TestCase("::1", 2200, "[::1]:2200")]
    public void Hosts_are_normalized_as_known_hosts_writes_them(string host, int port, string expected) =>
        Assert.That(KnownHostsEntry.Normalize(host, port), Is.EqualTo(expected));

    [Test]
    public void A_hashed_host_is_the_HMAC_SHA1_of_the_normalized_host_under_its_salt()
    {
        // The MAC computed independently (Python's hmac module) for salt 00 01 … 13.
        var salt = Convert.FromBase64String("AAECAwQFBgcICQoLDA0ODxAREhM=");

        var hashed = KnownHostsEntry.HashHost("[127.0.0.1]:2222", salt);

        Assert.That(hashed, Is.EqualTo("|1|AAECAwQFBgcICQoLDA0ODxAREhM=|zKYaAqmSav3Qxr2sffNqWFIcbe4="));
    }

    [Test]
    public void A_port_where_nothing_listens_gives_a_typed_transient_error()
    {
        var port = SshdServer.FreePort();

        var failure = Assert.ThrowsAsync<HostKeyScanException>(async () => await new KnownHostsScanner().ScanAsync("127.0.0.1", port));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Does.StartWith($"SSH key scan for host [127.0.0.1]:{port} failed"));
            Assert.That(failure.IsTransient, Is.True);
        });
    }

    [Test]
    public async Task A_server_that_never_speaks_fails_within_the_timeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepting = listener.AcceptTcpClientAsync();
        var options = new KnownHostsScanOptions { Timeout = TimeSpan.FromSeconds(1) };

        var failure = Assert.ThrowsAsync<HostKeyScanException>(async () => await new KnownHostsScanner().ScanAsync("127.0.0.1", port, options));

        Assert.That(failure!.IsTransient, Is.True, failure.ToString());
        (await accepting).Dispose();
    }

    [Test]
    public void Unknown_algorithms_and_empty_offers_are_refused()
    {
        var unknown = new KnownHostsScanOptions();
        unknown.HostKeyAlgorithms.Add("ssh-dss");
        var empty = new KnownHostsScanOptions();
        empty.HostKeyAlgorithms.Clear();

        Assert.Multiple(() =>
        {
            Assert.That(unknown.Validate, Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(empty.Validate, Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }
}
