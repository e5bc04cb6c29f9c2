namespace GitOps.Git.Checkout;

/// <summary>How to clone, as Flux's <c>repository.CloneConfig</c>.</summary>
public sealed class CloneOptions
{
    /// <summary>What to check out. Default: branch <c>master</c>, as Flux.</summary>
    public CheckoutStrategy Strategy { get; set; } = new();

    /// <summary>
    /// Fetch only the commit checked out (depth 1). Default true, as Flux. Ignored for a commit alone,
    /// which needs the history to find it (as Flux).
    /// </summary>
    public bool ShallowClone { get; set; } = true;

    /// <summary>Check out submodules too (recursively, shallow when the clone is). Default false.</summary>
    public bool RecurseSubmodules { get; set; }

    /// <summary>
    /// Check out only these directories (relative, <c>/</c>-separated, as <c>spec.sparseCheckout</c>). Default none:
    /// the whole tree.
    /// </summary>
    public IReadOnlyList<string>? SparseCheckoutDirectories { get; set; }

    /// <summary>
    /// The revision seen last time (<c>main@sha1:…</c>). When the remote reference still points to the same
    /// commit, the clone is skipped and a commit with <see cref="GitCommit.IsConcrete"/> false is returned.
    /// Only for branch, tag and name strategies, as Flux.
    /// </summary>
    public string? LastObservedRevision { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="FormatException">The strategy is not valid.</exception>
    /// <exception cref="ArgumentException">A sparse directory is absolute or climbs out of the tree.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Strategy);
        Strategy.Validate();
        foreach (var dir in SparseCheckoutDirectories ?? [])
        {
            if (string.IsNullOrWhiteSpace(dir) || dir.StartsWith('/') || dir.StartsWith('-') || dir.Split('/').Contains(".."))
            {
                throw new ArgumentException($"sparse checkout directory '{dir}' must be a relative path inside the repository", nameof(SparseCheckoutDirectories));
            }
        }
    }
}
