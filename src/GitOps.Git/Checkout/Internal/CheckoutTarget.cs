namespace GitOps.Git.Checkout.Internal;

/// <summary>What a strategy resolved to against the remote's references.</summary>
/// <param name="Reference">The full reference (<c>refs/heads/main</c>), or null for a bare commit.</param>
/// <param name="Hash">The commit id, or null when only the commit strategy's fetch can tell.</param>
/// <param name="IsReferenceName">Whether the reference came from a name strategy (kept whole in the revision).</param>
internal sealed record CheckoutTarget(string? Reference, string? Hash, bool IsReferenceName)
{
    /// <summary>The commit as known before cloning (not concrete).</summary>
    public GitCommit ToObservedCommit() => new() { Hash = Hash!, Reference = Reference, IsReferenceName = IsReferenceName, IsConcrete = false };

    /// <summary>Whether <paramref name="lastObserved"/> names this same reference and commit (short, absolute or legacy form).</summary>
    public bool Matches(string? lastObserved)
    {
        if (string.IsNullOrEmpty(lastObserved) || Hash is null)
        {
            return false;
        }

        var commit = ToObservedCommit();
        if (!GitOps.Artifacts.Revision.TryParse(lastObserved, out var parsed))
        {
            return false;
        }

        return parsed.ToString() == commit.ToString() || parsed.ToString() == commit.AbsoluteReference;
    }
}
