namespace GitOps.Git.Signatures;

/// <summary>A signature that verified, and the key that verified it.</summary>
/// <param name="Format">PGP or SSH.</param>
/// <param name="KeyId">
/// What Flux reports as the key: for PGP the primary key's 64-bit key id in 16 upper-case hex digits (as
/// <c>gpg --keyid-format long</c>), for SSH the key's <c>SHA256:</c> fingerprint.
/// </param>
/// <param name="Fingerprint">For PGP the primary key's full fingerprint in upper-case hex; for SSH the <c>SHA256:</c> fingerprint.</param>
/// <param name="SigningKeyId">For PGP the key id of the (sub)key that made the signature; for SSH the fingerprint again.</param>
public sealed record GitSignatureVerification(GitSignatureFormat Format, string KeyId, string Fingerprint, string SigningKeyId);
