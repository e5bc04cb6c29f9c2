using GitOps.Git.Keys;
using GitOps.Testing;

namespace GitOps.Git.Tests.Keys;

public sealed class SshKeyGeneratorTests
{
    private static readonly object[] Algorithms =
    [
        new object[] { SshKeyAlgorithm.EcdsaP256, 0, "ecdsa-sha2-nistp256", 256, "ECDSA" },
        new object[] { SshKeyAlgorithm.EcdsaP384, 0, "ecdsa-sha2-nistp384", 384, "ECDSA" },
        new object[] { SshKeyAlgorithm.EcdsaP521, 0, "ecdsa-sha2-nistp521", 521, "ECDSA" },
        new object[] { SshKeyAlgorithm.Ed25519, 0, "ssh-ed25519", 256, "ED25519" },
        new object[] { SshKeyAlgorithm.Rsa, 2048, "ssh-rsa", 2048, "RSA" },
        new object[] { SshKeyAlgorithm.Rsa, 4096, "ssh-rsa", 4096, "RSA" },
    ];

    [Test]
    public void The_default_is_an_unencrypted_ECDSA_P384_key_as_Flux()
    {
        var pair = new SshKeyGenerator().Generate();

        Assert.Multiple(() =>
        {
            Assert.That(pair.Algorithm, Is.EqualTo(SshKeyAlgorithm.EcdsaP384));
            Assert.That(pair.PublicKey.Type, Is.EqualTo("ecdsa-sha2-nistp384"));
            Assert.That(pair.IsEncrypted, Is.False);
            Assert.That(pair.PrivateKey, Does.StartWith("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
            Assert.That(pair.PrivateKey, Does.EndWith("\n-----END OPENSSH PRIVATE KEY-----\n"));
            Assert.That(pair.PublicKey.ToAuthorizedKeysLine(), Does.Match("^ecdsa-sha2-nistp384 AAAA[A-Za-z0-9+/=]+$"));
        });
    }

    [TestCaseSource(nameof(Algorithms))]
    public async Task Ssh_keygen_prints_the_same_fingerprint_and_public_key(SshKeyAlgorithm algorithm, int rsaBits, string type, int bits, string family)
    {
        using var work = new TemporaryDirectory();
        var options = new SshKeyGenerationOptions { Algorithm = algorithm, Comment = "deploy@gitops" };
        if (rsaBits > 0)
        {
            options.RsaBits = rsaBits;
        }

        var pair = new SshKeyGenerator().Generate(options);
        var file = work.Combine("identity");
        await pair.WriteAsync(file);

        var fingerprint = ExternalTool.Check("ssh-keygen", "-l", "-f", file).Trim();
        var publicKey = ExternalTool.Check("ssh-keygen", "-y", "-f", file).Trim();
        Assert.Multiple(() =>
        {
            Assert.That(pair.PublicKey.Type, Is.EqualTo(type));
            Assert.That(fingerprint, Is.EqualTo($"{bits} {pair.PublicKey.Fingerprint} deploy@gitops ({family})"));
            Assert.That(fingerprint, Is.EqualTo(pair.PublicKey.ToFingerprintLine()));
            Assert.That(publicKey, Is.EqualTo(pair.PublicKey.ToAuthorizedKeysLine()));
            Assert.That(File.ReadAllText(file + ".pub"), Is.EqualTo(pair.PublicKey.ToAuthorizedKeysLine() + "\n"));
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }

            Assert.That(new SshPrivateKeyReader().ReadPublicKey(pair.PrivateKey), Is.EqualTo(pair.PublicKey));
        });
    }

    [TestCase(SshKeyAlgorithm.Ed25519)]
    [TestCase(SshKeyAlgorithm.EcdsaP384)]
    [TestCase(SshKeyAlgorithm.Rsa)]
    public async Task A_passphrase_encrypts_the_key_as_ssh_keygen_does(SshKeyAlgorithm algorithm)
    {
        using var work = new TemporaryDirectory();
        var pair = new SshKeyGenerator().Generate(new SshKeyGenerationOptions { Algorithm = algorithm, RsaBits = 2048, Passphrase = "correct horse" });
        var file = work.Combine("identity");
        await pair.WriteAsync(file);

        var withPassphrase = ExternalTool.Run("ssh-keygen", "-y", "-P", "correct horse", "-f", file);
        var wrong = ExternalTool.Run("ssh-keygen", "-y", "-P", "wrong", "-f", file);
        var none = ExternalTool.Run("ssh-keygen", "-y", "-P", "", "-f", file);
        Assert.Multiple(() =>
        {
            Assert.That(pair.IsEncrypted, Is.True);
            Assert.That(withPassphrase.ExitCode, Is.Zero, withPassphrase.Error);
            Assert.That(withPassphrase.Output.Trim(), Is.EqualTo(pair.PublicKey.ToAuthorizedKeysLine()));
            Assert.That(wrong.ExitCode, Is.Not.Zero);
            Assert.That(none.ExitCode, Is.Not.Zero);
            Assert.That(new SshPrivateKeyReader().ReadPublicKey(pair.PrivateKey, "correct horse"), Is.EqualTo(pair.PublicKey));
            Assert.That(() => new SshPrivateKeyReader().ReadPublicKey(pair.PrivateKey), Throws.TypeOf<SshKeyException>());
            Assert.That(() => new SshPrivateKeyReader().ReadPublicKey(pair.PrivateKey, "wrong"), Throws.TypeOf<SshKeyException>());
        });
    }

    [Test]
    public async Task Writing_refuses_to_replace_an_existing_key_unless_asked()
    {
        using var work = new TemporaryDirectory();
        var file = work.WriteFile("identity", "precious");
        var pair = new SshKeyGenerator().Generate(new SshKeyGenerationOptions { Algorithm = SshKeyAlgorithm.Ed25519 });

        Assert.That(async () => await pair.WriteAsync(file), Throws.TypeOf<SshKeyException>().With.Message.Contains("already exists"));
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(file), Is.EqualTo("precious"));
            Assert.That(File.Exists(file + ".pub"), Is.False);
            Assert.That(Directory.GetFiles(work.Path), Has.Length.EqualTo(1), "no staged file is left behind");
        });

        await pair.WriteAsync(file, overwrite: true);
        Assert.That(File.ReadAllText(file), Is.EqualTo(pair.PrivateKey));
    }

    [TestCase(0)]
    [TestCase(1024)]
    [TestCase(8192)]
    [TestCase(3001)]
    public void RSA_sizes_outside_2048_to_4096_are_refused(int bits) =>
        Assert.That(() => new SshKeyGenerator().Generate(new SshKeyGenerationOptions { Algorithm = SshKeyAlgorithm.Rsa, RsaBits = bits }), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void Every_key_is_new()
    {
        var generator = new SshKeyGenerator();
        var first = generator.Generate().PublicKey;
        var second = generator.Generate().PublicKey;

        Assert.That(second, Is.Not.EqualTo(first));
    }
}
