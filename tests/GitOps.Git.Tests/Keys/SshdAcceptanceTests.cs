using GitOps.Git.Keys;
using GitOps.Testing.Ssh;
using GitOps.Testing;

namespace GitOps.Git.Tests.Keys;

/// <summary>
/// Our keys and our scanned known_hosts lines against a real sshd on 127.0.0.1: the real ssh client logs in with a
/// generated key while checking the host key strictly against the line we scanned, plain and hashed.
/// </summary>
[NonParallelizable]
public sealed class SshdAcceptanceTests
{
    private SshdServer? _server;

    private SshdServer Server => _server!;

    [OneTimeSetUp]
    public void StartServer() => _server = SshdServer.Start();

    [OneTimeTearDown]
    public void StopServer() => _server?.Dispose();

    [TestCase(SshKeyAlgorithm.EcdsaP256, 0)]
    [TestCase(SshKeyAlgorithm.EcdsaP384, 0)]
    [TestCase(SshKeyAlgorithm.EcdsaP521, 0)]
    [TestCase(SshKeyAlgorithm.Ed25519, 0)]
    [TestCase(SshKeyAlgorithm.Rsa, 2048)]
    [TestCase(SshKeyAlgorithm.Rsa, 4096)]
    public async Task Sshd_accepts_a_generated_key_with_the_scanned_host_key(SshKeyAlgorithm algorithm, int rsaBits)
    {
        using var work = new TemporaryDirectory();
        var pair = new SshKeyGenerator().Generate(new SshKeyGenerationOptions { Algorithm = algorithm, RsaBits = rsaBits == 0 ? 4096 : rsaBits });
        var identity = work.Combine("identity");
        await pair.WriteAsync(identity);
        var entry = await new KnownHostsScanner().ScanAsync("127.0.0.1", Server.Port);
        var knownHosts = work.WriteFile("known_hosts", entry.ToLine() + "\n");

        var denied = Server.Login(identity, knownHosts, "ecdsa-sha2-nistp384");
        Server.Authorize(pair.PublicKey.ToAuthorizedKeysLine());
        var login = Server.Login(identity, knownHosts, "ecdsa-sha2-nistp384");

        Assert.Multiple(() =>
        {
            Assert.That(denied.ExitCode, Is.Not.Zero, "a key not yet authorized must be refused");
            Assert.That(login.ExitCode, Is.Zero, login.Error + Server.Log);
        });
    }

    [TestCase("ecdsa-sha2-nistp384", "ecdsa", "ecdsa-sha2-nistp384")]
    [TestCase("ssh-ed25519", "ed25519", "ssh-ed25519")]
    [TestCase("rsa-sha2-512", "rsa", "rsa-sha2-512")]
    [TestCase("rsa-sha2-256", "rsa", "rsa-sha2-256")]
    public async Task A_scanned_host_key_is_the_servers_and_ssh_trusts_the_line_plain_and_hashed(string offered, string hostKeyFile, string sshAlgorithm)
    {
        using var work = new TemporaryDirectory();
        var pair = new SshKeyGenerator().Generate(new SshKeyGenerationOptions { Algorithm = SshKeyAlgorithm.Ed25519 });
        var identity = work.Combine("identity");
        await pair.WriteAsync(identity);
        Server.Authorize(pair.PublicKey.ToAuthorizedKeysLine());
        var options = new KnownHostsScanOptions();
        options.HostKeyAlgorithms.Clear();
        options.HostKeyAlgorithms.Add(offered);

        var entry = await new KnownHostsScanner().ScanAsync("127.0.0.1", Server.Port, options);

        var plain = work.WriteFile("plain", entry.ToLine() + "\n");
        var hashed = work.WriteFile("hashed", entry.ToHashedLine() + "\n");
        var plainLogin = Server.Login(identity, plain, sshAlgorithm);
        var hashedLogin = Server.Login(identity, hashed, sshAlgorithm);
        var found = ExternalTool.Run("ssh-keygen", "-F", $"[127.0.0.1]:{Server.Port}", "-f", hashed);
        Assert.Multiple(() =>
        {
            Assert.That(entry.Key, Is.EqualTo(SshPublicKey.Parse(Server.HostKeyPublicLine(hostKeyFile))));
            Assert.That(entry.ToLine(), Is.EqualTo($"[127.0.0.1]:{Server.Port} {SshPublicKey.Parse(Server.HostKeyPublicLine(hostKeyFile)).ToAuthorizedKeysLine()}"));
            Assert.That(entry.ToHashedLine(), Does.Match(@"^\|1\|[A-Za-z0-9+/]{27}=\|[A-Za-z0-9+/]{27}= " + entry.Key.Type + " AAAA"));
            Assert.That(plainLogin.ExitCode, Is.Zero, plainLogin.Error + Server.Log);
            Assert.That(hashedLogin.ExitCode, Is.Zero, hashedLogin.Error + Server.Log);
            Assert.That(found.ExitCode, Is.Zero, "ssh-keygen -F finds the hashed host");
        });
    }

    [Test]
    public async Task The_default_offer_gets_the_ECDSA_key_as_Flux_does()
    {
        var entry = await new KnownHostsScanner().ScanAsync("127.0.0.1", Server.Port);

        Assert.That(entry.Key.Type, Is.EqualTo("ecdsa-sha2-nistp384"));
    }

    [Test]
    public async Task The_scanned_line_matches_what_ssh_keyscan_prints()
    {
        var entry = await new KnownHostsScanner().ScanAsync("127.0.0.1", Server.Port);

        var keyscan = ExternalTool.Check("ssh-keyscan", "-t", "ecdsa", "-p", Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "127.0.0.1");

        Assert.That(keyscan.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')), Is.EqualTo(new[] { entry.ToLine() }));
    }

    [Test]
    public async Task Ssh_refuses_the_server_when_known_hosts_holds_another_key()
    {
        using var work = new TemporaryDirectory();
        var pair = new SshKeyGenerator().Generate(new SshKeyGenerationOptions { Algorithm = SshKeyAlgorithm.Ed25519 });
        var identity = work.Combine("identity");
        await pair.WriteAsync(identity);
        Server.Authorize(pair.PublicKey.ToAuthorizedKeysLine());
        var impostor = new KnownHostsEntry("127.0.0.1", Server.Port, new SshKeyGenerator().Generate().PublicKey);
        var knownHosts = work.WriteFile("known_hosts", impostor.ToLine() + "\n");

        var login = Server.Login(identity, knownHosts, "ecdsa-sha2-nistp384");

        Assert.Multiple(() =>
        {
            Assert.That(login.ExitCode, Is.Not.Zero);
            Assert.That(login.Error, Does.Contain("HOST IDENTIFICATION HAS CHANGED").Or.Contain("Host key verification failed"));
        });
    }
}
