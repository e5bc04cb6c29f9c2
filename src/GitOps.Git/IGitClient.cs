using GitOps.Git.Auth;
using GitOps.Git.Checkout;
using GitOps.Git.Writing;

namespace GitOps.Git;

/// <summary>Reads repositories, as Flux's <c>repository.Reader</c>.</summary>
public interface IGitReader
{
    /// <summary>
    /// Clones <paramref name="url"/> into <paramref name="directory"/> (which must be absent or empty) at what
    /// <see cref="CloneOptions.Strategy"/> names, and returns the commit checked out. When the remote still points
    /// at <see cref="CloneOptions.LastObservedRevision"/>, nothing is cloned and the commit is not concrete.
    /// </summary>
    /// <exception cref="GitException">The clone failed; the subclass says how.</exception>
    Task<GitCommit> CloneAsync(string url, string directory, CloneOptions options, GitAuth? auth = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the remote's references (<c>git ls-remote</c>), annotated tags with the commit they point to.</summary>
    /// <exception cref="GitException">The listing failed; the subclass says how.</exception>
    Task<IReadOnlyList<GitRemoteReference>> ListReferencesAsync(string url, GitAuth? auth = null, CancellationToken cancellationToken = default);
}

/// <summary>Writes to repositories, as Flux's <c>repository.Writer</c>.</summary>
public interface IGitWriter
{
    /// <summary>Switches the clone at <paramref name="directory"/> to <paramref name="branch"/>, creating it from HEAD if it does not exist.</summary>
    Task SwitchBranchAsync(string directory, string branch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stages every change in the clone at <paramref name="directory"/> and commits it; returns the new commit.
    /// </summary>
    /// <exception cref="GitNothingToCommitException">The work tree has no change to commit.</exception>
    /// <exception cref="GitException">The commit failed.</exception>
    Task<GitCommit> CommitAsync(string directory, CommitOptions options, CancellationToken cancellationToken = default);

    /// <summary>Pushes the current branch of <paramref name="directory"/> to <paramref name="url"/> (to <see cref="PushOptions.Branch"/>, new or existing).</summary>
    /// <exception cref="GitException">The push was refused or failed.</exception>
    Task PushAsync(string directory, string url, PushOptions options, GitAuth? auth = null, CancellationToken cancellationToken = default);
}

/// <summary>Reads and writes repositories, as Flux's <c>repository.Client</c>.</summary>
public interface IGitClient : IGitReader, IGitWriter
{
}
