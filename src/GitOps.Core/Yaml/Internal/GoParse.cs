namespace GitOps.Yaml.Internal;

/// <summary>Go's strconv.ParseInt/ParseUint with base 0 (prefixes 0x, 0o, 0b and a leading 0 for octal).</summary>
internal static class GoParse
{
    public static bool TryParseInt(string s, out long value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }

        var negative = false;
        var body = s;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            body = s[1..];
        }

        if (!TryParseUInt(body, out var u))
        {
            return false;
        }

        if (negative)
        {
            if (u > 9223372036854775808UL)
            {
                return false;
            }

            value = u == 9223372036854775808UL ? long.MinValue : -(long)u;
            return true;
        }

        if (u > long.MaxValue)
        {
            return false;
        }

        value = (long)u;
        return true;
    }

    public static bool TryParseUInt(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }

        var numberBase = 10;
        if (s[0] == '0')
        {
            if (s.Length >= 3 && (s[1] | 0x20) == 'b')
            {
                numberBase = 2;
                s = s[2..];
            }
            else if (s.Length >= 3 && (s[1] | 0x20) == 'o')
            {
                numberBase = 8;
                s = s[2..];
            }
            else if (s.Length >= 3 && (s[1] | 0x20) == 'x')
            {
                numberBase = 16;
                s = s[2..];
            }
            else
            {
                numberBase = 8;
                s = s[1..];
                if (s.Length == 0)
                {
                    return true;
                }
            }
        }

        return TryDigits(s, numberBase, out value);
    }

    public static bool TryParseIntBase(string s, int numberBase, out long value)
    {
        value = 0;
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (!TryDigits(s, numberBase, out var u))
        {
            return false;
        }

        if (negative)
        {
            if (u > 9223372036854775808UL)
            {
                return false;
            }

            value = u == 9223372036854775808UL ? long.MinValue : -(long)u;
            return true;
        }

        if (u > long.MaxValue)
        {
            return false;
        }

        value = (long)u;
        return true;
    }

    public static bool TryParseUIntBase(string s, int numberBase, out ulong value) => TryDigits(s, numberBase, out value);

    private static bool TryDigits(string s, int numberBase, out ulong value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }

        foreach (var c in s)
        {
            int d;
            if (c >= '0' && c <= '9')
            {
                d = c - '0';
            }
            else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            {
                d = (c | 0x20) - 'a' + 10;
            }
            else
            {
                return false;
            }

            if (d >= numberBase)
            {
                return false;
            }

            var next = (value * (ulong)numberBase) + (ulong)d;
            if (value > (ulong.MaxValue - (ulong)d) / (ulong)numberBase)
            {
                return false;
            }

            value = next;
        }

        return true;
    }
}
