using System.Text.RegularExpressions;
using GitOps.Helm.Versioning;
using Semver;

namespace GitOps.Oci.Registry.Internal;

/// <summary>
/// Picks a tag by version constraint. Constraints are Helm's (Masterminds v3, <see cref="HelmVersionConstraint"/>);
/// which tags count as versions follows the caller: Flux's OCIRepository reads tags strictly
/// (<c>fluxcd/pkg version.ParseVersion</c>: MAJOR.MINOR.PATCH after one optional <c>v</c>), Helm loosely and
/// with <c>_</c> read as <c>+</c> (OCI tags cannot hold <c>+</c>).
/// </summary>
internal static partial class TagVersions
{
    /// <summary>The highest tag satisfying <paramref name="constraint"/>, or null; the first of equal versions in listing order wins.</summary>
    public static string? SelectHighest(IEnumerable<string> tags, HelmVersionConstraint constraint, bool helmTags)
    {
        string? best = null;
        SemVersion? bestVersion = null;
        foreach (var tag in tags)
        {
            var text = helmTags ? tag.Replace('_', '+') : tag;
            if ((!helmTags && !StrictForm().IsMatch(text)) || !HelmVersion.TryParse(text, out var version) || !constraint.IsSatisfiedBy(version))
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

    [GeneratedRegex(@"^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:[-+].*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex StrictForm();
}
