namespace GitOps.Kubernetes.Apply.Internal;

/// <summary>A Kubernetes label selector in string form (<c>k8s.io/apimachinery pkg/labels/selector.go</c>), enough for equality and set requirements.</summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static LabelSelector Parse(string text)
    {
        var selector = new LabelSelector();
        foreach (var raw in SplitTopLevel(text))
        {
            var req = raw.Trim();
            if (req.Length == 0)
            {
                continue;
            }

            selector._requirements.Add(ParseRequirement(req));
        }

        return selector;
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.TrueForAll(r => r(labels));

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseRequirement(string req)
    {
        if (req.StartsWith('!'))
        {
            var key = req[1..].Trim();
            return l => !l.ContainsKey(key);
        }

        var notIn = req.IndexOf(" notin ", StringComparison.Ordinal);
        var inSet = req.IndexOf(" in ", StringComparison.Ordinal);
        if (notIn > 0 || inSet > 0)
        {
            var at = notIn > 0 ? notIn : inSet;
            var key = req[..at].Trim();
            var rest = req[(at + (notIn > 0 ? 7 : 4))..].Trim();
            if (!rest.StartsWith('(') || !rest.EndsWith(')'))
            {
                throw new FormatException($"invalid selector requirement \"{req}\"");
            }

            var values = rest[1..^1].Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
            return notIn > 0
                ? l => !l.TryGetValue(key, out var v) || !values.Contains(v)
                : l => l.TryGetValue(key, out var v) && values.Contains(v);
        }

        var ne = req.IndexOf("!=", StringComparison.Ordinal);
        if (ne > 0)
        {
            var key = req[..ne].Trim();
            var value = req[(ne + 2)..].Trim();
            return l => !l.TryGetValue(key, out var v) || v != value;
        }

        var eq = req.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            var key = req[..eq].Trim();
            var value = req[(eq + (req.AsSpan(eq).StartsWith("==") ? 2 : 1))..].Trim();
            return l => l.TryGetValue(key, out var v) && v == value;
        }

        if (req.IndexOfAny([' ', '(', ')']) >= 0)
        {
            throw new FormatException($"invalid selector requirement \"{req}\"");
        }

        return l => l.ContainsKey(req);
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }
}
