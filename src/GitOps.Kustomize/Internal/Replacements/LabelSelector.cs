namespace GitOps.Kustomize.Internal.Replacements;

/// <summary>
/// A Kubernetes label selector string (<c>a=b,c!=d,e in (f,g),h notin (i),j,!k</c>, as
/// <c>k8s.io/apimachinery/pkg/labels</c> parses it) matched against a set of labels or annotations.
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    private LabelSelector()
    {
    }

    public static LabelSelector Parse(string selector)
    {
        var result = new LabelSelector();
        foreach (var requirement in SplitRequirements(selector))
        {
            var r = requirement.Trim();
            if (r.Length == 0)
            {
                throw new KustomizeException($"found '', expected: !, identifier, or 'end of string'");
            }

            result._requirements.Add(ParseRequirement(r));
        }

        return result;
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.TrueForAll(r => r(labels));

    private static IEnumerable<string> SplitRequirements(string selector)
    {
        if (selector.Trim().Length == 0)
        {
            yield break;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            switch (selector[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    yield return selector[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return selector[start..];
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseRequirement(string r)
    {
        if (r.StartsWith('!'))
        {
            var key = r[1..].Trim();
            return labels => !labels.ContainsKey(key);
        }

        foreach (var (op, negate) in new[] { (" notin ", true), (" in ", false) })
        {
            var at = r.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = r[..at].Trim();
                var set = r[(at + op.Length)..].Trim();
                if (!set.StartsWith('(') || !set.EndsWith(')'))
                {
                    throw new KustomizeException($"found '{set}', expected: '('");
                }

                var values = set[1..^1].Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
                return negate
                    ? labels => !labels.TryGetValue(key, out var v) || !values.Contains(v)
                    : labels => labels.TryGetValue(key, out var v) && values.Contains(v);
            }
        }

        var ne = r.IndexOf("!=", StringComparison.Ordinal);
        if (ne > 0)
        {
            var key = r[..ne].Trim();
            var value = r[(ne + 2)..].Trim();
            return labels => !labels.TryGetValue(key, out var v) || v != value;
        }

        var eq = r.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            var key = r[..eq].Trim();
            var value = r[(eq + (r.Length > eq + 1 && r[eq + 1] == '=' ? 2 : 1))..].Trim();
            return labels => labels.TryGetValue(key, out var v) && v == value;
        }

        var exists = r.Trim();
        return labels => labels.ContainsKey(exists);
    }
}
