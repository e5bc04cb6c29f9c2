namespace GitOps.Git.Signatures;

/// <summary>What Flux's <c>GitRepository</c> <c>spec.verify.mode</c> verifies.</summary>
public enum GitVerificationMode
{
    /// <summary><c>HEAD</c>: the signature of the commit checked out (Flux's default mode).</summary>
    Head,

    /// <summary><c>Tag</c>: the signature of the annotated tag checked out; the checkout must be by tag.</summary>
    Tag,

    /// <summary><c>TagAndHEAD</c>: both the tag's and the commit's signatures.</summary>
    TagAndHead,
}
