using System.Text;
using GitOps.Git.Keys;
using GitOps.Git.Signatures;
using GitOps.Testing;

namespace GitOps.Git.Tests.Signatures;

/// <summary>Commits and tags signed by the real git with gpg and ssh-keygen, verified from their raw objects.</summary>
[NonParallelizable]
public sealed class GitSignatureVerifierTests
{
    private SignedRepository? _repository;
    private string _ed25519Pgp = string.Empty;
    private string _rsaPgp = string.Empty;
    private string _strangerPgp = string.Empty;
    private readonly Dictionary<SshKeyAlgorithm, SshKeyPair> _sshKeys = [];

    private SignedRepository Repository => _repository!;

    [OneTimeSetUp]
    public async Task CreateKeys()
    {
        _repository = new SignedRepository();
        _ed25519Pgp = Repository.CreatePgpKey("Ed Signer <ed@example.com>", "ed25519");
        _rsaPgp = Repository.CreatePgpKey("Rsa Signer <rsa@example.com>", "rsa3072");
        _strangerPgp = Repository.CreatePgpKey("Stranger <stranger@example.com>", "ed25519");
        foreach (var algorithm in Enum.GetValues<SshKeyAlgorithm>())
        {
            _sshKeys[algorithm] = await Repository.CreateSshKeyAsync(algorithm, $"ssh-{algorithm}");
        }
    }

    [OneTimeTearDown]
    public void Cleanup() => _repository?.Dispose();

    [TestCase("ed25519")]
    [TestCase("rsa3072")]
    public void A_gpg_signed_commit_verifies_and_reports_the_primary_key_id(string which)
    {
        var fingerprint = which == "ed25519" ? _ed25519Pgp : _rsaPgp;
        var (_, content) = Repository.CommitWithPgp(fingerprint);

        var verified = PgpVerifier(fingerprint).VerifyCommit(content);

        Assert.Multiple(() =>
        {
            Assert.That(verified.Format, Is.EqualTo(GitSignatureFormat.Pgp));
            Assert.That(verified.Fingerprint, Is.EqualTo(fingerprint));
            Assert.That(verified.KeyId, Is.EqualTo(fingerprint[^16..]));
        });
    }

    [Test]
    public void A_gpg_signed_tag_verifies()
    {
        Repository.CommitWithPgp(_rsaPgp);
        var (_, content) = Repository.TagWithPgp("v-pgp-tag", _rsaPgp);

        var verified = PgpVerifier(_rsaPgp).VerifyTag(content);

        Assert.That(verified.KeyId, Is.EqualTo(_rsaPgp[^16..]));
    }

    [TestCase(SshKeyAlgorithm.Ed25519)]
    [TestCase(SshKeyAlgorithm.EcdsaP256)]
    [TestCase(SshKeyAlgorithm.EcdsaP384)]
    [TestCase(SshKeyAlgorithm.EcdsaP521)]
    [TestCase(SshKeyAlgorithm.Rsa)]
    public void An_ssh_signed_commit_verifies_and_reports_the_fingerprint(SshKeyAlgorithm algorithm)
    {
        var (_, content) = Repository.CommitWithSsh($"ssh-{algorithm}");

        var verified = new GitSignatureVerifier([AllSshKeys()]).VerifyCommit(content);

        Assert.Multiple(() =>
        {
            Assert.That(verified.Format, Is.EqualTo(GitSignatureFormat.Ssh));
            Assert.That(verified.KeyId, Is.EqualTo(_sshKeys[algorithm].PublicKey.Fingerprint));
        });
    }

    [TestCase(SshKeyAlgorithm.EcdsaP384)]
    [TestCase(SshKeyAlgorithm.Rsa)]
    public void An_ssh_signed_tag_verifies(SshKeyAlgorithm algorithm)
    {
        Repository.CommitUnsigned();
        var (_, content) = Repository.TagWithSsh($"v-ssh-{algorithm}", $"ssh-{algorithm}");

        var verified = new GitSignatureVerifier([_sshKeys[algorithm].PublicKey.ToAuthorizedKeysLine()]).VerifyTag(content);

        Assert.That(verified.Fingerprint, Is.EqualTo(_sshKeys[algorithm].PublicKey.Fingerprint));
    }

    [TestCase("pgp")]
    [TestCase("ssh")]
    public void A_payload_changed_by_one_byte_does_not_verify(string format)
    {
        var (_, content) = format == "pgp" ? Repository.CommitWithPgp(_ed25519Pgp) : Repository.CommitWithSsh("ssh-Ed25519");
        var tampered = (byte[])content.Clone();
        var at = Encoding.ASCII.GetString(tampered).LastIndexOf("body line", StringComparison.Ordinal);
        tampered[at] = (byte)'B';

        var verifier = new GitSignatureVerifier([Repository.ExportPgpKey(_ed25519Pgp), AllSshKeys()]);

        Assert.Multiple(() =>
        {
            Assert.That(() => verifier.VerifyCommit(content), Throws.Nothing);
            Assert.That(() => verifier.VerifyCommit(tampered), Throws.TypeOf<GitSignatureException>());
        });
    }

