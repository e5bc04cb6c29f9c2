namespace GitOps.Kustomize.Internal.Patches;

/// <summary>
/// Kubernetes label selector syntax (apimachinery labels.Parse): comma-separated requirements
/// <c>key</c>, <c>!key</c>, <c>key=value</c>, <c>key==value</c>, <c>key!=value</c>, <c>key in (a,b)</c>,
/// <c>key notin (a,b)</c>; all must hold. The empty selector matches everything.
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements;

    private LabelSelector(List<Func<IReadOnlyDictionary<string, string>, bool>> requirements)
    {
        _requirements = requirements;
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r(labels));

    public static LabelSelector Parse(string selector)
    {
        var reqs = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var raw in SplitTopLevel(selector))
        {
            var part = raw.Trim();
            if (part.Length == 0)
            {
                continue;
            }

            reqs.Add(ParseRequirement(part, selector));
        }

        return new LabelSelector(reqs);
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseRequirement(string part, string selector)
    {
        if (part.StartsWith('!'))
        {
            var key = part[1..].Trim();
            return l => !l.ContainsKey(key);
        }

        var setOp = FindSetOperator(part);
        if (setOp is { } so)
        {
            var key = part[..so.Index].Trim();
            var rest = part[(so.Index + so.Length)..].Trim();
            if (!rest.StartsWith('(') || !rest.EndsWith(')'))
            {
                throw new KustomizeException($"unable to parse requirement: found '{rest}', expected: '('");
            }

            var values = rest[1..^1].Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
            return so.NotIn
                ? l => !l.TryGetValue(key, out var v) || !values.Contains(v)
                : l => l.TryGetValue(key, out var v) && values.Contains(v);
        }

        foreach (var op in (string[])["!=", "==", "="])
        {
            var i = part.IndexOf(op, StringComparison.Ordinal);
            if (i < 0)
            {
                continue;
            }

            var key = part[..i].Trim();
            var value = part[(i + op.Length)..].Trim();
            if (key.Length == 0)
            {
                throw new KustomizeException($"unable to parse requirement: invalid label key in selector \"{selector}\"");
            }

            return op == "!="
                ? l => !l.TryGetValue(key, out var v) || v != value
                : l => l.TryGetValue(key, out var v) && v == value;
        }

        var exists = part.Trim();
        return l => l.ContainsKey(exists);
    }

    private static (int Index, int Length, bool NotIn)? FindSetOperator(string part)
    {
        foreach (var (word, notIn) in (ReadOnlySpan<(string, bool)>)[(" notin ", true), (" in ", false)])
        {
            var i = part.IndexOf(word, StringComparison.Ordinal);
            if (i > 0)
            {
                return (i, word.Length - 1, notIn);
            }
        }

        return null;
    }

    private static IEnumerable<string> SplitTopLevel(string s)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    yield return s[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return s[start..];
    }
}
