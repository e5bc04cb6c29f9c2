using System.Diagnostics.CodeAnalysis;
using GitOps.Versioning;
using GitOps.Versioning.Internal;
using Semver;

namespace GitOps.Helm.Versioning;

/// <summary>
/// A version constraint exactly as Helm reads it: Core's Masterminds/semver rules (<see cref="VersionConstraint"/>),
/// under the Helm package's own name; a refused constraint is a <see cref="HelmVersionConstraintException"/>.
/// </summary>
public sealed class HelmVersionConstraint
{
    /// <summary>The longest constraint text accepted, to keep parsing bounded.</summary>
    public const int MaxLength = VersionConstraint.MaxLength;

    private HelmVersionConstraint(VersionConstraint constraint) => Constraint = constraint;

    /// <summary>The constraint as written.</summary>
    public string Text => Constraint.Text;

    /// <summary>Whether prereleases match in every group (Masterminds' <c>IncludePrerelease</c>). Default false.</summary>
    public bool IncludePrerelease => Constraint.IncludePrerelease;

    /// <summary>The constraint that matches every stable version (<c>*</c>), which Helm uses when no version is given.</summary>
    public static HelmVersionConstraint AnyStable { get; } = new(VersionConstraint.AnyStable);

    /// <summary>The constraint Helm's <c>--devel</c> flag stands for: <c>&gt;0.0.0-0</c>, any version including prereleases.</summary>
    public static HelmVersionConstraint AnyIncludingPrerelease { get; } = new(VersionConstraint.AnyIncludingPrerelease);

    /// <summary>The same constraint as Core's type, for APIs that take it (Git, OCI, image policies).</summary>
    internal VersionConstraint Constraint { get; }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="HelmVersionConstraintException">The text is not a constraint Helm accepts.</exception>
    public static HelmVersionConstraint Parse(string text, bool includePrerelease = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, includePrerelease, out var constraint, out var error)
            ? constraint
            : throw new HelmVersionConstraintException(text, error);
    }

    /// <summary>Parses <paramref name="text"/>; on failure returns false and Helm's reason in <paramref name="error"/>.</summary>
    public static bool TryParse(string text, bool includePrerelease, [NotNullWhen(true)] out HelmVersionConstraint? constraint, [NotNullWhen(false)] out string? error)
    {
        if (VersionConstraint.TryParse(text, includePrerelease, out var parsed, out error))
        {
            constraint = new(parsed);
            return true;
        }

        constraint = null;
        return false;
    }

    /// <summary>Whether <paramref name="version"/> satisfies this constraint.</summary>
    public bool IsSatisfiedBy(SemVersion version) => Constraint.IsSatisfiedBy(version);

    /// <summary>
    /// Whether the version string <paramref name="version"/> (read as Helm reads chart versions) satisfies
    /// this constraint; false when it is not a version at all.
    /// </summary>
    public bool IsSatisfiedBy(string version) => Constraint.IsSatisfiedBy(version);

    internal bool Check(in LooseVersion version) => Constraint.Check(version);

    /// <inheritdoc />
    public override string ToString() => Text;
}
