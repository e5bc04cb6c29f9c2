using System.Text.RegularExpressions;
using GitOps.Versioning;
using Semver;

namespace GitOps.Oci.Registry;

/// <summary>
/// Picks a tag by version constraint. Constraints are Helm's (Masterminds v3, <see cref="VersionConstraint"/>);
/// which tags count as versions follows the caller: Flux's OCIRepository reads tags strictly
/// (<c>fluxcd/pkg version.ParseVersion</c>: MAJOR.MINOR.PATCH after one optional <c>v</c>), Helm loosely and
/// with <c>_</c> read as <c>+</c> (OCI tags cannot hold <c>+</c>).
/// </summary>
public static partial class OciTagVersions
{
    /// <summary>The highest tag satisfying <paramref name="constraint"/>, or null; the first of equal versions in listing order wins.</summary>
    /// <param name="tags">The repository's tags.</param>
    /// <param name="constraint">The version constraint.</param>
    /// <param name="helmTags">Read tags as Helm reads chart tags (loose, <c>_</c> as <c>+</c>) instead of as Flux does (strict).</param>
    public static string? SelectHighest(IEnumerable<string> tags, VersionConstraint constraint, bool helmTags = false)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(constraint);
        string? best = null;
        SemVersion? bestVersion = null;
        foreach (var tag in tags)
        {
            if (!TryRead(tag, helmTags, out var version) || !constraint.IsSatisfiedBy(version))
            {
                continue;
            }

            if (bestVersion is null || version.ComparePrecedenceTo(bestVersion) > 0)
            {
                best = tag;
                bestVersion = version;
            }
        }

        return best;
    }

    /// <summary>The tags satisfying <paramref name="constraint"/>, lowest version first (tags read as in <see cref="SelectHighest"/>).</summary>
    public static IReadOnlyList<string> Matching(IEnumerable<string> tags, VersionConstraint constraint, bool helmTags = false)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(constraint);
        var matching = new List<(string Tag, SemVersion Version)>();
        foreach (var tag in tags)
        {
            if (TryRead(tag, helmTags, out var version) && constraint.IsSatisfiedBy(version))
            {
                matching.Add((tag, version));
            }
        }

        matching.Sort(static (a, b) => a.Version.ComparePrecedenceTo(b.Version));
        return [.. matching.Select(static m => m.Tag)];
    }

    private static bool TryRead(string tag, bool helmTags, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SemVersion? version)
    {
        var text = helmTags ? tag.Replace('_', '+') : tag;
        version = null;
        return (helmTags || StrictForm().IsMatch(text)) && SemanticVersion.TryParse(text, out version);
    }

    [GeneratedRegex(@"^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:[-+].*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex StrictForm();
}
