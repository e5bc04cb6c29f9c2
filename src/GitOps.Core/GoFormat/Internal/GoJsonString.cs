using System.Globalization;
using System.Text;

namespace GitOps.GoFormat.Internal;

/// <summary>
/// Go's encoding/json string escaping (Go 1.22 and later, as kubectl 1.32 and kustomize 5 are built), the
/// one copy every package uses: <c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\b</c>, <c>\f</c>,
/// other control characters as <c>\u00XX</c>, U+2028/U+2029 escaped, <c>&lt;</c> <c>&gt;</c> <c>&amp;</c>
/// escaped when HTML escaping is on (the default), and a lone surrogate as <c>\ufffd</c>.
/// </summary>
internal static class GoJsonString
{
    /// <summary>Writes <paramref name="s"/> as a quoted JSON string.</summary>
    public static void Write(StringBuilder sb, string s, bool escapeHtml = true)
    {
        sb.Append('"');
        WriteContent(sb, s, escapeHtml);
        sb.Append('"');
    }

    /// <summary><paramref name="s"/> as a quoted JSON string.</summary>
    public static string Quote(string s, bool escapeHtml = true)
    {
        var sb = new StringBuilder(s.Length + 2);
        Write(sb, s, escapeHtml);
        return sb.ToString();
    }

    /// <summary>Writes the escaped text of a JSON string, without the quotes.</summary>
    public static void WriteContent(StringBuilder sb, string s, bool escapeHtml)
    {
        var plain = 0;
        while (plain < s.Length && IsPlain(s[plain], escapeHtml))
        {
            plain++;
        }

        if (plain == s.Length)
        {
            sb.Append(s);
            return;
        }

        sb.Append(s, 0, plain);
        for (var i = plain; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                case '<' or '>' or '&' when escapeHtml:
                case '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsSurrogate(c))
                    {
                        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                        {
                            sb.Append(c).Append(s[i + 1]);
                            i++;
                        }
                        else
                        {
                            sb.Append("\\ufffd");
                        }
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }
    }

    // Characters written as they are: printable ASCII other than the quote, the backslash and (when escaping HTML) <, >, &.
    private static bool IsPlain(char c, bool escapeHtml) =>
        c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && (!escapeHtml || (c != '<' && c != '>' && c != '&'));
}
