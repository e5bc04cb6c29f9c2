namespace GitOps.Artifacts;

/// <summary>
/// The hash algorithms a <see cref="Digest"/> can name, spelled in digests as <c>sha256</c>, <c>sha384</c>,
/// <c>sha512</c> and <c>sha1</c>.
/// </summary>
public enum DigestAlgorithm
{
    /// <summary>SHA-256 (<c>sha256</c>, 64 hex digits), the default and what artifacts are advertised with.</summary>
    Sha256 = 0,

    /// <summary>SHA-384 (<c>sha384</c>, 96 hex digits).</summary>
    Sha384 = 1,

    /// <summary>SHA-512 (<c>sha512</c>, 128 hex digits).</summary>
    Sha512 = 2,

    /// <summary>
    /// SHA-1 (<c>sha1</c>, 40 hex digits): Git commit ids in revisions such as <c>main@sha1:…</c> only.
    /// Never accepted to verify downloaded bytes.
    /// </summary>
    Sha1 = 3,
}
