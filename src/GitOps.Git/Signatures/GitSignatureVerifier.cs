using System.Text;
using GitOps.Git.Signatures.Internal;

namespace GitOps.Git.Signatures;

/// <summary>
/// Verifies Git commit and tag signatures as Flux's source-controller does: OpenPGP signatures against armoured
/// public key rings, SSH signatures (namespace <c>git</c>) against authorized/allowed public keys, in the modes
/// <c>HEAD</c>, <c>Tag</c> and <c>TagAndHEAD</c>, with Flux's messages. Inputs are raw object contents, so any Git
/// client (LibGit2Sharp's object database, <c>git cat-file</c>) can feed it.
/// </summary>
/// <remarks>
/// <para>The keys are the values of Flux's verification secret: each either an armoured PGP public key ring
/// (<c>gpg --export --armor</c>) or SSH public keys one per line (authorized_keys format). A PGP signature is checked
/// against the values holding a PGP key block, an SSH signature against the others.</para>
/// </remarks>
public sealed class GitSignatureVerifier
{
    private const string PgpKeyBlock = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    private readonly List<string> _keys;

    /// <summary>Creates a verifier trusting <paramref name="keys"/>.</summary>
    /// <param name="keys">The verification keys (see the remarks): armoured PGP key rings and SSH public key lists.</param>
    public GitSignatureVerifier(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = [.. keys];
    }

    /// <summary>Verifies a commit's <c>gpgsig</c> signature.</summary>
    /// <param name="content">The commit object's raw content.</param>
    /// <returns>The format and the key that verified.</returns>
    /// <exception cref="GitSignatureException">The commit is not signed, or no key verifies it.</exception>
    public GitSignatureVerification VerifyCommit(ReadOnlyMemory<byte> content) =>
        VerifyObject(GitSignedObject.FromCommit(content), "commit");

    /// <summary>Verifies an annotated tag's signature.</summary>
    /// <param name="content">The tag object's raw content.</param>
    /// <returns>The format and the key that verified.</returns>
    /// <exception cref="GitSignatureException">The tag is not signed, or no key verifies it.</exception>
    public GitSignatureVerification VerifyTag(ReadOnlyMemory<byte> content) =>
        VerifyObject(GitSignedObject.FromTag(content), "tag");

    /// <summary>Verifies what <paramref name="mode"/> asks for, with Flux's messages and reasons.</summary>
    /// <param name="mode">HEAD, Tag or TagAndHEAD.</param>
    /// <param name="commit">The commit checked out.</param>
    /// <param name="tag">The tag checked out, when the checkout was by tag.</param>
    /// <exception cref="GitSignatureException">A signature is missing or does not verify; <see cref="GitSignatureException.Reason"/> says which.</exception>
    public GitVerificationResult Verify(GitVerificationMode mode, GitCommitToVerify commit, GitTagToVerify? tag = null)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown verification mode");
        }

        var message = new StringBuilder("verified signature of");
        GitSignatureVerification? tagResult = null;
        GitSignatureVerification? commitResult = null;
        if (mode is GitVerificationMode.Tag or GitVerificationMode.TagAndHead)
        {
            if (tag is null)
            {
                throw new GitSignatureException("cannot verify tag object's signature if a tag reference is not specified", "InvalidVerificationMode");
            }

            var signed = GitSignedObject.FromTag(tag.Content);
            if (tag.Content.IsEmpty || !signed.IsSigned)
            {
                throw new GitSignatureException($"cannot verify signature of tag '{tag}' since it is not signed", "InvalidGitObject");
            }

            try
            {
                tagResult = VerifyObject(signed, "tag");
            }
            catch (GitSignatureException ex)
            {
                throw new GitSignatureException($"signature verification of tag '{tag}' failed: {ex.Message}", "InvalidTagSignature", ex);
            }

            message.Append($"\n\t- tag '{tag}' with key '{tagResult.KeyId}'");
        }

        if (mode is GitVerificationMode.Head or GitVerificationMode.TagAndHead)
        {
            try
            {
                commitResult = VerifyCommit(commit.Content);
            }
            catch (GitSignatureException ex)
            {
                throw new GitSignatureException($"signature verification of commit '{commit.Hash}' failed: {ex.Message}", "InvalidCommitSignature", ex);
            }

            message.Append($"\n\t- commit '{commit.Hash}' with key '{commitResult.KeyId}'");
        }

        return new GitVerificationResult(mode, message.ToString(), tagResult, commitResult);
    }

    private GitSignatureVerification VerifyObject(GitSignedObject signed, string kind)
    {
        var ssh = signed.Format == GitSignatureFormat.Ssh;
        var prefix = ssh ? $"unable to verify Git {kind} SSH signature: " : $"unable to verify Git {kind}: ";
        try
        {
            if (!signed.IsSigned)
            {
                throw new GitSignatureException("unable to verify payload as the provided signature is empty");
            }

            if (signed.Payload.IsEmpty)
            {
                throw new GitSignatureException("unable to verify payload as the provided payload is empty");
            }

            return signed.Format switch
            {
                GitSignatureFormat.Ssh => SshSignatureChecker.Verify(signed.Signature, signed.Payload.Span, _keys.Where(k => !k.Contains(PgpKeyBlock, StringComparison.Ordinal))),
                GitSignatureFormat.Pgp => PgpSignatureChecker.Verify(signed.Signature, signed.Payload.Span, _keys.Where(k => k.Contains(PgpKeyBlock, StringComparison.Ordinal))),
                _ => throw new GitSignatureException("unable to verify openPGP signature, detected signature format: unknown"),
            };
        }
        catch (GitSignatureException ex)
        {
            throw new GitSignatureException(prefix + ex.Message, ex.InnerException);
        }
    }
}
