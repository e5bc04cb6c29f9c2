using System.Text.RegularExpressions;
using GitOps.Versioning;

namespace GitOps.Git.Checkout.Internal;

/// <summary>Resolves a <see cref="CheckoutStrategy"/> against the remote's references (ls-remote), as Flux does before cloning.</summary>
internal static partial class CheckoutResolver
{
    private const string Heads = "refs/heads/";
    private const string Tags = "refs/tags/";

    /// <exception cref="GitReferenceNotFoundException">The branch, tag, name or a matching semver tag is missing.</exception>
    public static CheckoutTarget Resolve(CheckoutStrategy strategy, IReadOnlyList<GitRemoteReference> references, string redactedUrl)
    {
        switch (strategy.Kind)
        {
            case CheckoutKind.Commit:
                if (strategy.Branch is not null)
                {
                    _ = Find(references, Heads + strategy.Branch) ?? throw Missing($"branch '{strategy.Branch}'", redactedUrl);
                    return new CheckoutTarget(Heads + strategy.Branch, strategy.Commit, false);
                }

                return new CheckoutTarget(null, strategy.Commit, false);
            case CheckoutKind.Name:
                var named = Find(references, strategy.Name!) ?? throw Missing($"reference '{strategy.Name}'", redactedUrl);
                return new CheckoutTarget(strategy.Name, named.CommitId, true);
            case CheckoutKind.SemVer:
                var tag = PickSemVer(strategy.SemVer!, references) ?? throw new GitReferenceNotFoundException($"no match found for semver: {strategy.SemVer} in {redactedUrl}");
                return new CheckoutTarget(tag.Name, tag.CommitId, false);
            case CheckoutKind.Tag:
                var tagged = Find(references, Tags + strategy.Tag) ?? throw Missing($"tag '{strategy.Tag}'", redactedUrl);
                return new CheckoutTarget(tagged.Name, tagged.CommitId, false);
            default:
                var branch = Find(references, Heads + strategy.EffectiveBranch) ?? throw Missing($"branch '{strategy.EffectiveBranch}'", redactedUrl);
                return new CheckoutTarget(branch.Name, branch.CommitId, false);
        }
    }

    /// <summary>
    /// The highest tag matching <paramref name="range"/> by Masterminds/semver rules (Helm's constraint engine);
    /// tags are read as Flux's <c>version.ParseVersion</c> does: strict <c>X.Y.Z[-pre][+build]</c> after one
    /// optional leading <c>v</c>; others are skipped. Of equal versions (differing in build metadata or the
    /// <c>v</c>), the ordinally greatest tag name; <see cref="SemVerTies"/> gives them all for Flux's tie-break by
    /// commit time.
    /// </summary>
    /// <exception cref="GitReferenceNotFoundException">The range is not valid.</exception>
    public static GitRemoteReference? PickSemVer(string range, IReadOnlyList<GitRemoteReference> references) =>
        SemVerTies(range, references) is { Count: > 0 } ties ? ties[0] : null;

    /// <summary>
    /// Every tag with the highest version matching <paramref name="range"/>, the ordinally greatest name first
    /// (more than one only when versions differ in build metadata or the <c>v</c> alone).
    /// </summary>
    /// <exception cref="GitReferenceNotFoundException">The range is not valid.</exception>
    public static IReadOnlyList<GitRemoteReference> SemVerTies(string range, IReadOnlyList<GitRemoteReference> references)
    {
        if (!VersionConstraint.TryParse(range, includePrerelease: false, out var constraint, out var error))
        {
            throw new GitReferenceNotFoundException($"semver parse error: {error}");
        }

        var best = new List<GitRemoteReference>();
        string? bestVersion = null;
        foreach (var reference in references)
        {
            if (!reference.Name.StartsWith(Tags, StringComparison.Ordinal))
            {
                continue;
            }

            var name = reference.Name[Tags.Length..];
            var version = name.StartsWith('v') ? name[1..] : name;
            if (!StrictVersion().IsMatch(version) || !constraint.IsSatisfiedBy(version))
            {
                continue;
            }

            var order = bestVersion is null ? 1 : SemanticVersion.Compare(version, bestVersion);
            if (order > 0)
            {
                best.Clear();
                bestVersion = version;
            }

            if (order >= 0)
            {
                best.Add(reference);
            }
        }

        best.Sort((a, b) => string.CompareOrdinal(b.Name, a.Name));
        return best;
    }

    /// <summary>The reference with this exact name; annotated tags come with the commit they point to.</summary>
    private static GitRemoteReference? Find(IReadOnlyList<GitRemoteReference> references, string name) =>
        references.FirstOrDefault(r => r.Name == name);

    private static GitReferenceNotFoundException Missing(string what, string url) =>
        new($"unable to clone: {what} not found in {url}");

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")]
    private static partial Regex StrictVersion();
}
