using GitOps.Artifacts;

namespace GitOps.Git;

/// <summary>
/// The commit a clone checked out, as Flux's <c>git.Commit</c>: its id, the reference it was reached through
/// and, for a concrete commit, its author, committer and message. <see cref="ToString"/> is Flux's revision.
/// </summary>
public sealed record GitCommit
{
    /// <summary>The full commit id (40 hex digits).</summary>
    public required string Hash { get; init; }

    /// <summary>
    /// The full reference the commit was reached through (<c>refs/heads/main</c>, <c>refs/tags/v1.2.3</c>,
    /// <c>refs/pull/1/head</c>), or null for a bare commit.
    /// </summary>
    public string? Reference { get; init; }

    /// <summary>Whether the reference came from a <see cref="Checkout.CheckoutKind.Name"/> strategy (the revision keeps it whole).</summary>
    public bool IsReferenceName { get; init; }

    /// <summary>The author, for a concrete commit.</summary>
    public GitSignature? Author { get; init; }

    /// <summary>The committer, for a concrete commit.</summary>
    public GitSignature? Committer { get; init; }

    /// <summary>The message, for a concrete commit.</summary>
    public string? Message { get; init; }

    /// <summary>
    /// False when the clone was skipped because the remote still pointed at the last observed revision:
    /// only <see cref="Hash"/> and <see cref="Reference"/> are known and nothing was written.
    /// </summary>
    public bool IsConcrete { get; init; } = true;

    /// <summary>The revision as a <see cref="GitOps.Artifacts.Revision"/>.</summary>
    public Revision Revision => new(ShortReference, Digest.Parse("sha1:" + Hash));

    /// <summary><see cref="Reference"/> with <c>refs/heads/</c> or <c>refs/tags/</c> removed; a reference name stays whole.</summary>
    public string? ShortReference => Reference switch
    {
        null => null,
        _ when IsReferenceName => Reference,
        _ when Reference.StartsWith("refs/heads/", StringComparison.Ordinal) => Reference["refs/heads/".Length..],
        _ when Reference.StartsWith("refs/tags/", StringComparison.Ordinal) => Reference["refs/tags/".Length..],
        _ => Reference,
    };

    /// <summary>The absolute form Flux also writes: <c>refs/heads/main@sha1:…</c>, or <c>sha1:…</c>.</summary>
    public string AbsoluteReference => Reference is null ? "sha1:" + Hash : Reference + "@sha1:" + Hash;

    /// <summary>Flux's revision: <c>main@sha1:…</c>, <c>v1.2.3@sha1:…</c>, <c>refs/pull/1/head@sha1:…</c> or <c>sha1:…</c>.</summary>
    public override string ToString() => Revision.ToString();
}

/// <summary>Who made a commit and when.</summary>
/// <param name="Name">The name.</param>
/// <param name="Email">The e-mail address.</param>
/// <param name="When">The time, with its offset.</param>
public sealed record GitSignature(string Name, string Email, DateTimeOffset When);

/// <summary>One line of <c>git ls-remote</c>: a reference and the object it points to.</summary>
/// <param name="Name">The full reference name (<c>HEAD</c>, <c>refs/heads/main</c>, <c>refs/tags/v1.0.0</c>).</param>
/// <param name="Target">The object id it points to (for an annotated tag, the tag object).</param>
/// <param name="PeeledTarget">For an annotated tag, the commit it points to; otherwise null.</param>
public sealed record GitRemoteReference(string Name, string Target, string? PeeledTarget = null)
{
    /// <summary>The commit the reference leads to: <see cref="PeeledTarget"/> or <see cref="Target"/>.</summary>
    public string CommitId => PeeledTarget ?? Target;
}
