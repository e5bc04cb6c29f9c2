using System.Collections.Concurrent;
using GitOps.Git;
using GitOps.Git.Auth;
using GitOps.Git.Checkout;
using GitOps.Git.Writing;

namespace GitOps.ImageAutomation.Automation;

/// <summary>
/// The automation loop's Git operations on GitOps.Git's <see cref="IGitClient"/>, as image-automation-controller
/// does them: a full clone of the checkout branch (a shallow one cannot be pushed to every server), a commit of
/// every change in the work tree, and a push of HEAD to the push branch of the cloned URL.
/// </summary>
public sealed class GitAutomationClient : IAutomationGitClient
{
    private readonly IGitClient _git;
    private readonly GitAuth? _auth;
    private readonly CommitSigning? _signing;
    private readonly ConcurrentDictionary<string, string> _origins = new(StringComparer.Ordinal);

    /// <summary>Creates the client.</summary>
    /// <param name="git">The Git client (for example GitOps.Git's <see cref="GitClient"/>).</param>
    /// <param name="auth">Credentials for clone and push; none when null.</param>
    /// <param name="signing">How commits are signed (Flux's <c>spec.git.commit.signingKey</c>); unsigned when null.</param>
    public GitAutomationClient(IGitClient git, GitAuth? auth = null, CommitSigning? signing = null)
    {
        ArgumentNullException.ThrowIfNull(git);
        signing?.Validate();
        _git = git;
        _auth = auth;
        _signing = signing;
    }

    /// <inheritdoc />
    public async Task CloneAsync(string repositoryUrl, string branch, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(repositoryUrl);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var options = new CloneOptions { Strategy = CheckoutStrategy.ForBranch(branch), ShallowClone = false };
        await _git.CloneAsync(repositoryUrl, directory, options, _auth, cancellationToken).ConfigureAwait(false);
        _origins[Key(directory)] = repositoryUrl;
    }

    /// <inheritdoc />
    public async Task<string?> CommitAllAsync(string directory, GitCommitAuthor author, string message, DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(author);
        var options = new CommitOptions { Message = message, AuthorName = author.Name, AuthorEmail = author.Email, When = timestamp, Signing = _signing };
        try
        {
            var commit = await _git.CommitAsync(directory, options, cancellationToken).ConfigureAwait(false);
            return commit.Hash;
        }
        catch (GitNothingToCommitException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task PushAsync(string directory, string branch, CancellationToken cancellationToken = default)
    {
        if (!_origins.TryGetValue(Key(directory), out var url))
        {
            throw new InvalidOperationException($"'{directory}' was not cloned by this client, so its origin is unknown");
        }

        await _git.PushAsync(directory, url, new PushOptions { Branch = branch }, _auth, cancellationToken).ConfigureAwait(false);
        _origins.TryRemove(Key(directory), out _);
    }

    private static string Key(string directory) => Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
}
