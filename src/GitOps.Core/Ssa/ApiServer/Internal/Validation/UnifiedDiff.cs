using System.Globalization;
using System.Text;

namespace GitOps.Ssa.ApiServer.Internal.Validation;

/// <summary>
/// The unified diff apimachinery's <c>diff.Diff</c> puts into validation messages: both values written as
/// indented JSON, compared line by line with go-difflib (a port of Python's difflib: longest matching
/// blocks first, lines more frequent than 1% treated as junk once the second text has 200 lines), three
/// lines of context and no file header.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static string Of(string before, string after)
    {
        var a = SplitLines(before);
        var b = SplitLines(after);
        var sb = new StringBuilder();
        foreach (var group in GroupedOpCodes(OpCodes(a, b)))
        {
            var first = group[0];
            var last = group[^1];
            sb.Append("@@ -").Append(Range(first.I1, last.I2)).Append(" +").Append(Range(first.J1, last.J2)).Append(" @@\n");
            foreach (var op in group)
            {
                if (op.Tag == 'e')
                {
                    for (var i = op.I1; i < op.I2; i++)
                    {
                        sb.Append(' ').Append(a[i]);
                    }

                    continue;
                }

                if (op.Tag is 'r' or 'd')
                {
                    for (var i = op.I1; i < op.I2; i++)
                    {
                        sb.Append('-').Append(a[i]);
                    }
                }

                if (op.Tag is 'r' or 'i')
                {
                    for (var j = op.J1; j < op.J2; j++)
                    {
                        sb.Append('+').Append(b[j]);
                    }
                }
            }
        }

        return sb.ToString();
    }

    // difflib.SplitLines: every line keeps its newline, and the last one gets one too.
    private static string[] SplitLines(string s)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\n')
            {
                lines.Add(s[start..(i + 1)]);
                start = i + 1;
            }
        }

        lines.Add(s[start..] + "\n");
        return [.. lines];
    }

    private static string Range(int start, int stop)
    {
        var beginning = start + 1;
        var length = stop - start;
        return length switch
        {
            1 => beginning.ToString(CultureInfo.InvariantCulture),
            0 => (beginning - 1).ToString(CultureInfo.InvariantCulture) + ",0",
            _ => beginning.ToString(CultureInfo.InvariantCulture) + "," + length.ToString(CultureInfo.InvariantCulture),
        };
    }

    private readonly record struct OpCode(char Tag, int I1, int I2, int J1, int J2);

    private readonly record struct Match(int A, int B, int Size);

    private static List<OpCode> OpCodes(string[] a, string[] b)
    {
        var b2j = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var j = 0; j < b.Length; j++)
        {
            if (!b2j.TryGetValue(b[j], out var indices))
            {
                b2j[b[j]] = indices = [];
            }

            indices.Add(j);
        }

        if (b.Length >= 200)
        {
            var popular = b.Length / 100 + 1;
            foreach (var key in b2j.Where(e => e.Value.Count > popular).Select(e => e.Key).ToList())
            {
                b2j.Remove(key);
            }
        }

        var blocks = new List<Match>();
        var queue = new Stack<(int Alo, int Ahi, int Blo, int Bhi)>();
        queue.Push((0, a.Length, 0, b.Length));
        while (queue.Count > 0)
        {
            var (alo, ahi, blo, bhi) = queue.Pop();
            var m = LongestMatch(a, b, b2j, alo, ahi, blo, bhi);
            if (m.Size == 0)
            {
                continue;
            }

            blocks.Add(m);
            if (alo < m.A && blo < m.B)
            {
                queue.Push((alo, m.A, blo, m.B));
            }

            if (m.A + m.Size < ahi && m.B + m.Size < bhi)
            {
                queue.Push((m.A + m.Size, ahi, m.B + m.Size, bhi));
            }
        }

        blocks.Sort((x, y) => x.A != y.A ? x.A.CompareTo(y.A) : x.B.CompareTo(y.B));

        // Adjacent blocks collapse into one, then a sentinel closes the list.
        var merged = new List<Match>();
        foreach (var m in blocks)
        {
            if (merged.Count > 0 && merged[^1].A + merged[^1].Size == m.A && merged[^1].B + merged[^1].Size == m.B)
            {
                merged[^1] = merged[^1] with { Size = merged[^1].Size + m.Size };
            }
            else
            {
                merged.Add(m);
            }
        }

        merged.Add(new Match(a.Length, b.Length, 0));
        var codes = new List<OpCode>();
        int ia = 0, jb = 0;
        foreach (var m in merged)
        {
            var tag = ia < m.A && jb < m.B ? 'r' : ia < m.A ? 'd' : jb < m.B ? 'i' : '\0';
            if (tag != '\0')
            {
                codes.Add(new OpCode(tag, ia, m.A, jb, m.B));
            }

            ia = m.A + m.Size;
            jb = m.B + m.Size;
            if (m.Size > 0)
            {
                codes.Add(new OpCode('e', m.A, ia, m.B, jb));
            }
        }

        return codes;
    }

    // find_longest_match: the earliest longest block of equal lines among the indexed ones, then extended.
    private static Match LongestMatch(string[] a, string[] b, Dictionary<string, List<int>> b2j, int alo, int ahi, int blo, int bhi)
    {
        int besti = alo, bestj = blo, bestsize = 0;
        var j2len = new Dictionary<int, int>();
        for (var i = alo; i < ahi; i++)
        {
            var next = new Dictionary<int, int>();
            if (b2j.TryGetValue(a[i], out var indices))
            {
                foreach (var j in indices)
                {
                    if (j < blo)
                    {
                        continue;
                    }

                    if (j >= bhi)
                    {
                        break;
                    }

                    var k = (j2len.TryGetValue(j - 1, out var prev) ? prev : 0) + 1;
                    next[j] = k;
                    if (k > bestsize)
                    {
                        besti = i - k + 1;
                        bestj = j - k + 1;
                        bestsize = k;
                    }
                }
            }

            j2len = next;
        }

        // Extended by equal lines on both ends: popular lines are left out of the index, not junk, so a
        // match grows over them (there is no explicit junk here).
        while (besti > alo && bestj > blo && a[besti - 1] == b[bestj - 1])
        {
            besti--;
            bestj--;
            bestsize++;
        }

        while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] == b[bestj + bestsize])
        {
            bestsize++;
        }

        return new Match(besti, bestj, bestsize);
    }

    private static List<List<OpCode>> GroupedOpCodes(List<OpCode> codes)
    {
        var groups = new List<List<OpCode>>();
        if (codes.Count == 0)
        {
            codes = [new OpCode('e', 0, 1, 0, 1)];
        }

        if (codes[0].Tag == 'e')
        {
            var c = codes[0];
            codes[0] = c with { I1 = Math.Max(c.I1, c.I2 - Context), J1 = Math.Max(c.J1, c.J2 - Context) };
        }

        if (codes[^1].Tag == 'e')
        {
            var c = codes[^1];
            codes[^1] = c with { I2 = Math.Min(c.I2, c.I1 + Context), J2 = Math.Min(c.J2, c.J1 + Context) };
        }

        var group = new List<OpCode>();
        foreach (var c in codes)
        {
            var code = c;
            if (code.Tag == 'e' && code.I2 - code.I1 > 2 * Context)
            {
                group.Add(code with { I2 = Math.Min(code.I2, code.I1 + Context), J2 = Math.Min(code.J2, code.J1 + Context) });
                groups.Add(group);
                group = [];
                code = code with { I1 = Math.Max(code.I1, code.I2 - Context), J1 = Math.Max(code.J1, code.J2 - Context) };
            }

            group.Add(code);
        }

        if (group.Count > 0 && !(group.Count == 1 && group[0].Tag == 'e'))
        {
            groups.Add(group);
        }

        return groups;
    }
}
