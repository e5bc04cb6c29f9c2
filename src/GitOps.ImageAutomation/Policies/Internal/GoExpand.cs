using System.Text;
using System.Text.RegularExpressions;

namespace GitOps.ImageAutomation.Policies.Internal;

/// <summary>
/// Go's <c>Regexp.ExpandString</c>: <c>$name</c> or <c>${name}</c> (a name is the longest run of letters,
/// digits and underscores, so <c>$1x</c> names a group <c>1x</c>), a number without leading zeros for a group
/// by index, <c>$$</c> for a dollar; an unknown or unmatched group expands to nothing, and a malformed
/// reference leaves its <c>$</c> as text.
/// </summary>
internal static class GoExpand
{
    public static string Expand(string template, Match match, IReadOnlyList<string> groupNames)
    {
        var sb = new StringBuilder();
        var rest = template.AsSpan();
        while (true)
        {
            var dollar = rest.IndexOf('$');
            if (dollar < 0)
            {
                break;
            }

            sb.Append(rest[..dollar]);
            rest = rest[(dollar + 1)..];
            if (rest.Length > 0 && rest[0] == '$')
            {
                sb.Append('$');
                rest = rest[1..];
                continue;
            }

            if (!TryExtract(rest, out var name, out var number, out var consumed))
            {
                sb.Append('$');
                continue;
            }

            rest = rest[consumed..];
            var group = number >= 0 ? number : IndexOf(groupNames, name);
            if (group >= 0 && group < match.Groups.Count && match.Groups[group].Success)
            {
                sb.Append(match.Groups[group].ValueSpan);
            }
        }

        sb.Append(rest);
        return sb.ToString();
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 1; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryExtract(ReadOnlySpan<char> s, out string name, out int number, out int consumed)
    {
        name = string.Empty;
        number = -1;
        consumed = 0;
        var brace = s.Length > 0 && s[0] == '{';
        var i = brace ? 1 : 0;
        var start = i;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_'))
        {
            i++;
        }

        if (i == start)
        {
            return false;
        }

        name = s[start..i].ToString();
        if (brace)
        {
            if (i >= s.Length || s[i] != '}')
            {
                return false;
            }

            i++;
        }

        consumed = i;
        number = 0;
        foreach (var c in name)
        {
            if (c is < '0' or > '9' || number >= 100_000_000)
            {
                number = -1;
                break;
            }

            number = (number * 10) + (c - '0');
        }

        if (name[0] == '0' && name.Length > 1)
        {
            number = -1;
        }

        return true;
    }
}
