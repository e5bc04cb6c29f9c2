using System.Globalization;
using System.Numerics;

namespace GitOps.Ssa.ApiServer.Internal;

/// <summary>
/// Kubernetes <c>resource.Quantity</c> as the API server decodes and re-encodes it: the accepted
/// grammar (<c>^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$</c>), values rounded up to nano units,
/// binary values capped at 2^63-1, and the string that is stored: the text as written when the parser
/// deems it canonical (so <c>+1</c>, <c>1e3</c>, <c>100m</c>, <c>2Mi</c> stay), otherwise the canonical
/// form (<c>0.5</c> is <c>500m</c>, <c>1.5Gi</c> is <c>1536Mi</c>, <c>1000</c> is <c>1k</c>).
/// </summary>
internal static class Quantity
{
    public const string FormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    public const string NumericError = "unable to parse numeric part of quantity";
    public const string SuffixError = "unable to parse quantity's suffix";

    private enum Format
    {
        DecimalSI,
        BinarySI,
        DecimalExponent,
    }

    private static readonly BigInteger MaxAllowed = new(long.MaxValue);
    private static readonly BigInteger Ten = new(10);
    private static readonly BigInteger Base1024 = new(1024);
    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    /// <summary>The string kube-apiserver stores for <paramref name="text"/>, or null with the parse error.</summary>
    public static string? Canonicalize(string text, out string? error)
    {
        error = null;
        var str = text.Trim();
        if (str.Length == 0)
        {
            error = FormatError;
            return null;
        }

        if (str == "0")
        {
            return str;
        }

        if (!Scan(str, out var value, out var num, out var denom, out var suffix))
        {
            error = FormatError;
            return null;
        }

        if (!Interpret(suffix, out var base10, out var exponent, out var format))
        {
            error = SuffixError;
            return null;
        }

        if (KeepsText(num, denom, exponent, format, out var numericError))
        {
            return str;
        }

        if (numericError)
        {
            error = NumericError;
            return null;
        }

        if (!TryParseDecimal(value, out var unscaled, out var scale))
        {
            error = NumericError;
            return null;
        }

        var sign = ApplySuffix(ref unscaled, ref scale, base10, exponent, format);
        if (format == Format.BinarySI && !unscaled.IsZero && Compare(unscaled, scale, BigInteger.One) < 0)
        {
            format = Format.DecimalSI;
        }

        return Canonical(sign < 0 ? -unscaled : unscaled, -scale, format);
    }

    /// <summary>
    /// The string stored for a value of a core <c>ResourceList</c> (container resources, quota, limit ranges, claims):
    /// SetDefaults_ResourceList rounds each value up to milli units (<c>RoundUp(-3)</c>), so <c>100u</c> and
    /// <c>1n</c> are stored as <c>1m</c> and <c>1.1m</c> as <c>2m</c>; a value already exact in milli units
    /// keeps the string <see cref="Canonicalize"/> gives.
    /// </summary>
    public static string? CanonicalizeRoundedToMilli(string text, out string? error)
    {
        var canonical = Canonicalize(text, out error);
        if (canonical is null || !TryDecode(text, out var unscaled, out var scale) || scale <= 3)
        {
            return canonical;
        }

        var divisor = BigInteger.Pow(Ten, scale - 3);
        var magnitude = BigInteger.DivRem(BigInteger.Abs(unscaled), divisor, out var remainder);
        if (!remainder.IsZero)
        {
            magnitude++;
        }

        var str = text.Trim();
        var format = Scan(str, out _, out _, out _, out var suffix) && Interpret(suffix, out _, out _, out var parsed) ? parsed : Format.DecimalSI;
        if (format == Format.BinarySI)
        {
            // Below one unit a binary quantity is written in decimal SI (ParseQuantity switches the format).
            format = Format.DecimalSI;
        }

        return Canonical(unscaled.Sign < 0 ? -magnitude : magnitude, -3, format);
    }

    /// <summary>Whether a quantity is a whole number (<c>MilliValue() % 1000 == 0</c>).</summary>
    public static bool IsWhole(string text) => TryDecode(text, out var unscaled, out var scale) && (scale == 0 || (unscaled % BigInteger.Pow(Ten, scale)).IsZero);

