using GitOps.Diagnostics;
using GitOps.Git.Auth;
using GitOps.Git.Checkout;
using GitOps.Git.Checkout.Internal;
using GitOps.Git.Clients;
using GitOps.Git.Internal;
using GitOps.Git.Writing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Git;

/// <summary>
/// The default Git client. Each read goes to LibGit2Sharp when it can do it and to the git command line when it
/// cannot (SSH, shallow fetches other than a branch over http(s), a bare commit, sparse checkouts, client
/// certificates, and listing references with a bearer token or a CA); <see cref="GitClientOptions.Backend"/>
/// forces one. Writes (commit, sign, push) use the git command line. Revisions, errors and the no-op are the
/// same whichever backend does the work.
/// </summary>
public sealed class GitClient : IGitClient
{
    private readonly GitClientOptions _options;
    private readonly LibGit2SharpGitClient _libgit2;
    private readonly GitCliClient _cli;
    private readonly ILogger _logger;

    /// <summary>Creates the client.</summary>
    public GitClient(GitClientOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        _options = options ?? new GitClientOptions();
        _options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        _libgit2 = new LibGit2SharpGitClient(_options, loggerFactory.CreateLogger<LibGit2SharpGitClient>());
        _cli = new GitCliClient(_options, loggerFactory.CreateLogger<GitCliClient>());
        _logger = loggerFactory.CreateLogger<GitClient>();
    }

    /// <summary>The options in use.</summary>
    public GitClientOptions Options => _options;

    /// <inheritdoc />
    public Task<IReadOnlyList<GitRemoteReference>> ListReferencesAsync(string url, GitAuth? auth = null, CancellationToken cancellationToken = default)
    {
        var gitUrl = GitUrl.Parse(url);
        var useCli = _options.Backend == GitBackend.GitCli
            || (_options.Backend == GitBackend.Auto && LibGit2SharpGitClient.CannotList(gitUrl, auth) is not null);
        return WithinTimeoutAsync(
            "listing the references of " + gitUrl.Redacted,
            token => useCli ? _cli.ListReferencesAsync(url, auth, token) : _libgit2.ListReferencesAsync(url, auth, token),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<GitCommit> CloneAsync(string url, string directory, CloneOptions options, GitAuth? auth = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var gitUrl = GitUrl.Parse(url);
        return WithinTimeoutAsync("the clone of " + gitUrl.Redacted, token => CloneCoreAsync(url, gitUrl, directory, options, auth, token), cancellationToken);
    }

    /// <summary>
    /// Fetches what a clone would check out into <paramref name="directory"/>, objects only (no work tree), through
    /// the git command line, for packing from the commit's tree; null when the options need a real checkout
    /// (submodules, sparse directories) or LibGit2Sharp is forced.
    /// </summary>
    internal Task<GitCommit>? FetchObjectsAsync(string url, string directory, CloneOptions options, GitAuth? auth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (_options.Backend == GitBackend.LibGit2Sharp || options.RecurseSubmodules || options.SparseCheckoutDirectories is { Count: > 0 })
        {
            return null;
        }

        var gitUrl = GitUrl.Parse(url);
        return WithinTimeoutAsync("the clone of " + gitUrl.Redacted, async token =>
        {
            using var activity = GitOpsDiagnostics.ActivitySource.StartActivity(GitOpsActivities.GitClone);
            activity?.SetTag("gitops.git.url", gitUrl.Redacted);
            return await CloneFlow.RunAsync(this, _options, gitUrl, options, auth, target =>
            {
                Log.BackendChosen(_logger, gitUrl.Redacted, "git", "objects only, packed from the tree");
                return _cli.FetchResolvedAsync(gitUrl, directory, target, options, auth, token, checkout: false);
            }, _logger, token).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Checks out a commit fetched by <see cref="FetchObjectsAsync"/>.</summary>
    internal Task CheckoutFetchedAsync(string directory, string commit, CancellationToken cancellationToken) =>
        _cli.CheckoutAsync(directory, commit, cancellationToken);

    /// <inheritdoc />
    public Task SwitchBranchAsync(string directory, string branch, CancellationToken cancellationToken = default) =>
        _cli.SwitchBranchAsync(directory, branch, cancellationToken);

    /// <inheritdoc />
    public Task<GitCommit> CommitAsync(string directory, CommitOptions options, CancellationToken cancellationToken = default) =>
        _cli.CommitAsync(directory, options, cancellationToken);

    /// <inheritdoc />
    public Task PushAsync(string directory, string url, PushOptions options, GitAuth? auth = null, CancellationToken cancellationToken = default) =>
        WithinTimeoutAsync("the push to " + GitUrl.Parse(url).Redacted, async token =>
        {
            await _cli.PushAsync(directory, url, options, auth, token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task<GitCommit> CloneCoreAsync(string url, GitUrl gitUrl, string directory, CloneOptions options, GitAuth? auth, CancellationToken cancellationToken)
    {
        using var activity = GitOpsDiagnostics.ActivitySource.StartActivity(GitOpsActivities.GitClone);
        activity?.SetTag("gitops.git.url", gitUrl.Redacted);
        var reason = LibGit2SharpGitClient.CannotFetch(gitUrl, options, auth);
        if (_options.Backend == GitBackend.LibGit2Sharp)
        {
            return await _libgit2.CloneAsync(url, directory, options, auth, cancellationToken).ConfigureAwait(false);
        }

        return await CloneFlow.RunAsync(this, _options, gitUrl, options, auth, target =>
        {
            if (_options.Backend == GitBackend.GitCli || reason is not null)
            {
                Log.BackendChosen(_logger, gitUrl.Redacted, "git", reason ?? "configured");
                return _cli.FetchResolvedAsync(gitUrl, directory, target, options, auth, cancellationToken);
            }

            Log.BackendChosen(_logger, gitUrl.Redacted, "LibGit2Sharp", "default");
            return _libgit2.FetchResolvedAsync(gitUrl, directory, target, options, auth, cancellationToken);
        }, _logger, cancellationToken).ConfigureAwait(false);
    }


    // GitClientOptions.Timeout bounds the whole call (every git process, libgit2 call and retry in it), as Flux's
    // spec.timeout bounds the reconciliation's Git operations, not each step on its own.
    private async Task<T> WithinTimeoutAsync<T>(string what, Func<CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            return await run(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or GitTimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // A step's own deadline (a git process, libgit2's socket timeout) is never longer than the whole call's, and
            // may fire in the same instant: either way the call as a whole ran out of time.
            throw new GitTimeoutException($"{what} did not finish within {_options.Timeout.TotalSeconds:0.#} s", ex);
        }
    }
}
