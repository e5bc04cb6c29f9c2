using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using GitOps.Versioning.Internal;
using Semver;

namespace GitOps.Versioning;

/// <summary>
/// A version constraint exactly as Helm reads it (Masterminds/semver v3.4): <c>^ ~ ~&gt;</c>, x-ranges
/// (<c>1.x</c>, <c>1.2.*</c>), hyphen ranges (<c>1.2 - 2</c>), comparison operators, comma or space for AND,
/// <c>||</c> for OR, a leading <c>v</c>, and build metadata that never affects matching. A prerelease
/// version only matches in an OR group where some term names a prerelease (or when
/// <see cref="IncludePrerelease"/> is set).
/// </summary>
public sealed class VersionConstraint
{
    /// <summary>The longest constraint text accepted, to keep parsing bounded.</summary>
    public const int MaxLength = 1024;

    private readonly ConstraintTerm[][] _groups;
    private readonly bool[] _groupHasPrerelease;

    private VersionConstraint(string text, ConstraintTerm[][] groups, bool[] groupHasPrerelease, bool includePrerelease)
    {
        Text = text;
        _groups = groups;
        _groupHasPrerelease = groupHasPrerelease;
        IncludePrerelease = includePrerelease;
    }

    /// <summary>The constraint as written.</summary>
    public string Text { get; }

    /// <summary>Whether prereleases match in every group (Masterminds' <c>IncludePrerelease</c>). Default false.</summary>
    public bool IncludePrerelease { get; }

    /// <summary>The constraint that matches every stable version (<c>*</c>), which Helm uses when no version is given.</summary>
    public static VersionConstraint AnyStable { get; } = Parse("*");

    /// <summary>The constraint Helm's <c>--devel</c> flag stands for: <c>&gt;0.0.0-0</c>, any version including prereleases.</summary>
    public static VersionConstraint AnyIncludingPrerelease { get; } = Parse(">0.0.0-0");

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="VersionConstraintException">The text is not a constraint Helm accepts.</exception>
    public static VersionConstraint Parse(string text, bool includePrerelease = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, includePrerelease, out var constraint, out var error)
            ? constraint
            : throw new VersionConstraintException(text, error);
    }

    /// <summary>Parses <paramref name="text"/>; on failure returns false and Helm's reason in <paramref name="error"/>.</summary>
    public static bool TryParse(string text, bool includePrerelease, [NotNullWhen(true)] out VersionConstraint? constraint, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        constraint = null;
        if (text.Length > MaxLength)
        {
            error = $"constraint longer than {MaxLength} characters";
            return false;
        }

        var rewritten = RewriteHyphenRanges(text);
        var ors = rewritten.Split("||");
        var groups = new ConstraintTerm[ors.Length][];
        var hasPre = new bool[ors.Length];
        for (var k = 0; k < ors.Length; k++)
        {
            var group = ors[k];
            if (!ConstraintGrammar.ValidGroup().IsMatch(group))
            {
                error = "improper constraint: " + group;
                return false;
            }

            var matches = ConstraintGrammar.FindTerm().Matches(group);
            var terms = new ConstraintTerm[matches.Count];
            for (var i = 0; i < matches.Count; i++)
            {
                if (!TryParseTerm(matches[i].Value, out var term, out error))
                {
                    return false;
                }

                hasPre[k] |= term.HasPrerelease;
                terms[i] = term;
            }

            groups[k] = terms;
        }

        constraint = new VersionConstraint(text, groups, hasPre, includePrerelease);
        error = null;
        return true;
    }

    /// <summary>Whether <paramref name="version"/> satisfies this constraint.</summary>
    public bool IsSatisfiedBy(SemVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Check(LooseVersion.FromSemVersion(version));
    }

    /// <summary>
    /// Whether the version string <paramref name="version"/> (read as Helm reads chart versions) satisfies
    /// this constraint; false when it is not a version at all.
    /// </summary>
    public bool IsSatisfiedBy(string version) =>
        LooseVersion.TryParse(version, out var parsed) && Check(parsed);

    internal bool Check(in LooseVersion version)
    {
        for (var i = 0; i < _groups.Length; i++)
        {
            var includePre = IncludePrerelease || _groupHasPrerelease[i];
            var all = true;
            foreach (var term in _groups[i])
            {
                if (!term.Check(version, includePre))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool TryParseTerm(string text, [NotNullWhen(true)] out ConstraintTerm? term, [NotNullWhen(false)] out string? error)
    {
        term = null;
        var m = ConstraintGrammar.Term().Match(text);
        if (!m.Success)
        {
            error = "improper constraint: " + text;
            return false;
        }

        var major = m.Groups[3].Value;
        var minor = m.Groups[4].Value;
        var patch = m.Groups[5].Value;
        var prerelease = m.Groups[6].Value;
        bool dirty = false, minorDirty = false, patchDirty = false;
        string floor;
        if (IsWildcard(major))
        {
            floor = "0.0.0" + prerelease;
            dirty = true;
        }
        else if (minor.Length == 0 || IsWildcard(minor[1..]))
        {
            floor = major + ".0.0" + prerelease;
            dirty = minorDirty = true;
        }
        else if (patch.Length == 0 || IsWildcard(patch[1..]))
        {
            floor = major + minor + ".0" + prerelease;
            dirty = patchDirty = true;
        }
        else
        {
            floor = m.Groups[2].Value;
        }

        if (!LooseVersion.TryParse(floor, out var version))
        {
            error = "constraint parser error";
            return false;
        }

        term = new ConstraintTerm(ConstraintTerm.ParseOperator(m.Groups[1].Value), version, dirty, minorDirty, patchDirty);
        error = null;
        return true;
    }

    private static bool IsWildcard(string part) => part is "x" or "X" or "*";

    /// <summary>Rewrites each <c>A - B</c> into <c>&gt;= A, &lt;= B</c>, replacing the first occurrence of the matched text as the library does.</summary>
    private static string RewriteHyphenRanges(string text)
    {
        var matches = ConstraintGrammar.HyphenRange().Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var result = text;
        foreach (Match m in matches)
        {
            var replacement = ">= " + m.Groups[1].Value + ", <= " + m.Groups[11].Value + " ";
            var at = result.IndexOf(m.Value, StringComparison.Ordinal);
            if (at >= 0)
            {
                result = string.Concat(result.AsSpan(0, at), replacement, result.AsSpan(at + m.Value.Length));
            }
        }

        return result;
    }
}
