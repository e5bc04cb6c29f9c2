using GitOps.Git.Auth;
using GitOps.Git.Internal;
using Microsoft.Extensions.Logging;

namespace GitOps.Git.Checkout.Internal;

/// <summary>
/// What every backend does before fetching, as Flux does: list the remote (unless a bare commit is asked for),
/// resolve the strategy, and skip the clone when the reference is still at the last observed revision.
/// </summary>
internal static class CloneFlow
{
    public static async Task<GitCommit> RunAsync(
        IGitReader lister,
        GitClientOptions clientOptions,
        GitUrl url,
        CloneOptions options,
        GitAuth? auth,
        Func<CheckoutTarget, Task<GitCommit>> fetch,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var strategy = options.Strategy;
        var references = strategy.Kind == CheckoutKind.Commit && strategy.Branch is null
            ? []
            : await lister.ListReferencesAsync(url.Original, auth, cancellationToken).ConfigureAwait(false);
        var target = CheckoutResolver.Resolve(strategy, references, url.Redacted);
        if (strategy.Kind == CheckoutKind.SemVer && CheckoutResolver.SemVerTies(strategy.SemVer!, references) is { Count: > 1 } tied)
        {
            var latest = await SemVerTieBreak.LatestAsync(clientOptions, url, auth, tied, cancellationToken).ConfigureAwait(false);
            target = new CheckoutTarget(latest.Name, latest.CommitId, false);
        }

        if (strategy.Kind is CheckoutKind.Branch or CheckoutKind.Tag or CheckoutKind.Name && target.Matches(options.LastObservedRevision))
        {
            Log.CloneSkipped(logger, url.Redacted, options.LastObservedRevision!);
            return target.ToObservedCommit();
        }

        return await fetch(target).ConfigureAwait(false);
    }
}
