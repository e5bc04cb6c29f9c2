using System.Diagnostics.CodeAnalysis;
using GitOps.Versioning.Internal;
using Semver;

namespace GitOps.Versioning;

/// <summary>
/// Reads version strings the way Masterminds/semver v3 <c>NewVersion</c> does (Helm chart versions, and Flux's
/// semver selection of Git tags, OCI tags and image tags): an optional leading <c>v</c>, one to three numeric
/// parts (so <c>1</c> and <c>1.2</c> are versions, and leading zeros are allowed), then an optional prerelease
/// (no leading zeros in numeric identifiers) and build metadata.
/// </summary>
public static class SemanticVersion
{
    /// <summary>Whether Helm accepts <paramref name="text"/> as a chart version.</summary>
    public static bool IsValid(string? text) => text is not null && LooseVersion.IsValid(text);

    /// <summary>Reads <paramref name="text"/> into a <see cref="SemVersion"/>; false when Helm would refuse it.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SemVersion? version)
    {
        if (LooseVersion.TryParse(text, out var parsed))
        {
            version = parsed.ToSemVersion();
            return true;
        }

        version = null;
        return false;
    }

    /// <summary>Reads <paramref name="text"/> into a <see cref="SemVersion"/>.</summary>
    /// <exception cref="FormatException">Helm would refuse the text as a version.</exception>
    public static SemVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var version) ? version : throw new FormatException($"invalid semantic version: {text}");
    }

    /// <summary>Helm's ordering of two version strings (precedence; build metadata ignored); both must be valid.</summary>
    /// <exception cref="FormatException">Either text is not a version.</exception>
    public static int Compare(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (!LooseVersion.TryParse(left, out var l))
        {
            throw new FormatException($"invalid semantic version: {left}");
        }

        if (!LooseVersion.TryParse(right, out var r))
        {
            throw new FormatException($"invalid semantic version: {right}");
        }

        return l.CompareTo(r);
    }
}
