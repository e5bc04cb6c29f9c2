using System.Globalization;
using System.Numerics;

namespace GitOps.ImageAutomation.Policies.Internal;

/// <summary>
/// Go's <c>strconv.ParseFloat(s, 64)</c> as a yes/no with the value: decimal with optional fraction and
/// exponent, hexadecimal with a mandatory <c>p</c> exponent (underscores only there, between digits),
/// <c>inf</c>/<c>infinity</c>/<c>nan</c> in any case with a sign; out-of-range values are errors.
/// </summary>
internal static class GoParseFloat
{
    public static bool TryParse(string s, out double value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }

        var body = s.AsSpan();
        var negative = false;
        if (body[0] is '+' or '-')
        {
            negative = body[0] == '-';
            body = body[1..];
        }

        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        if (body.Length > 2 && body[0] == '0' && (body[1] | 0x20) == 'x')
        {
            if (!TryParseHex(body[2..], out value))
            {
                return false;
            }
        }
        else
        {
            if (!IsDecimal(body) || !double.TryParse(body, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
            {
                return false;
            }
        }

        if (double.IsInfinity(value))
        {
            return false;
        }

        value = negative ? -value : value;
        return true;
    }

    private static bool IsDecimal(ReadOnlySpan<char> s)
    {
        var i = 0;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            digits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            var exponentDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                exponentDigits++;
            }

            if (exponentDigits == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private static bool TryParseHex(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        var mantissa = BigInteger.Zero;
        var digits = 0;
        var fractionDigits = 0;
        var inFraction = false;
        var previousUnderscore = true; // an underscore may not come first
        var i = 0;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '_')
            {
                if (previousUnderscore)
                {
                    return false;
                }

                previousUnderscore = true;
                continue;
            }

            if (c == '.' && !inFraction)
            {
                inFraction = true;
                previousUnderscore = false;
                continue;
            }

            if (!char.IsAsciiHexDigit(c))
            {
                break;
            }

            mantissa = (mantissa * 16) + Convert.ToInt32(c.ToString(), 16);
            digits++;
            fractionDigits += inFraction ? 1 : 0;
            previousUnderscore = false;
        }

        if (digits == 0 || previousUnderscore || i >= s.Length || (s[i] | 0x20) != 'p')
        {
            return false;
        }

        var exponentText = s[(i + 1)..];
        if (!int.TryParse(exponentText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent) || exponentText.Length == 0 || !char.IsAsciiDigit(exponentText[^1]))
        {
            return false;
        }

        value = (double)mantissa * Math.Pow(2, exponent - (4 * fractionDigits));
        return true;
    }
}
