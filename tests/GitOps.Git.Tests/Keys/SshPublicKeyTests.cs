using GitOps.Git.Keys;

namespace GitOps.Git.Tests.Keys;

public sealed class SshPublicKeyTests
{
    // GitHub's published Ed25519 host key and its published fingerprint.
    private const string GitHubEd25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    [Test]
    public void A_known_key_has_its_published_fingerprint()
    {
        var key = SshPublicKey.Parse(GitHubEd25519);

        Assert.Multiple(() =>
        {
            Assert.That(key.Fingerprint, Is.EqualTo("SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU"));
            Assert.That(key.Bits, Is.EqualTo(256));
            Assert.That(key.ToAuthorizedKeysLine(), Is.EqualTo(GitHubEd25519));
        });
    }

    [Test]
    public void An_authorized_keys_line_with_options_and_a_comment_parses()
    {
        var key = SshPublicKey.Parse($"no-pty,command=\"x\" {GitHubEd25519} the comment");

        Assert.Multiple(() =>
        {
            Assert.That(key.Comment, Is.EqualTo("the comment"));
            Assert.That(key.ToAuthorizedKeysLine(), Is.EqualTo(GitHubEd25519 + " the comment"));
        });
    }

    [Test]
    public void Comments_and_blank_lines_are_skipped_in_a_key_list() =>
        Assert.That(SshPublicKey.ParseAll($"# keys\n\n{GitHubEd25519}\n  {GitHubEd25519} b\n"), Has.Count.EqualTo(2));

    [TestCase("")]
    [TestCase("ssh-ed25519")]
    [TestCase("ssh-ed25519 !!!notbase64")]
    [TestCase("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl")]
    [TestCase("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9")]
    [TestCase("ssh-dss AAAAB3NzaC1kc3MAAACBAP")]
    public void Malformed_or_unsupported_keys_are_refused_with_a_typed_error(string line) =>
        Assert.That(() => SshPublicKey.Parse(line), Throws.TypeOf<SshKeyException>());
}
