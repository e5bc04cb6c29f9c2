using System.Diagnostics.CodeAnalysis;
using GitOps.Versioning;
using Semver;

namespace GitOps.Helm.Versioning;

/// <summary>
/// Chart version strings as Helm reads them: Core's Masterminds/semver rules (<see cref="SemanticVersion"/>),
/// under the Helm package's own name.
/// </summary>
public static class HelmVersion
{
    /// <summary>Whether Helm accepts <paramref name="text"/> as a chart version.</summary>
    public static bool IsValid(string? text) => SemanticVersion.IsValid(text);

    /// <summary>Reads <paramref name="text"/> into a <see cref="SemVersion"/>; false when Helm would refuse it.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SemVersion? version) => SemanticVersion.TryParse(text, out version);

    /// <summary>Reads <paramref name="text"/> into a <see cref="SemVersion"/>.</summary>
    /// <exception cref="FormatException">Helm would refuse the text as a version.</exception>
    public static SemVersion Parse(string text) => SemanticVersion.Parse(text);

    /// <summary>Helm's ordering of two version strings (precedence; build metadata ignored); both must be valid.</summary>
    /// <exception cref="FormatException">Either text is not a version.</exception>
    public static int Compare(string left, string right) => SemanticVersion.Compare(left, right);
}