    /// <summary>Compares two quantities by value (<c>Quantity.Cmp</c>); null when either does not parse.</summary>
    public static int? Compare(string a, string b)
    {
        if (!TryDecode(a, out var x, out var xs) || !TryDecode(b, out var y, out var ys))
        {
            return null;
        }

        var scale = Math.Max(xs, ys);
        return (x * BigInteger.Pow(Ten, scale - xs)).CompareTo(y * BigInteger.Pow(Ten, scale - ys));
    }

    /// <summary>
    /// Whether two texts decode to the same quantity (<c>1e3</c>, <c>1000</c> and <c>1k</c> do), as the API
    /// server's semantic equality compares quantities by value; false when either does not parse.
    /// </summary>
    public static bool SameValue(string a, string b) =>
        TryDecode(a, out var x, out var xs) && TryDecode(b, out var y, out var ys) && x == y && xs == ys;

    // The decoded value unscaled * 10^-scale, rounded up to nano units and in its shortest form.
    private static bool TryDecode(string text, out BigInteger unscaled, out int scale)
    {
        unscaled = BigInteger.Zero;
        scale = 0;
        var str = text.Trim();
        if (str.Length == 0 || !Scan(str, out var value, out _, out _, out var suffix)
            || !Interpret(suffix, out var base10, out var exponent, out var format) || !TryParseDecimal(value, out unscaled, out scale))
        {
            return false;
        }

        var sign = ApplySuffix(ref unscaled, ref scale, base10, exponent, format);
        for (; scale < 0; scale++)
        {
            unscaled *= Ten;
        }

        while (scale > 0 && (unscaled % Ten).IsZero)
        {
            unscaled /= Ten;
            scale--;
        }

        if (unscaled.IsZero)
        {
            scale = 0;
        }

        unscaled *= sign < 0 ? -1 : 1;
        return true;
    }

    // unscaled * 10^-scale with the suffix applied, as a magnitude rounded up (away from zero) to nano units, so
    // asking for a little gives a little, and capped for binary SI; returns the sign it had.
    private static int ApplySuffix(ref BigInteger unscaled, ref int scale, bool base10, int exponent, Format format)
    {
        if (base10)
        {
            scale -= exponent;
        }
        else
        {
            unscaled *= BigInteger.One << exponent;
        }

        var sign = unscaled.Sign;
        unscaled = BigInteger.Abs(unscaled);
        if (!unscaled.IsZero && scale > 9)
        {
            var quotient = BigInteger.DivRem(unscaled, BigInteger.Pow(Ten, scale - 9), out var remainder);
            unscaled = remainder.IsZero ? quotient : quotient + 1;
            scale = 9;
        }

        if (format == Format.BinarySI && Compare(unscaled, scale, MaxAllowed) > 0)
        {
            unscaled = MaxAllowed;
            scale = 0;
        }

        return sign;
    }

