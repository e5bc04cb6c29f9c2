using System.Globalization;

namespace GitOps.Helm.Index.Internal;

/// <summary>
/// Go's strict RFC 3339 parsing of JSON times (<c>time.Time.UnmarshalJSON</c>):
/// <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)</c>, with an upper-case <c>T</c> and <c>Z</c>.
/// </summary>
internal static class Rfc3339
{
    public static bool TryParse(string s, out DateTimeOffset value)
    {
        value = default;
        var span = s.AsSpan();
        if (span.Length < 20 || span[4] != '-' || span[7] != '-' || span[10] != 'T' || span[13] != ':' || span[16] != ':')
        {
            return false;
        }

        if (!Digits(span[..4], out var year) || !Digits(span[5..7], out var month) || !Digits(span[8..10], out var day)
            || !Digits(span[11..13], out var hour) || !Digits(span[14..16], out var minute) || !Digits(span[17..19], out var second))
        {
            return false;
        }

        var i = 19;
        long ticks = 0;
        if (span[i] == '.')
        {
            var start = ++i;
            while (i < span.Length && char.IsAsciiDigit(span[i]))
            {
                i++;
            }

            var fraction = span[start..i];
            if (fraction.IsEmpty || fraction.Length > 9)
            {
                return false;
            }

            var padded = fraction.Length >= 7 ? fraction[..7].ToString() : fraction.ToString().PadRight(7, '0');
            ticks = long.Parse(padded, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        if (i >= span.Length)
        {
            return false;
        }

        TimeSpan offset;
        if (span[i] == 'Z' && i + 1 == span.Length)
        {
            offset = TimeSpan.Zero;
        }
        else if ((span[i] == '+' || span[i] == '-') && span.Length - i == 6 && span[i + 3] == ':'
            && Digits(span.Slice(i + 1, 2), out var oh) && Digits(span.Slice(i + 4, 2), out var om) && oh < 24 && om < 60)
        {
            offset = new TimeSpan(oh, om, 0);
            if (span[i] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(ticks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
