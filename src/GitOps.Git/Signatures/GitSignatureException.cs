namespace GitOps.Git.Signatures;

/// <summary>
/// A commit or tag signature did not verify, or cannot be verified in the requested mode. The message is Flux's
/// source-controller message; <see cref="Reason"/> is its condition reason.
/// </summary>
public sealed class GitSignatureException : GitOpsException
{
    /// <summary>Creates an exception with no message.</summary>
    public GitSignatureException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public GitSignatureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying failure.</param>
    public GitSignatureException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with a message and Flux's condition reason.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="reason">The reason, e.g. <c>InvalidCommitSignature</c>.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public GitSignatureException(string message, string reason, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>
    /// Flux's reason: <c>InvalidCommitSignature</c>, <c>InvalidTagSignature</c>, <c>InvalidGitObject</c> (the tag is
    /// not signed) or <c>InvalidVerificationMode</c> (a tag mode without a tag: Flux stalls rather than retries).
    /// </summary>
    public string Reason { get; } = "VerificationError";
}
