using System.Globalization;
using System.Text;

namespace GitOps.GoFormat.Internal;

/// <summary>
/// Go's shortest float formatting, the one copy every package uses: strconv.FormatFloat(f, 'e'|'f'|'g', -1,
/// 64 or 32), which is also fmt's <c>%v</c>, and encoding/json's choice between 'f' and 'e'.
/// </summary>
internal static class GoFloat
{
    /// <summary>How Go's encoding/json writes a float64 (the caller refuses NaN and infinities first).</summary>
    public static string FormatJson(double f)
    {
        var abs = Math.Abs(f);
        var useE = abs != 0 && (abs < 1e-6 || abs >= 1e21);
        var s = Format(f, useE ? 'e' : 'f');
        if (useE)
        {
            var n = s.Length;
            if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0')
            {
                s = string.Concat(s.AsSpan(0, n - 2), s.AsSpan(n - 1));
            }
        }

        return s;
    }

    /// <summary>strconv.FormatFloat(f, fmt, -1, bitSize): the shortest digits that read back as the same float64 (or float32).</summary>
    public static string Format(double f, char fmt, int bitSize = 64)
    {
        if (double.IsNaN(f))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(f))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(f))
        {
            return "-Inf";
        }

        var negative = f < 0 || (f == 0 && double.IsNegative(f));
        if (bitSize == 32 && float.IsInfinity((float)f))
        {
            return f < 0 ? "-Inf" : "+Inf";
        }

        Digits(Math.Abs(f), bitSize, out var digits, out var dp);
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        if (fmt == 'g')
        {
            var exp = dp - 1;
            fmt = exp < -4 || exp >= 6 ? 'e' : 'f';
        }

        if (fmt == 'e')
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            var exp = digits == "0" ? 0 : dp - 1;
            sb.Append('e').Append(exp < 0 ? '-' : '+');
            var e = Math.Abs(exp);
            if (e < 10)
            {
                sb.Append('0');
            }

            sb.Append(e.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        // %f
        if (dp <= 0)
        {
            sb.Append('0');
            if (digits != "0")
            {
                sb.Append('.').Append('0', -dp).Append(digits);
            }
        }
        else if (dp >= digits.Length)
        {
            sb.Append(digits).Append('0', dp - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, dp).Append('.').Append(digits, dp, digits.Length - dp);
        }

        return sb.ToString();
    }

    /// <summary>The shortest round-trip decimal digits of <paramref name="f"/> (positive) and the decimal point position.</summary>
    private static void Digits(double f, int bitSize, out string digits, out int dp)
    {
        if (f == 0)
        {
            digits = "0";
            dp = 1;
            return;
        }

        var shortest = bitSize == 32 ? ((float)f).ToString("R", CultureInfo.InvariantCulture) : f.ToString("R", CultureInfo.InvariantCulture);
        var mantissa = shortest;
        var exponent = 0;
        var ei = shortest.IndexOfAny(['E', 'e']);
        if (ei >= 0)
        {
            mantissa = shortest[..ei];
            exponent = int.Parse(shortest[(ei + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var all = intPart + fracPart;
        var point = intPart.Length + exponent;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0')
        {
            lead++;
        }

        all = all[lead..];
        point -= lead;
        all = all.TrimEnd('0');
        if (all.Length == 0)
        {
            all = "0";
        }

        digits = all;
        dp = point;
    }
}
