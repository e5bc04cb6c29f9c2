using System.Text;

namespace GitOps.Kustomize.Tests.Conformance;

/// <summary>
/// Reads kubectl's <c>expected.err</c> of an error case: the <c>err=</c> text (a Go-quoted string, or a
/// <c>err=&lt;</c> block of tab-indented lines) and its innermost cause, the clause after the last
/// <c>": "</c>, which our message must carry so users see the error they know.
/// </summary>
internal static class ExpectedErrors
{
    public static string? InnermostCause(string expectedErr)
    {
        var text = ErrText(expectedErr);
        if (text is null)
        {
            return null;
        }

        var i = text.LastIndexOf(": ", StringComparison.Ordinal);
        var cause = (i < 0 ? text : text[(i + 2)..]).Trim();
        return cause.Length == 0 ? null : cause;
    }

    public static string? ErrText(string expectedErr)
    {
        var start = expectedErr.IndexOf("err=", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var rest = expectedErr[(start + 4)..];
        if (rest.StartsWith('<'))
        {
            var lines = rest.Split('\n').Skip(1).TakeWhile(l => l.Trim() != ">").Select(l => l.StartsWith('\t') ? l[1..] : l);
            return string.Join('\n', lines);
        }

        return rest.StartsWith('"') ? Unquote(rest) : rest.Split('\n')[0];
    }

    private static string Unquote(string quoted)
    {
        var sb = new StringBuilder();
        for (var i = 1; i < quoted.Length; i++)
        {
            var c = quoted[i];
            if (c == '"')
            {
                break;
            }

            if (c == '\\' && i + 1 < quoted.Length)
            {
                var n = quoted[++i];
                sb.Append(n switch
                {
                    'n' => '\n',
                    't' => '\t',
                    _ => n,
                });
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
