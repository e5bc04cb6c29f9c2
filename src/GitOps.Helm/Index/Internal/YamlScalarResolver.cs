using System.Globalization;
using System.Text.RegularExpressions;

namespace GitOps.Helm.Index.Internal;

/// <summary>
/// Resolves plain (unquoted) YAML scalars with YAML 1.1 rules as go-yaml v2 does for Helm: <c>y</c>,
/// <c>yes</c>, <c>on</c> (and their false forms) are booleans; <c>~</c>, <c>null</c> and the empty scalar are
/// null; integers may be signed, hexadecimal, octal with a leading 0, binary, and contain underscores;
/// floats include <c>.inf</c> and <c>.nan</c>. Timestamps stay strings, as they do when go-yaml decodes
/// into an untyped value.
/// </summary>
internal static partial class YamlScalarResolver
{
    public static (ScalarType Type, string Text) Resolve(string value)
    {
        if (value.Length == 0)
        {
            return (ScalarType.Null, string.Empty);
        }

        switch (value[0])
        {
            case 'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~':
                return ResolveKnownWord(value);
            case '.':
                return ResolveDotWord(value);
            case '+' or '-' or (>= '0' and <= '9'):
                return ResolveNumber(value);
            default:
                return (ScalarType.String, value);
        }
    }

    private static (ScalarType, string) ResolveKnownWord(string value) => value switch
    {
        "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON" => (ScalarType.Bool, "true"),
        "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF" => (ScalarType.Bool, "false"),
        "~" or "null" or "Null" or "NULL" => (ScalarType.Null, string.Empty),
        _ => (ScalarType.String, value),
    };

    private static (ScalarType, string) ResolveDotWord(string value)
    {
        switch (value)
        {
            case ".nan" or ".NaN" or ".NAN":
                return (ScalarType.Float, "NaN");
            case ".inf" or ".Inf" or ".INF":
                return (ScalarType.Float, "+Inf");
        }

        return GoNumbers.TryParseFloat(value, out var f)
            ? (ScalarType.Float, f.ToString("R", CultureInfo.InvariantCulture))
            : (ScalarType.String, value);
    }

    private static (ScalarType, string) ResolveNumber(string value)
    {
        switch (value)
        {
            case "+.inf" or "+.Inf" or "+.INF":
                return (ScalarType.Float, "+Inf");
            case "-.inf" or "-.Inf" or "-.INF":
                return (ScalarType.Float, "-Inf");
        }

        var plain = value.Contains('_', StringComparison.Ordinal) ? value.Replace("_", string.Empty, StringComparison.Ordinal) : value;
        if (GoNumbers.TryParseInteger(plain, out var text))
        {
            return (ScalarType.Int, text);
        }

        if (MayBeFloat(plain) && YamlFloat().IsMatch(plain) && GoNumbers.TryParseFloat(plain, out var f))
        {
            return (ScalarType.Float, f.ToString("R", CultureInfo.InvariantCulture));
        }

        return (ScalarType.String, value);
    }

    /// <summary>
    /// A cheap necessary condition for <see cref="YamlFloat"/>: only digits, signs, <c>e</c>/<c>E</c> and at most
    /// one dot. Versions (<c>1.2.3</c>) and hex digests fail it without running the expression.
    /// </summary>
    private static bool MayBeFloat(string value)
    {
        var dots = 0;
        foreach (var c in value)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (c is not ((>= '0' and <= '9') or 'e' or 'E' or '+' or '-'))
            {
                return false;
            }
        }

        return dots <= 1;
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex YamlFloat();
}

