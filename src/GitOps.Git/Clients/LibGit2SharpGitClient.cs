using GitOps.Git.Auth;
using GitOps.Git.Checkout;
using GitOps.Git.Checkout.Internal;
using GitOps.Git.Clients.Internal;
using GitOps.Git.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Lg2 = LibGit2Sharp;

namespace GitOps.Git.Clients;

/// <summary>
/// The in-process LibGit2Sharp 0.32 (libgit2 1.8) implementation. It reads over file, git:// and http(s),
/// shallow only over http(s) and only for branches, with HTTP basic credentials (asked for at most
/// <see cref="GitClientOptions.MaxCredentialAttempts"/> times), a bearer token and a CA trusted for the call
/// (certificate check callback). What libgit2 1.8 cannot do fails with <see cref="GitUnsupportedException"/>:
/// SSH (its exec backend takes no per-call settings), shallow fetches over git:// or for tags, fetch of a bare
/// commit by id, sparse checkouts, client certificates, and listing references with a bearer token or a CA.
/// <see cref="GitClient"/> routes those to <see cref="GitCliClient"/>.
/// </summary>
public sealed class LibGit2SharpGitClient : IGitReader
{
    private const int MaxInterruptedAttempts = 3;
    private readonly GitClientOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the client.</summary>
    public LibGit2SharpGitClient(GitClientOptions? options = null, ILogger<LibGit2SharpGitClient>? logger = null)
    {
        _options = options ?? new GitClientOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Why LibGit2Sharp cannot list this remote's references, or null when it can.</summary>
    internal static string? CannotList(GitUrl url, GitAuth? auth) =>
        url.Transport == GitTransport.Ssh ? "SSH goes through the system ssh with per-call files"
        : auth?.HasClientCertificate == true ? "client certificates need the git command line"
        : auth?.BearerToken is not null || auth?.CaCertificatePem is not null ? "LibGit2Sharp's ls-remote takes no headers or certificate check"
        : null;

    /// <summary>Why LibGit2Sharp cannot fetch this checkout, or null when it can.</summary>
    internal static string? CannotFetch(GitUrl url, CloneOptions options, GitAuth? auth)
    {
        if (url.Transport == GitTransport.Ssh)
        {
            return "SSH goes through the system ssh with per-call files";
        }

        if (auth?.HasClientCertificate == true)
        {
            return "client certificates need the git command line";
        }

        if (options.SparseCheckoutDirectories is { Count: > 0 })
        {
            return "libgit2 has no sparse or partial clone";
        }

        var kind = options.Strategy.Kind;
        if (kind == CheckoutKind.Commit && options.Strategy.Branch is null && options.ShallowClone)
        {
            return "fetching a commit by id needs protocol v2";
        }

        if (options.ShallowClone && kind != CheckoutKind.Commit && !(url.IsHttp && kind == CheckoutKind.Branch))
        {
            return "libgit2 1.8 fetches shallow only over http(s) and only through a branch clone";
        }

        return null;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<GitRemoteReference>> ListReferencesAsync(string url, GitAuth? auth = null, CancellationToken cancellationToken = default)
    {
        var gitUrl = GitUrl.Parse(url);
        if (CannotList(gitUrl, auth) is { } reason)
        {
            throw new GitUnsupportedException($"LibGit2Sharp cannot list {gitUrl}: {reason}");
        }

        return RunAsync(gitUrl, auth, $"unable to list references of {gitUrl}", callbacks =>
        {
            var references = Lg2.Repository.ListRemoteReferences(url, callbacks.Credentials);
            return RemoteReferenceList.Build(references
                .Where(r => r is Lg2.DirectReference)
                .Select(r => (r.CanonicalName, r.TargetIdentifier)));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<GitCommit> CloneAsync(string url, string directory, CloneOptions options, GitAuth? auth = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var gitUrl = GitUrl.Parse(url);
        if (CannotFetch(gitUrl, options, auth) is { } reason)
        {
            throw new GitUnsupportedException($"LibGit2Sharp cannot clone {gitUrl} ({options.Strategy}): {reason}");
        }

        return await CloneFlow.RunAsync(this, _options, gitUrl, options, auth, target => FetchResolvedAsync(gitUrl, directory, target, options, auth, cancellationToken), _logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fetches and checks out a target already resolved against the remote's references.</summary>
    internal Task<GitCommit> FetchResolvedAsync(GitUrl url, string directory, CheckoutTarget target, CloneOptions options, GitAuth? auth, CancellationToken cancellationToken) =>
        StagedDirectory.FillAsync(directory, stage => RunAsync(url, auth, $"unable to clone {url}", callbacks =>
        {
            StagedDirectory.Empty(stage);
            var commit = Fetch(url, stage, target, options, callbacks);
            Log.Cloned(_logger, url.Redacted, "LibGit2Sharp", commit.Hash);
            return commit with { Reference = target.Reference, IsReferenceName = target.IsReferenceName };
        }, cancellationToken));

    private static GitCommit Fetch(GitUrl url, string stage, CheckoutTarget target, CloneOptions options, Lg2Callbacks callbacks)
    {
        var strategy = options.Strategy;
        if (strategy.Kind == CheckoutKind.Branch && options.ShallowClone)
        {
            var clone = new Lg2.CloneOptions(callbacks.FetchOptions(depth: 1)) { BranchName = strategy.EffectiveBranch, RecurseSubmodules = options.RecurseSubmodules };
            Lg2.Repository.Clone(url.Original, stage, clone);
            using var cloned = new Lg2.Repository(stage);
            return ToCommit(cloned.Head.Tip);
        }

        Lg2.Repository.Init(stage);
        using var repo = new Lg2.Repository(stage);
        repo.Network.Remotes.Add("origin", url.Original);
        string[] refspecs = strategy.Kind switch
        {
            CheckoutKind.Commit when strategy.Branch is null => ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"],
            CheckoutKind.Commit or CheckoutKind.Branch => [$"+{target.Reference}:refs/remotes/origin/{strategy.EffectiveBranch}"],
            CheckoutKind.Tag or CheckoutKind.SemVer => [$"+{target.Reference}:{target.Reference}"],
            _ => [$"+{target.Reference}:refs/remotes/origin/gitops-checkout"],
        };
        Lg2.Commands.Fetch(repo, "origin", refspecs, callbacks.FetchOptions(depth: 0), null);
        var wanted = strategy.Kind switch
        {
            CheckoutKind.Commit => strategy.Commit!,
            CheckoutKind.Branch => "refs/remotes/origin/" + strategy.EffectiveBranch,
            CheckoutKind.Tag or CheckoutKind.SemVer => target.Reference!,
            _ => "refs/remotes/origin/gitops-checkout",
        };
        var commit = (repo.Lookup(wanted)?.Peel<Lg2.Commit>())
            ?? throw new GitReferenceNotFoundException($"unable to clone: {wanted} not found in {url}");
        if (strategy.Kind == CheckoutKind.Commit && strategy.Branch is not null
            && repo.ObjectDatabase.FindMergeBase(commit, Lg2.RepositoryExtensions.Lookup<Lg2.Commit>(repo, "refs/remotes/origin/" + strategy.Branch))?.Sha != commit.Sha)
        {
            throw new GitReferenceNotFoundException($"unable to clone: commit '{strategy.Commit}' not found on branch '{strategy.Branch}' of {url}");
        }

        var checkout = new Lg2.CheckoutOptions { CheckoutModifiers = Lg2.CheckoutModifiers.Force };
        if (strategy.Kind == CheckoutKind.Branch)
        {
            var branch = repo.Branches.Add(strategy.EffectiveBranch, commit);
            Lg2.Commands.Checkout(repo, branch, checkout);
        }
        else
        {
            Lg2.Commands.Checkout(repo, commit, checkout);
        }

        if (options.RecurseSubmodules)
        {
            UpdateSubmodules(repo, callbacks);
        }

        return ToCommit(commit);
    }

    // Every level, as git submodule update --init --recursive (and LibGit2Sharp's recursive clone) does: libgit2's
    // update initialises one repository's submodules only. Commits cannot form a cycle, so the recursion ends.
    private static void UpdateSubmodules(Lg2.Repository repo, Lg2Callbacks callbacks)
    {
        foreach (var submodule in repo.Submodules)
        {
            var update = new Lg2.SubmoduleUpdateOptions { Init = true };
            callbacks.Configure(update.FetchOptions, depth: 0);
            repo.Submodules.Update(submodule.Name, update);
            using var nested = new Lg2.Repository(Path.Combine(repo.Info.WorkingDirectory, submodule.Path));
            UpdateSubmodules(nested, callbacks);
        }
    }

    /// <summary>
    /// Whether libgit2 failed on a socket read interrupted by a signal, also when LibGit2Sharp wrapped it (a
    /// submodule clone fails as "error cloning its submodules" with the cause inside).
    /// </summary>
    internal static bool IsInterrupted(Exception exception)
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
        {
            if (e.Message.Contains("Interrupted system call", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The message with every wrapped cause (LibGit2Sharp puts a submodule's failure inside).</summary>
    private static string Describe(Exception exception)
    {
        var message = exception.Message;
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            message += ": " + e.Message;
        }

        return message;
    }

    private static GitCommit ToCommit(Lg2.Commit commit) => new()
    {
        Hash = commit.Sha,
        Author = new GitSignature(commit.Author.Name, commit.Author.Email, commit.Author.When),
        Committer = new GitSignature(commit.Committer.Name, commit.Committer.Email, commit.Committer.When),
        Message = commit.Message.TrimEnd('\n'),
    };

    private Task<T> RunAsync<T>(GitUrl url, GitAuth? auth, string what, Func<Lg2Callbacks, T> work, CancellationToken cancellationToken)
    {
        auth?.Validate();
        LibGit2Timeouts.EnsureAtMost(_options.Timeout);
        var redactor = new SecretRedactor(url, auth);
        return Task.Run(
            () =>
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(_options.Timeout);
                for (var attempt = 1; ; attempt++)
                {
                    var callbacks = new Lg2Callbacks(auth, _options.MaxCredentialAttempts, deadline.Token);
                    try
                    {
                        return work(callbacks);
                    }
                    catch (Lg2.LibGit2SharpException e) when (attempt < MaxInterruptedAttempts && IsInterrupted(e))
                    {
                        // libgit2 1.8 does not retry a socket read interrupted by a signal (the runtime's SIGCHLD when
                        // other threads run processes), in the clone or in a submodule's; the call is repeated from the start.
                    }
                    catch (GitException)
                    {
                        throw;
                    }
                    catch (Exception e) when (e is Lg2.LibGit2SharpException or IOException)
                    {
                        Throw(e, callbacks, deadline, redactor, what, cancellationToken);
                        throw;
                    }
                }
            },
            CancellationToken.None);
    }

    /// <summary>Throws the typed exception for a libgit2 failure, from what the callbacks saw and the message.</summary>
    private void Throw(Exception e, Lg2Callbacks callbacks, CancellationTokenSource deadline, SecretRedactor redactor, string what, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var message = redactor.Redact(Describe(e));
        if (callbacks.CredentialsExhausted)
        {
            throw new GitAuthenticationException($"{what}: authentication failed ({callbacks.CredentialAttempts} attempt(s) refused)", null);
        }

        if (callbacks.CertificateRejected)
        {
            throw new GitHostKeyException($"{what}: the server's certificate is not trusted", null);
        }

        if (deadline.IsCancellationRequested || message.Contains("timed out", StringComparison.OrdinalIgnoreCase))
        {
            throw new GitTimeoutException($"{what}: no answer within {_options.Timeout.TotalSeconds:0.#} s", null);
        }

        throw GitErrorClassifier.Classify(what, message);
    }
}
