using System.Globalization;
using GitOps.Git.Auth;
using GitOps.Git.Auth.Internal;
using GitOps.Git.Checkout;
using GitOps.Git.Checkout.Internal;
using GitOps.Git.Clients.Internal;
using GitOps.Git.Internal;
using GitOps.Git.Writing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Git.Clients;

/// <summary>
/// The git command-line implementation: every transport (file, git://, http(s), ssh), shallow fetches
/// everywhere, fetch by commit over protocol v2, sparse and partial clones, client certificates, and the writer
/// (commit, sign, push). Each call runs git with no global or system configuration and its credentials in the
/// environment or in a private folder, never on the command line.
/// </summary>
public sealed class GitCliClient : IGitClient
{
    private readonly GitClientOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the client.</summary>
    public GitCliClient(GitClientOptions? options = null, ILogger<GitCliClient>? logger = null)
    {
        _options = options ?? new GitClientOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GitRemoteReference>> ListReferencesAsync(string url, GitAuth? auth = null, CancellationToken cancellationToken = default)
    {
        var gitUrl = GitUrl.Parse(url);
        using var env = GitEnvironment.Create(gitUrl, auth, _options);
        var redactor = new SecretRedactor(gitUrl, auth);
        var result = await GitProcess.RunAsync(_options, env, null, ["ls-remote", "--", env.EffectiveUrl], redactor, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw GitErrorClassifier.Classify($"unable to list references of {gitUrl}", result.Error);
        }

        return RemoteReferenceList.Parse(result.Output);
    }

    /// <inheritdoc />
    public async Task<GitCommit> CloneAsync(string url, string directory, CloneOptions options, GitAuth? auth = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var gitUrl = GitUrl.Parse(url);
        return await CloneFlow.RunAsync(this, _options, gitUrl, options, auth, target => FetchResolvedAsync(gitUrl, directory, target, options, auth, cancellationToken), _logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fetches and checks out a target already resolved against the remote's references; with <c>checkout</c> false,
    /// fetches the objects only (no work tree, no submodules) and describes the fetched commit.
    /// </summary>
    internal Task<GitCommit> FetchResolvedAsync(GitUrl url, string directory, CheckoutTarget target, CloneOptions options, GitAuth? auth, CancellationToken cancellationToken, bool checkout = true) =>
        StagedDirectory.FillAsync(directory, stage => FetchAsync(url, stage, target, options, auth, checkout, cancellationToken));

    /// <summary>Checks out <paramref name="commit"/> (detached) in a repository fetched without a work tree.</summary>
    internal async Task CheckoutAsync(string directory, string commit, CancellationToken cancellationToken)
    {
        using var env = GitEnvironment.CreateLocal(_options);
        var redactor = new SecretRedactor(GitUrl.Parse(Path.GetFullPath(directory)), null);
        var result = await GitProcess.RunAsync(_options, env, directory, ["checkout", "-q", "--detach", commit], redactor, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw GitErrorClassifier.Classify("unable to check out " + commit, result.Error);
        }
    }

    private async Task<GitCommit> FetchAsync(GitUrl url, string stage, CheckoutTarget target, CloneOptions options, GitAuth? auth, bool checkout, CancellationToken cancellationToken)
    {
        using var env = GitEnvironment.Create(url, auth, _options);
        var redactor = new SecretRedactor(url, auth);
        async Task<GitProcessResult> Git(string what, bool check, params string[] args)
        {
            var result = await GitProcess.RunAsync(_options, env, stage, args, redactor, cancellationToken).ConfigureAwait(false);
            return check && result.ExitCode != 0 ? throw GitErrorClassifier.Classify($"unable to {what} {url}", result.Error) : result;
        }

        await Git("initialise a clone of", true, "init", "-q").ConfigureAwait(false);
        await Git("configure the clone of", true, "config", "remote.origin.url", env.EffectiveUrl).ConfigureAwait(false);
        var sparse = options.SparseCheckoutDirectories is { Count: > 0 } dirs ? dirs : null;
        if (sparse is not null)
        {
            await Git("set up the sparse checkout of", true, ["sparse-checkout", "set", "--no-cone", .. sparse.Select(d => "/" + d.Trim('/') + "/")]).ConfigureAwait(false);
        }

        var strategy = options.Strategy;
        var depth = options.ShallowClone ? new[] { "--depth=1" } : [];
        var filter = sparse is not null ? new[] { "--filter=blob:none" } : [];
        string checkoutRef;
        switch (strategy.Kind)
        {
            case CheckoutKind.Commit when strategy.Branch is not null:
                // Flux: the branch is cloned and the commit must be on it.
                await Git("fetch branch of", true, ["fetch", "-q", "--no-tags", .. filter, "origin", $"+{target.Reference}:refs/remotes/origin/{strategy.Branch}"]).ConfigureAwait(false);
                var onBranch = await Git("check the commit in", false, "merge-base", "--is-ancestor", strategy.Commit!, "refs/remotes/origin/" + strategy.Branch).ConfigureAwait(false);
                if (onBranch.ExitCode != 0)
                {
                    throw new GitReferenceNotFoundException($"unable to clone: commit '{strategy.Commit}' not found on branch '{strategy.Branch}' of {url}");
                }

                checkoutRef = strategy.Commit!;
                break;
            case CheckoutKind.Commit:
                // Protocol v2 fetches a commit by id (servers with allowAnySHA1InWant too); otherwise fetch every branch and tag and look.
                var byId = await Git("fetch commit of", false, ["fetch", "-q", "--no-tags", .. depth, .. filter, "origin", strategy.Commit!]).ConfigureAwait(false);
                if (byId.ExitCode != 0)
                {
                    await Git("fetch", true, ["fetch", "-q", .. filter, "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"]).ConfigureAwait(false);
                }

                var exists = await Git("find the commit in", false, "cat-file", "-e", strategy.Commit + "^{commit}").ConfigureAwait(false);
                if (exists.ExitCode != 0)
                {
                    throw new GitReferenceNotFoundException($"unable to clone: commit '{strategy.Commit}' not found in {url}");
                }

                checkoutRef = strategy.Commit!;
                break;
            default:
                var local = target.Reference!.StartsWith("refs/tags/", StringComparison.Ordinal) ? target.Reference : "refs/remotes/origin/gitops-checkout";
                await Git("fetch", true, ["fetch", "-q", "--no-tags", .. depth, .. filter, "origin", $"+{target.Reference}:{local}"]).ConfigureAwait(false);
                checkoutRef = local + "^{commit}";
                break;
        }

        // Without a checkout (objects only) the caller reads the commit's tree from the object database.
        if (checkout && strategy.Kind == CheckoutKind.Branch)
        {
            await Git("check out", true, "checkout", "-q", "-B", strategy.EffectiveBranch, checkoutRef).ConfigureAwait(false);
        }
        else if (checkout)
        {
            await Git("check out", true, "checkout", "-q", "--detach", checkoutRef).ConfigureAwait(false);
        }

        if (checkout && options.RecurseSubmodules)
        {
            await Git("update the submodules of", true, ["submodule", "update", "-q", "--init", "--recursive", .. depth]).ConfigureAwait(false);
        }

        var commit = await ReadHeadAsync(env, stage, redactor, cancellationToken, checkout ? "HEAD" : checkoutRef).ConfigureAwait(false);
        Log.Cloned(_logger, url.Redacted, "git", commit.Hash);
        return commit with { Reference = target.Reference, IsReferenceName = target.IsReferenceName };
    }

    /// <inheritdoc />
    public async Task SwitchBranchAsync(string directory, string branch, CancellationToken cancellationToken = default)
    {
        new PushOptions { Branch = branch }.Validate();
        using var env = GitEnvironment.CreateLocal(_options);
        var redactor = new SecretRedactor(GitUrl.Parse(Path.GetFullPath(directory)), null);
        var exists = await GitProcess.RunAsync(_options, env, directory, ["rev-parse", "--verify", "--quiet", "refs/heads/" + branch], redactor, cancellationToken).ConfigureAwait(false);
        string[] args = exists.ExitCode == 0 ? ["checkout", "-q", branch] : ["checkout", "-q", "-b", branch];
        var result = await GitProcess.RunAsync(_options, env, directory, args, redactor, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw GitErrorClassifier.Classify($"unable to switch to branch '{branch}'", result.Error);
        }
    }

    /// <inheritdoc />
    public async Task<GitCommit> CommitAsync(string directory, CommitOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var url = GitUrl.Parse(Path.GetFullPath(directory));
        using var env = GitEnvironment.Create(url, null, _options, privateFolder: options.Signing is not null);
        var redactor = new SecretRedactor(url, null);
        var when = (options.When ?? DateTimeOffset.Now).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        env.Variables["GIT_AUTHOR_NAME"] = env.Variables["GIT_COMMITTER_NAME"] = options.AuthorName;
        env.Variables["GIT_AUTHOR_EMAIL"] = env.Variables["GIT_COMMITTER_EMAIL"] = options.AuthorEmail;
        env.Variables["GIT_AUTHOR_DATE"] = env.Variables["GIT_COMMITTER_DATE"] = when;
        var add = await GitProcess.RunAsync(_options, env, directory, ["add", "-A"], redactor, cancellationToken).ConfigureAwait(false);
        var status = await GitProcess.RunAsync(_options, env, directory, ["status", "--porcelain"], redactor, cancellationToken).ConfigureAwait(false);
        if (add.ExitCode != 0 || status.ExitCode != 0)
        {
            throw GitErrorClassifier.Classify("unable to stage changes", add.Error + status.Error);
        }

        if (status.Output.Trim().Length == 0)
        {
            throw new GitNothingToCommitException("no staged files: nothing to commit");
        }

        List<string> args = ["-c", "commit.gpgSign=false"];
        if (options.Signing is { } signing)
        {
            if (signing.Format == SignatureFormat.Ssh)
            {
                args = ["-c", "gpg.format=ssh", "-c", "user.signingKey=" + env.WriteFile("signing-key", signing.Key)];
            }
            else
            {
                args = ["-c", "gpg.format=openpgp", "-c", "user.signingKey=" + signing.Key];
                if (signing.GnuPgHome is not null)
                {
                    env.Variables["GNUPGHOME"] = signing.GnuPgHome;
                }
            }

            args.Add("commit");
            args.Add("-S");
        }
        else
        {
            args.Add("commit");
        }

        args.AddRange(["-q", "--no-verify", "-m", options.Message]);
        var commit = await GitProcess.RunAsync(_options, env, directory, args, redactor, cancellationToken).ConfigureAwait(false);
        if (commit.ExitCode != 0)
        {
            throw GitErrorClassifier.Classify("unable to commit", commit.Error);
        }

        var head = await ReadHeadAsync(env, directory, redactor, cancellationToken).ConfigureAwait(false);
        var branch = await GitProcess.RunAsync(_options, env, directory, ["symbolic-ref", "-q", "HEAD"], redactor, cancellationToken).ConfigureAwait(false);
        return branch.ExitCode == 0 ? head with { Reference = branch.Output.Trim() } : head;
    }

    /// <inheritdoc />
    public async Task PushAsync(string directory, string url, PushOptions options, GitAuth? auth = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var gitUrl = GitUrl.Parse(url);
        using var env = GitEnvironment.Create(gitUrl, auth, _options);
        var redactor = new SecretRedactor(gitUrl, auth);
        var refspec = (options.Force ? "+" : string.Empty) + "HEAD:refs/heads/" + options.Branch;
        var result = await GitProcess.RunAsync(_options, env, directory, ["push", "--porcelain", "--", env.EffectiveUrl, refspec], redactor, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var rejected = result.Output.Split('\n').FirstOrDefault(l => l.StartsWith('!'));
            throw rejected is not null
                ? new GitException($"push to {gitUrl} refused: {rejected.Trim()}")
                : GitErrorClassifier.Classify($"unable to push to {gitUrl}", result.Error);
        }

        Log.Pushed(_logger, gitUrl.Redacted, options.Branch);
    }

    private async Task<GitCommit> ReadHeadAsync(GitEnvironment env, string directory, SecretRedactor redactor, CancellationToken cancellationToken, string revision = "HEAD")
    {
        var log = await GitProcess.RunAsync(_options, env, directory, ["log", "-1", "--format=%H%n%an%n%ae%n%aI%n%cn%n%ce%n%cI%n%B", revision, "--"], redactor, cancellationToken).ConfigureAwait(false);
        if (log.ExitCode != 0)
        {
            throw GitErrorClassifier.Classify("unable to read HEAD", log.Error);
        }

        var lines = log.Output.Split('\n', 8);
        return new GitCommit
        {
            Hash = lines[0],
            Author = new GitSignature(lines[1], lines[2], DateTimeOffset.Parse(lines[3], CultureInfo.InvariantCulture)),
            Committer = new GitSignature(lines[4], lines[5], DateTimeOffset.Parse(lines[6], CultureInfo.InvariantCulture)),
            Message = lines.Length > 7 ? lines[7].TrimEnd('\n') : string.Empty,
        };
    }
}