    [TestCase("pgp")]
    [TestCase("ssh")]
    public void A_signature_changed_by_one_byte_does_not_verify(string format)
    {
        var (_, content) = format == "pgp" ? Repository.TagWithPgp($"v-tamper-{format}", _ed25519Pgp) : Repository.TagWithSsh($"v-tamper-{format}", "ssh-Ed25519");
        var text = Encoding.ASCII.GetString(content);
        var signatureStart = text.IndexOf("-----BEGIN", StringComparison.Ordinal);
        var lastLineOfSignature = text.LastIndexOf("\n-----END", StringComparison.Ordinal);
        var at = (signatureStart + lastLineOfSignature) / 2; // inside the base64 of the signature
        while (content[at] is (byte)'\n' or (byte)'=')
        {
            at++;
        }
        var changed = (byte[])content.Clone();
        changed[at] = (byte)(changed[at] == (byte)'A' ? 'B' : 'A');

        var verifier = new GitSignatureVerifier([Repository.ExportPgpKey(_ed25519Pgp), AllSshKeys()]);

        Assert.Multiple(() =>
        {
            Assert.That(signatureStart, Is.LessThan(at));
            Assert.That(() => verifier.VerifyTag(content), Throws.Nothing);
            Assert.That(() => verifier.VerifyTag(changed), Throws.TypeOf<GitSignatureException>());
        });
    }

    [Test]
    public void A_gpg_signature_hashed_with_SHA1_is_refused_as_by_Fluxs_go_crypto()
    {
        var (_, content) = Repository.CommitWithPgp(_ed25519Pgp, "--digest-algo=SHA1");

        Assert.That(() => PgpVerifier(_ed25519Pgp).VerifyCommit(content),
            Throws.TypeOf<GitSignatureException>().With.Message.EqualTo("unable to verify Git commit: unable to verify payload with any of the given key rings"));
    }

    [Test]
    public void A_commit_signed_by_an_unknown_pgp_key_fails_with_Fluxs_message()
    {
        var (_, content) = Repository.CommitWithPgp(_strangerPgp);

        var failure = Assert.Throws<GitSignatureException>(() => PgpVerifier(_ed25519Pgp).VerifyCommit(content));

        Assert.That(failure!.Message, Is.EqualTo("unable to verify Git commit: unable to verify payload with any of the given key rings"));
    }

    [Test]
    public void A_commit_signed_by_an_unknown_ssh_key_fails_with_Fluxs_message()
    {
        var (_, content) = Repository.CommitWithSsh("ssh-Ed25519");
        var others = string.Join('\n', _sshKeys.Where(p => p.Key != SshKeyAlgorithm.Ed25519).Select(p => p.Value.PublicKey.ToAuthorizedKeysLine()));

        var failure = Assert.Throws<GitSignatureException>(() => new GitSignatureVerifier([others]).VerifyCommit(content));

        Assert.That(failure!.Message, Is.EqualTo("unable to verify Git commit SSH signature: unable to verify payload with any of the given authorized keys"));
    }

    [Test]
    public void An_ssh_signature_in_another_namespace_does_not_verify()
    {
        var (_, content) = Repository.CommitUnsigned();
        var payloadFile = Path.Combine(Path.GetDirectoryName(Repository.SshKeyPath("x"))!, "payload");
        File.WriteAllBytes(payloadFile, content);
        ExternalTool.Check("ssh-keygen", "-Y", "sign", "-n", "file", "-f", Repository.SshKeyPath("ssh-Ed25519"), payloadFile);
        var signature = File.ReadAllText(payloadFile + ".sig");
        var signedCommit = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace(
            "\n\n", "\ngpgsig " + signature.TrimEnd('\n').Replace("\n", "\n ", StringComparison.Ordinal) + "\n\n", StringComparison.Ordinal));

