namespace GitOps.Git.Signatures;

/// <summary>A commit to verify: its hash (for messages) and its raw object content (<c>git cat-file commit</c>).</summary>
/// <param name="Hash">The commit's full hash, as Flux prints it in messages.</param>
/// <param name="Content">The commit object's content, without the object header.</param>
public sealed record GitCommitToVerify(string Hash, ReadOnlyMemory<byte> Content);

/// <summary>A tag to verify: its name, and for an annotated tag its hash and raw object content (<c>git cat-file tag</c>).</summary>
/// <param name="Name">The tag's short name, e.g. <c>v1.2.3</c>.</param>
/// <param name="Hash">The tag object's hash; null for a lightweight tag.</param>
/// <param name="Content">The tag object's content, without the object header; empty for a lightweight tag.</param>
public sealed record GitTagToVerify(string Name, string? Hash, ReadOnlyMemory<byte> Content)
{
    /// <summary>The tag as Flux names it in messages: <c>name@hash</c>, or the bare name for a lightweight tag.</summary>
    public override string ToString() => string.IsNullOrEmpty(Hash) ? Name : $"{Name}@{Hash}";
}

/// <summary>The outcome of verifying in a <see cref="GitVerificationMode"/>.</summary>
/// <param name="Mode">The mode verified.</param>
/// <param name="Message">Flux's <c>SourceVerified</c> condition message, e.g. <c>verified signature of\n\t- commit '…' with key '…'</c>.</param>
/// <param name="Tag">The tag's verification, in the tag modes.</param>
/// <param name="Commit">The commit's verification, in the HEAD modes.</param>
public sealed record GitVerificationResult(GitVerificationMode Mode, string Message, GitSignatureVerification? Tag, GitSignatureVerification? Commit);
