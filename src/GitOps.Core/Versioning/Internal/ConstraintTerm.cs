namespace GitOps.Versioning.Internal;

/// <summary>The comparison a term makes.</summary>
internal enum ConstraintOperator
{
    TildeOrEqual,
    NotEqual,
    GreaterThan,
    LessThan,
    GreaterThanOrEqual,
    LessThanOrEqual,
    Tilde,
    Caret,
}

/// <summary>
/// One term of a constraint (<c>&gt;=1.2</c>, <c>~1.x</c>, <c>^0.1.0-0</c>) with Masterminds/semver's
/// meaning: a wildcard or missing part makes the term "dirty", which widens the comparison to the parts
/// that were given.
/// </summary>
internal sealed class ConstraintTerm(ConstraintOperator op, LooseVersion version, bool dirty, bool minorDirty, bool patchDirty)
{
    public ConstraintOperator Operator { get; } = op;

    public LooseVersion Version { get; } = version;

    public bool HasPrerelease => Version.IsPrerelease;

    public static ConstraintOperator ParseOperator(string text) => text switch
    {
        "" or "=" => ConstraintOperator.TildeOrEqual,
        "!=" => ConstraintOperator.NotEqual,
        ">" => ConstraintOperator.GreaterThan,
        "<" => ConstraintOperator.LessThan,
        ">=" or "=>" => ConstraintOperator.GreaterThanOrEqual,
        "<=" or "=<" => ConstraintOperator.LessThanOrEqual,
        "~" or "~>" => ConstraintOperator.Tilde,
        "^" => ConstraintOperator.Caret,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "unknown constraint operator"),
    };

    public bool Check(in LooseVersion v, bool includePrerelease)
    {
        // Every operator first refuses prereleases unless the group asked for them.
        if (v.IsPrerelease && !includePrerelease)
        {
            return false;
        }

        return Operator switch
        {
            ConstraintOperator.TildeOrEqual => dirty ? Tilde(v) : v.CompareTo(Version) == 0,
            ConstraintOperator.NotEqual => NotEqual(v),
            ConstraintOperator.GreaterThan => GreaterThan(v),
            ConstraintOperator.LessThan => v.CompareTo(Version) < 0,
            ConstraintOperator.GreaterThanOrEqual => v.CompareTo(Version) >= 0,
            ConstraintOperator.LessThanOrEqual => LessThanOrEqual(v),
            ConstraintOperator.Tilde => Tilde(v),
            ConstraintOperator.Caret => Caret(v),
            _ => false,
        };
    }

    private bool NotEqual(in LooseVersion v)
    {
        if (dirty)
        {
            if (Version.Major != v.Major)
            {
                return true;
            }

            if (Version.Minor != v.Minor && !minorDirty)
            {
                return true;
            }

            if (minorDirty)
            {
                return false;
            }

            if (Version.Patch != v.Patch && !patchDirty)
            {
                return true;
            }

            if (patchDirty)
            {
                return (v.IsPrerelease || Version.IsPrerelease)
                    && LooseVersion.ComparePrerelease(v.Prerelease, Version.Prerelease, releaseIsGreater: false) != 0;
            }
        }

        return v.CompareTo(Version) != 0;
    }

    private bool GreaterThan(in LooseVersion v)
    {
        if (!dirty)
        {
            return v.CompareTo(Version) > 0;
        }

        if (v.Major != Version.Major)
        {
            return v.Major > Version.Major;
        }

        if (minorDirty)
        {
            return false;
        }

        if (patchDirty)
        {
            return v.Minor > Version.Minor;
        }

        return v.CompareTo(Version) > 0;
    }

    private bool LessThanOrEqual(in LooseVersion v)
    {
        if (!dirty)
        {
            return v.CompareTo(Version) <= 0;
        }

        if (v.Major > Version.Major)
        {
            return false;
        }

        return !(v.Major == Version.Major && v.Minor > Version.Minor && !minorDirty);
    }

    private bool Tilde(in LooseVersion v)
    {
        if (v.CompareTo(Version) < 0)
        {
            return false;
        }

        // ~0, ~0.0.0 and * accept everything at or above the floor.
        if (Version.Major == 0 && Version.Minor == 0 && Version.Patch == 0 && !minorDirty && !patchDirty)
        {
            return true;
        }

        if (v.Major != Version.Major)
        {
            return false;
        }

        return v.Minor == Version.Minor || minorDirty;
    }

    private bool Caret(in LooseVersion v)
    {
        if (v.CompareTo(Version) < 0)
        {
            return false;
        }

        if (Version.Major > 0 || minorDirty)
        {
            return v.Major == Version.Major;
        }

        if (v.Major > 0)
        {
            return false;
        }

        if (Version.Minor > 0 || patchDirty)
        {
            return v.Minor == Version.Minor;
        }

        if (v.Minor > 0)
        {
            return false;
        }

        return v.Patch == Version.Patch;
    }
}