    // Whether ParseQuantity's fast path keeps the caller's string (it is already canonical).
    private static bool KeepsText(string num, string denom, int exponent, Format format, out bool numericError)
    {
        numericError = false;
        int precision;
        var scale = 0;
        long mantissa = 1;
        if (format != Format.BinarySI)
        {
            scale = exponent;
            precision = 18 - (num.Length + denom.Length);
        }
        else if (exponent >= 0 && denom.Length == 0)
        {
            mantissa <<= exponent;
            precision = 15 - num.Length - (int)(exponent * 3f / 10) - 1;
        }
        else
        {
            precision = -1;
        }

        if (precision < 0)
        {
            return false;
        }

        scale -= denom.Length;
        if (scale < -9)
        {
            return false;
        }

        var shifted = num + denom;
        if (!long.TryParse(shifted, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            numericError = true;
            return false;
        }

        if (value != 0 && mantissa > long.MaxValue / value)
        {
            return false;
        }

        return format == Format.BinarySI
            ? exponent % 10 == 0 && (value & 0x07) != 0
            : scale % 3 == 0 && !shifted.EndsWith("000", StringComparison.Ordinal) && shifted[0] != '0';
    }

    // value = unscaled * 10^exponent, in the quantity's format.
    private static string Canonical(BigInteger unscaled, int exponent, Format format)
    {
        if (unscaled.IsZero)
        {
            return "0";
        }

        if (format == Format.BinarySI)
        {
            if (Compare(BigInteger.Abs(unscaled), -exponent, Base1024) < 0)
            {
                format = Format.DecimalSI;
            }
            else if (exponent < 0 && !(unscaled % BigInteger.Pow(Ten, -exponent)).IsZero)
            {
                format = Format.DecimalSI;
            }
        }

        if (format == Format.BinarySI)
        {
            var whole = exponent >= 0 ? unscaled * BigInteger.Pow(Ten, exponent) : unscaled / BigInteger.Pow(Ten, -exponent);
            var power = 0;
            while (power < BinarySuffixes.Length - 1 && !whole.IsZero && (whole % Base1024).IsZero)
            {
                whole /= Base1024;
                power++;
            }

            return whole.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[power];
        }

        while ((unscaled % Ten).IsZero)
        {
            unscaled /= Ten;
            exponent++;
        }

        while (exponent % 3 != 0)
        {
            unscaled *= Ten;
            exponent--;
        }

        var number = unscaled.ToString(CultureInfo.InvariantCulture);
        if (format == Format.DecimalExponent)
        {
            return exponent == 0 ? number : number + "e" + exponent.ToString(CultureInfo.InvariantCulture);
        }

        var suffix = exponent switch
        {
            -9 => "n",
            -6 => "u",
            -3 => "m",
            0 => string.Empty,
            3 => "k",
            6 => "M",
            9 => "G",
            12 => "T",
            15 => "P",
            18 => "E",
            _ => "e" + exponent.ToString(CultureInfo.InvariantCulture),
        };
        return number + suffix;
    }

    // Compares unscaled * 10^-scale with an integer.
    private static int Compare(BigInteger unscaled, int scale, BigInteger other) =>
        scale <= 0 ? (unscaled * BigInteger.Pow(Ten, -scale)).CompareTo(other) : unscaled.CompareTo(other * BigInteger.Pow(Ten, scale));

    // The scanner of parseQuantityString: sign, numerator (leading zeros dropped), denominator, suffix.
    private static bool Scan(string str, out string value, out string num, out string denom, out string suffix)
    {
        value = num = denom = suffix = string.Empty;
        var pos = 0;
        var end = str.Length;
        if (str[0] is '-' or '+')
        {
            pos++;
        }

        while (pos < end && str[pos] == '0')
        {
            pos++;
        }

        if (pos >= end)
        {
            num = value = "0";
            return true;
        }

        var start = pos;
        while (pos < end && char.IsAsciiDigit(str[pos]))
        {
            pos++;
        }

        num = pos == start ? "0" : str[start..pos];
        if (pos >= end)
        {
            value = str;
            return true;
        }

        if (str[pos] == '.')
        {
            pos++;
            start = pos;
            while (pos < end && char.IsAsciiDigit(str[pos]))
            {
                pos++;
            }

            denom = str[start..pos];
            if (pos >= end)
            {
                value = str;
                return true;
            }
        }

        value = str[..pos];
        var suffixStart = pos;
        while (pos < end && "eEinumkKMGTP".Contains(str[pos], StringComparison.Ordinal))
        {
            pos++;
        }

        if (pos < end && str[pos] is '-' or '+')
        {
            pos++;
        }

        while (pos < end && char.IsAsciiDigit(str[pos]))
        {
            pos++;
        }

        suffix = str[suffixStart..];
        return pos >= end;
    }

    private static bool Interpret(string suffix, out bool base10, out int exponent, out Format format)
    {
        base10 = true;
        format = Format.DecimalSI;
        exponent = suffix switch
        {
            "" => 0,
            "n" => -9,
            "u" => -6,
            "m" => -3,
            "k" => 3,
            "M" => 6,
            "G" => 9,
            "T" => 12,
            "P" => 15,
            "E" => 18,
            _ => int.MinValue,
        };
        if (exponent != int.MinValue)
        {
            return true;
        }

        var binary = Array.IndexOf(BinarySuffixes, suffix);
        if (binary > 0)
        {
            base10 = false;
            format = Format.BinarySI;
            exponent = binary * 10;
            return true;
        }

        format = Format.DecimalExponent;
        exponent = 0;
        return suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent);
    }

    // inf.Dec's SetString: [sign]digits[.digits].
    private static bool TryParseDecimal(string value, out BigInteger unscaled, out int scale)
    {
        unscaled = BigInteger.Zero;
        scale = 0;
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? value : value.Remove(dot, 1);
        scale = dot < 0 ? 0 : value.Length - dot - 1;
        if (digits is "" or "+" or "-")
        {
            return false;
        }

        return BigInteger.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out unscaled);
    }
}
