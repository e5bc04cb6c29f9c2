namespace GitOps.ImageAutomation.Automation;

/// <summary>
/// The Git operations image automation needs, and nothing else: implement it over any Git client (the
/// GitOps.Git package's, LibGit2Sharp, the git command line).
/// </summary>
public interface IAutomationGitClient
{
    /// <summary>Clones <paramref name="repositoryUrl"/> at <paramref name="branch"/> into the empty directory <paramref name="directory"/>.</summary>
    Task CloneAsync(string repositoryUrl, string branch, string directory, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stages every change in the work tree at <paramref name="directory"/> and commits it; returns the new
    /// commit's hash, or null when there was nothing to commit.
    /// </summary>
    Task<string?> CommitAllAsync(string directory, GitCommitAuthor author, string message, DateTimeOffset timestamp, CancellationToken cancellationToken = default);

    /// <summary>Pushes the checked-out commit of <paramref name="directory"/> to <paramref name="branch"/> of its origin.</summary>
    Task PushAsync(string directory, string branch, CancellationToken cancellationToken = default);
}

/// <summary>A commit author (Flux's <c>spec.git.commit.author</c>).</summary>
/// <param name="Name">The author's name.</param>
/// <param name="Email">The author's e-mail address.</param>
public sealed record GitCommitAuthor(string Name, string Email);
