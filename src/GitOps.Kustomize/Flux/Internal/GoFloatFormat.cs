using System.Globalization;
using System.Text;

namespace GitOps.Kustomize.Flux.Internal;

/// <summary>
/// Go's strconv.FormatFloat(f, 'g', -1, bits): the shortest digits that read back as the same float32 or
/// float64, in exponent form when the decimal exponent is below -4 or at least 6 (Go's rule for the
/// shortest precision), such as <c>1e+06</c> and <c>1.5</c>.
/// </summary>
internal static class GoFloatFormat
{
    public static string FormatShortestG(double value, bool single)
    {
        if (double.IsNaN(value))
        {
            return ".nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? ".inf" : "-.inf";
        }

        var r = single ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);

        var negative = r.StartsWith('-');
        if (negative)
        {
            r = r[1..];
        }

        // Split the shortest spelling into digits and a decimal exponent.
        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }

        var dot = r.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? r : r[..dot];
        var fracPart = dot < 0 ? string.Empty : r[(dot + 1)..];
        var digits = (intPart + fracPart).TrimStart('0');
        var dp = intPart.TrimStart('0').Length + exponent;
        if (intPart.TrimStart('0').Length == 0)
        {
            var leadingZeros = fracPart.Length - fracPart.TrimStart('0').Length;
            dp = exponent - leadingZeros;
        }

        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return negative ? "-0" : "0";
        }

        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        var exp = dp - 1;
        if (exp < -4 || exp >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            sb.Append('e').Append(exp < 0 ? '-' : '+');
            var abs = Math.Abs(exp);
            sb.Append(abs < 10 ? "0" + abs.ToString(CultureInfo.InvariantCulture) : abs.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        if (dp <= 0)
        {
            sb.Append("0.").Append('0', -dp).Append(digits);
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
}
