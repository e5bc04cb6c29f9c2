using System.Globalization;
using GitOps.Git.Auth;
using GitOps.Git.Auth.Internal;
using GitOps.Git.Clients.Internal;
using GitOps.Git.Internal;

namespace GitOps.Git.Checkout.Internal;

/// <summary>
/// Flux's order among tags of equal version (build metadata is not part of a version's precedence): the tag whose
/// commit was committed last wins (source-controller sorts by version, then by the tagged commit's committer time).
/// ls-remote gives no times, so the tied tags' commits are fetched (depth 1, objects only) into a throw-away
/// repository and read there. Equal times, where Flux's order is that of a Go map (unspecified), keep the ordinally
/// greatest tag name.
/// </summary>
internal static class SemVerTieBreak
{
    public static async Task<GitRemoteReference> LatestAsync(GitClientOptions options, GitUrl url, GitAuth? auth, IReadOnlyList<GitRemoteReference> tied, CancellationToken cancellationToken)
    {
        var work = Path.Combine(options.TemporaryDirectory ?? Path.GetTempPath(), "gitops-semver-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            using var env = GitEnvironment.Create(url, auth, options);
            var redactor = new SecretRedactor(url, auth);
            async Task<string> Git(params string[] args)
            {
                var result = await GitProcess.RunAsync(options, env, work, args, redactor, cancellationToken).ConfigureAwait(false);
                return result.ExitCode == 0 ? result.Output : throw GitErrorClassifier.Classify($"unable to read the tagged commits of {url}", result.Error);
            }

            await Git("init", "-q", "--bare").ConfigureAwait(false);
            await Git(["fetch", "-q", "--no-tags", "--depth=1", "--", env.EffectiveUrl, .. tied.Select(t => $"+{t.Name}:{t.Name}")]).ConfigureAwait(false);
            var log = await Git(["log", "--no-walk=unsorted", "--format=%H %ct", .. tied.Select(t => t.CommitId).Distinct(StringComparer.Ordinal), "--"]).ConfigureAwait(false);
            var times = log.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' '))
                .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);

            // tied comes greatest name first; MaxBy keeps the first of equal times.
            return tied.MaxBy(t => times.GetValueOrDefault(t.CommitId, long.MinValue))!;
        }
        finally
        {
            StagedDirectory.DeleteTree(work);
        }
    }
}