        Assert.That(() => new GitSignatureVerifier([AllSshKeys()]).VerifyCommit(signedCommit),
            Throws.TypeOf<GitSignatureException>().With.Message.EqualTo("unable to verify Git commit SSH signature: unable to verify payload with any of the given authorized keys"));
    }

    [Test]
    public void An_unsigned_commit_fails_with_Fluxs_message()
    {
        var (_, content) = Repository.CommitUnsigned();

        Assert.That(() => PgpVerifier(_ed25519Pgp).VerifyCommit(content),
            Throws.TypeOf<GitSignatureException>().With.Message.EqualTo("unable to verify Git commit: unable to verify payload as the provided signature is empty"));
    }

    [Test]
    public void TagAndHEAD_verifies_both_and_writes_Fluxs_condition_message()
    {
        var (commitHash, commit) = Repository.CommitWithSsh("ssh-EcdsaP384");
        var (tagHash, tag) = Repository.TagWithPgp("v1.0.0", _rsaPgp);
        var verifier = new GitSignatureVerifier([Repository.ExportPgpKey(_rsaPgp), AllSshKeys()]);

        var result = verifier.Verify(GitVerificationMode.TagAndHead, new GitCommitToVerify(commitHash, commit), new GitTagToVerify("v1.0.0", tagHash, tag));

        Assert.That(result.Message, Is.EqualTo(
            $"verified signature of\n\t- tag 'v1.0.0@{tagHash}' with key '{_rsaPgp[^16..]}'\n\t- commit '{commitHash}' with key '{_sshKeys[SshKeyAlgorithm.EcdsaP384].PublicKey.Fingerprint}'"));
    }

    [Test]
    public void HEAD_verifies_only_the_commit()
    {
        var (commitHash, commit) = Repository.CommitWithPgp(_ed25519Pgp);

        var result = PgpVerifier(_ed25519Pgp).Verify(GitVerificationMode.Head, new GitCommitToVerify(commitHash, commit), new GitTagToVerify("v-light", null, default));

        Assert.Multiple(() =>
        {
            Assert.That(result.Message, Is.EqualTo($"verified signature of\n\t- commit '{commitHash}' with key '{_ed25519Pgp[^16..]}'"));
            Assert.That(result.Tag, Is.Null);
        });
    }

    [Test]
    public void The_tag_modes_need_a_tag_and_a_signed_one()
    {
        var (commitHash, commit) = Repository.CommitWithPgp(_ed25519Pgp);
        var (tagHash, tag) = Repository.TagUnsigned("v-unsigned");
        var verifier = PgpVerifier(_ed25519Pgp);
        var target = new GitCommitToVerify(commitHash, commit);

        var noTag = Assert.Throws<GitSignatureException>(() => verifier.Verify(GitVerificationMode.Tag, target));
        var lightweight = Assert.Throws<GitSignatureException>(() => verifier.Verify(GitVerificationMode.TagAndHead, target, new GitTagToVerify("v-light", null, default)));
        var unsigned = Assert.Throws<GitSignatureException>(() => verifier.Verify(GitVerificationMode.Tag, target, new GitTagToVerify("v-unsigned", tagHash, tag)));

        Assert.Multiple(() =>
        {
            Assert.That(noTag!.Message, Is.EqualTo("cannot verify tag object's signature if a tag reference is not specified"));
            Assert.That(noTag.Reason, Is.EqualTo("InvalidVerificationMode"));
            Assert.That(lightweight!.Message, Is.EqualTo("cannot verify signature of tag 'v-light' since it is not signed"));
            Assert.That(unsigned!.Message, Is.EqualTo($"cannot verify signature of tag 'v-unsigned@{tagHash}' since it is not signed"));
            Assert.That(unsigned.Reason, Is.EqualTo("InvalidGitObject"));
        });
    }

    [Test]
    public void A_tag_that_fails_reports_InvalidTagSignature_and_a_commit_InvalidCommitSignature()
    {
        var (commitHash, commit) = Repository.CommitWithPgp(_strangerPgp);
        var (tagHash, tag) = Repository.TagWithPgp("v-stranger", _strangerPgp);
        var verifier = PgpVerifier(_ed25519Pgp);

        var tagFailure = Assert.Throws<GitSignatureException>(() => verifier.Verify(GitVerificationMode.Tag, new GitCommitToVerify(commitHash, commit), new GitTagToVerify("v-stranger", tagHash, tag)));
        var commitFailure = Assert.Throws<GitSignatureException>(() => verifier.Verify(GitVerificationMode.Head, new GitCommitToVerify(commitHash, commit)));

        Assert.Multiple(() =>
        {
            Assert.That(tagFailure!.Reason, Is.EqualTo("InvalidTagSignature"));
            Assert.That(tagFailure.Message, Is.EqualTo($"signature verification of tag 'v-stranger@{tagHash}' failed: unable to verify Git tag: unable to verify payload with any of the given key rings"));
            Assert.That(commitFailure!.Reason, Is.EqualTo("InvalidCommitSignature"));
            Assert.That(commitFailure.Message, Is.EqualTo($"signature verification of commit '{commitHash}' failed: unable to verify Git commit: unable to verify payload with any of the given key rings"));
        });
    }

    [Test]
    public void A_key_ring_that_is_not_armoured_pgp_is_reported()
    {
        var (_, content) = Repository.CommitWithPgp(_ed25519Pgp);

        Assert.That(() => new GitSignatureVerifier(["-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n!!!\n-----END PGP PUBLIC KEY BLOCK-----\n"]).VerifyCommit(content),
            Throws.TypeOf<GitSignatureException>().With.Message.StartsWith("unable to verify Git commit: unable to read armored key ring"));
    }

    private GitSignatureVerifier PgpVerifier(string fingerprint) => new([Repository.ExportPgpKey(fingerprint)]);

    private string AllSshKeys() => string.Join('\n', _sshKeys.Values.Select(p => p.PublicKey.ToAuthorizedKeysLine()));
}
