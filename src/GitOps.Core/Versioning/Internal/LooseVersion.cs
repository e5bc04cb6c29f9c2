using System.Globalization;
using Semver;

namespace GitOps.Versioning.Internal;

/// <summary>
/// A version as Masterminds/semver v3 reads it in its default (coercing) mode, which is what Helm uses
/// for chart versions: an optional <c>v</c>, one to three numeric parts (leading zeros allowed, each
/// within 64 bits), then an optional prerelease and build metadata. Comparison follows that library too.
/// </summary>
internal readonly record struct LooseVersion(ulong Major, ulong Minor, ulong Patch, string Prerelease, string Metadata)
{
    public bool IsPrerelease => Prerelease.Length != 0;

    /// <summary>Checks <paramref name="text"/> without allocating.</summary>
    public static bool IsValid(ReadOnlySpan<char> text) => TryScan(text, out _, out _, out _, out _, out _);

    public static bool TryParse(string? text, out LooseVersion version)
    {
        version = default;
        if (text is null || !TryScan(text, out var major, out var minor, out var patch, out var pre, out var meta))
        {
            return false;
        }

        version = new LooseVersion(
            major,
            minor,
            patch,
            pre.Length == 0 ? string.Empty : text.Substring(pre.Start, pre.Length),
            meta.Length == 0 ? string.Empty : text.Substring(meta.Start, meta.Length));
        return true;
    }

    public SemVersion ToSemVersion() => new(
        Major,
        Minor,
        Patch,
        Prerelease.Length == 0 ? [] : Prerelease.Split('.'),
        Metadata.Length == 0 ? [] : Metadata.Split('.'));

    public static LooseVersion FromSemVersion(SemVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new LooseVersion(ToUInt64(version.Major), ToUInt64(version.Minor), ToUInt64(version.Patch), version.Prerelease, version.Metadata);

        static ulong ToUInt64(System.Numerics.BigInteger value) =>
            value > ulong.MaxValue ? ulong.MaxValue : (ulong)value;
    }

    /// <summary>Orders by major, minor, patch, then prerelease (a release sorts above its prereleases); metadata is ignored.</summary>
    public int CompareTo(in LooseVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c != 0)
        {
            return c;
        }

        c = Minor.CompareTo(other.Minor);
        if (c != 0)
        {
            return c;
        }

        c = Patch.CompareTo(other.Patch);
        if (c != 0)
        {
            return c;
        }

        return ComparePrerelease(Prerelease, other.Prerelease, releaseIsGreater: true);
    }

    /// <summary>
    /// Compares dot-separated prerelease strings part by part. Numeric parts compare as numbers and sort
    /// below alphanumeric ones; a missing part sorts below any present one. Parts too large for 64 bits count
    /// as alphanumeric, as they do in Masterminds/semver.
    /// </summary>
    public static int ComparePrerelease(string left, string right, bool releaseIsGreater)
    {
        if (releaseIsGreater)
        {
            if (left.Length == 0 && right.Length == 0)
            {
                return 0;
            }

            if (left.Length == 0)
            {
                return 1;
            }

            if (right.Length == 0)
            {
                return -1;
            }
        }

        var l = left.AsSpan();
        var r = right.AsSpan();
        while (true)
        {
            if (l.IsEmpty && r.IsEmpty)
            {
                return 0;
            }

            var lPart = NextPart(ref l, out var lEnded);
            var rPart = NextPart(ref r, out var rEnded);
            var d = ComparePart(lPart, lEnded, rPart, rEnded);
            if (d != 0)
            {
                return d;
            }

            if (lEnded && rEnded)
            {
                return 0;
            }
        }
    }

    private static ReadOnlySpan<char> NextPart(ref ReadOnlySpan<char> rest, out bool ended)
    {
        if (rest.IsEmpty)
        {
            ended = true;
            return [];
        }

        ended = false;
        var dot = rest.IndexOf('.');
        ReadOnlySpan<char> part;
        if (dot < 0)
        {
            part = rest;
            rest = [];
        }
        else
        {
            part = rest[..dot];
            rest = rest[(dot + 1)..];
        }

        return part;
    }

    private static int ComparePart(ReadOnlySpan<char> s, bool sMissing, ReadOnlySpan<char> o, bool oMissing)
    {
        if (sMissing && oMissing)
        {
            return 0;
        }

        if (sMissing)
        {
            return -1;
        }

        if (oMissing)
        {
            return 1;
        }

        if (s.SequenceEqual(o))
        {
            return 0;
        }

        var sNumeric = ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var si);
        var oNumeric = ulong.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out var oi);
        if (!sNumeric && !oNumeric)
        {
            return s.SequenceCompareTo(o) > 0 ? 1 : -1;
        }

        if (!oNumeric)
        {
            return -1;
        }

        if (!sNumeric)
        {
            return 1;
        }

        return si > oi ? 1 : -1;
    }

    /// <summary>The coercing grammar: <c>v? N (.N)? (.N)? (-ids)? (+ids)?</c>, ids being dot-separated <c>[0-9A-Za-z-]+</c>.</summary>
    private static bool TryScan(ReadOnlySpan<char> text, out ulong major, out ulong minor, out ulong patch, out (int Start, int Length) pre, out (int Start, int Length) meta)
    {
        major = minor = patch = 0;
        pre = meta = default;
        var i = 0;
        if (i < text.Length && text[i] == 'v')
        {
            i++;
        }

        if (!ScanNumber(text, ref i, out major))
        {
            return false;
        }

        if (i < text.Length && text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
        {
            i++;
            if (!ScanNumber(text, ref i, out minor))
            {
                return false;
            }

            if (i < text.Length && text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                i++;
                if (!ScanNumber(text, ref i, out patch))
                {
                    return false;
                }
            }
        }

        if (i < text.Length && text[i] == '-')
        {
            i++;
            var start = i;
            if (!ScanIdentifiers(text, ref i, prerelease: true))
            {
                return false;
            }

            pre = (start, i - start);
        }

        if (i < text.Length && text[i] == '+')
        {
            i++;
            var start = i;
            if (!ScanIdentifiers(text, ref i, prerelease: false))
            {
                return false;
            }

            meta = (start, i - start);
        }

        return i == text.Length;
    }

    private static bool ScanNumber(ReadOnlySpan<char> text, ref int i, out ulong value)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        value = 0;
        return i > start && ulong.TryParse(text[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool ScanIdentifiers(ReadOnlySpan<char> text, ref int i, bool prerelease)
    {
        while (true)
        {
            var start = i;
            var numeric = true;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '-'))
            {
                numeric &= char.IsAsciiDigit(text[i]);
                i++;
            }

            if (i == start)
            {
                return false;
            }

            // A numeric prerelease identifier may not have leading zeros.
            if (prerelease && numeric && i - start > 1 && text[start] == '0')
            {
                return false;
            }

            if (i < text.Length && text[i] == '.')
            {
                i++;
                continue;
            }

            return true;
        }
    }

    public override string ToString()
    {
        var core = string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
        if (Prerelease.Length != 0)
        {
            core += "-" + Prerelease;
        }

        if (Metadata.Length != 0)
        {
            core += "+" + Metadata;
        }

        return core;
    }
}
