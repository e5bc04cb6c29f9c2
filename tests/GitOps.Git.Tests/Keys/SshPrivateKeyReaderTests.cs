using GitOps.Git.Keys;
using GitOps.Testing;

namespace GitOps.Git.Tests.Keys;

public sealed class SshPrivateKeyReaderTests
{
    [TestCase("ed25519", "", null, "")]
    [TestCase("ecdsa", "384", null, "")]
    [TestCase("ecdsa", "521", "PEM", "")]
    [TestCase("ecdsa", "256", "PKCS8", "")]
    [TestCase("rsa", "2048", "PEM", "")]
    [TestCase("rsa", "2048", "PKCS8", "")]
    [TestCase("rsa", "3072", null, "")]
    [TestCase("ed25519", "", null, "s3cret")]
    [TestCase("ecdsa", "384", null, "s3cret")]
    [TestCase("rsa", "2048", "PEM", "s3cret")]
    public void Keys_made_by_ssh_keygen_give_the_public_key_ssh_keygen_derives(string type, string bits, string? format, string passphrase)
    {
        using var work = new TemporaryDirectory();
        var file = work.Combine("id");
        List<string> arguments = ["-q", "-t", type, "-N", passphrase, "-C", "someone@example", "-f", file];
        if (bits.Length > 0)
        {
            arguments.AddRange(["-b", bits]);
        }

        if (format is not null)
        {
            arguments.AddRange(["-m", format]);
        }

        ExternalTool.Check("ssh-keygen", [.. arguments]);
        var expected = SshPublicKey.Parse(File.ReadAllText(file + ".pub"));

        var read = new SshPrivateKeyReader().ReadPublicKey(File.ReadAllText(file), passphrase.Length == 0 ? null : passphrase);

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.EqualTo(expected));
            Assert.That(read.Fingerprint, Is.EqualTo(ExternalTool.Check("ssh-keygen", "-l", "-f", file + ".pub").Split(' ')[1]));
        });
    }

    [TestCase("")]
    [TestCase("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n")]
    [TestCase("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl")]
    public void Text_that_is_no_private_key_is_refused_with_a_typed_error(string text) =>
        Assert.That(() => new SshPrivateKeyReader().ReadPublicKey(text), Throws.TypeOf<SshKeyException>());

    [Test]
    public void An_oversized_text_is_refused_before_parsing() =>
        Assert.That(() => new SshPrivateKeyReader { MaxPrivateKeyLength = 10 }.ReadPublicKey(new string('A', 11)),
            Throws.TypeOf<SshKeyException>().With.Message.Contains("longer than"));
}