/// <summary>Go's number parsing and formatting where Helm's YAML-to-JSON step depends on it.</summary>
internal static class GoNumbers
{
    /// <summary>
    /// <c>strconv.ParseInt(s, 0, 64)</c>, then <c>ParseUint(s, 0, 64)</c>: optional sign, then <c>0x</c>, <c>0o</c>,
    /// <c>0b</c> or a leading <c>0</c> (octal) prefix, or decimal. Returns the decimal text of the value.
    /// </summary>
    public static bool TryParseInteger(string s, out string decimalText)
    {
        decimalText = string.Empty;
        var span = s.AsSpan();
        var negative = false;
        if (span.Length > 0 && (span[0] == '+' || span[0] == '-'))
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        var radix = 10;
        if (span.Length >= 2 && span[0] == '0')
        {
            switch (span[1])
            {
                case 'x' or 'X':
                    radix = 16;
                    span = span[2..];
                    break;
                case 'o' or 'O':
                    radix = 8;
                    span = span[2..];
                    break;
                case 'b' or 'B':
                    radix = 2;
                    span = span[2..];
                    break;
                default:
                    radix = 8;
                    span = span[1..];
                    break;
            }
        }

        if (span.IsEmpty)
        {
            return false;
        }

        ulong value = 0;
        foreach (var c in span)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                return false;
            }

            // Beyond 64 bits Go's ParseInt and ParseUint both fail.
            if (value > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                return false;
            }

            value = (value * (ulong)radix) + (ulong)digit;
        }

        if (negative)
        {
            if (value > 9223372036854775808UL)
            {
                return false;
            }

            decimalText = value == 0 ? "0" : "-" + value.ToString(CultureInfo.InvariantCulture);
            return true;
        }

        decimalText = value.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary><c>strconv.ParseFloat(s, 64)</c> for the decimal forms YAML floats take; false on overflow, as Go reports a range error.</summary>
    public static bool TryParseFloat(string s, out double value)
    {
        if (!double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        return !double.IsInfinity(value);
    }

    /// <summary>The string a YAML float becomes where Go expects a string: <see cref="FormatFloat32(double)"/> of its value.</summary>
    public static string FloatTextToGoString(string text) => text switch
    {
        "NaN" or "+Inf" or "-Inf" => text,
        _ => FormatFloat32(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
    };

    /// <summary><c>strconv.FormatFloat(f, 'g', -1, 32)</c>: the shortest float32 digits, exponent form when the decimal exponent is below -4 or at least 6.</summary>
    public static string FormatFloat32(double value)
    {
        var f = (float)value;
        if (float.IsNaN(f))
        {
            return "NaN";
        }

        if (float.IsPositiveInfinity(f))
        {
            return "+Inf";
        }

        if (float.IsNegativeInfinity(f))
        {
            return "-Inf";
        }

        // Shortest round-trip digits and the decimal exponent, from .NET's "E" form of the shortest representation.
        var r = f.ToString("R", CultureInfo.InvariantCulture);
        var negative = r.StartsWith('-');
        if (negative)
        {
            r = r[1..];
        }

        var exponentAt = r.IndexOfAny(['E', 'e']);
        var exp10 = 0;
        var mantissa = r;
        if (exponentAt >= 0)
        {
            exp10 = int.Parse(r.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = r[..exponentAt];
        }

        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var pointPos = (point < 0 ? mantissa.Length : point) + exp10;
        var trimmedStart = digits.TrimStart('0');
        pointPos -= digits.Length - trimmedStart.Length;
        digits = trimmedStart.TrimEnd('0');
        if (digits.Length == 0)
        {
            return negative ? "-0" : "0";
        }

        // Shortest %g: exponent form when the decimal exponent is below -4 or at least 6.
        var exp = pointPos - 1;
        var sign = negative ? "-" : string.Empty;
        return exp < -4 || exp >= 6 ? sign + Exponent(digits, exp) : sign + Fixed(digits, pointPos);
    }

    private static string Exponent(string digits, int exp)
    {
        var mant = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        var e = Math.Abs(exp);
        return mant + "e" + (exp < 0 ? "-" : "+") + (e < 10 ? "0" : string.Empty) + e.ToString(CultureInfo.InvariantCulture);
    }

    private static string Fixed(string digits, int pointPos)
    {
        if (pointPos <= 0)
        {
            return "0." + new string('0', -pointPos) + digits;
        }

        if (pointPos >= digits.Length)
        {
            return digits + new string('0', pointPos - digits.Length);
        }

        return digits[..pointPos] + "." + digits[pointPos..];
    }
}
