using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Store.Internal;

/// <summary>A parsed label selector (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c>, <c>!a</c>).</summary>
internal sealed class LabelSelector
{
    private readonly List<Func<SsaValue?, bool>> _terms = [];

    public static LabelSelector Everything { get; } = new();

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var term in SplitTerms(text))
        {
            selector._terms.Add(ParseTerm(term.Trim()));
        }

        return selector;
    }

    public bool Matches(SsaValue obj)
    {
        var labels = Obj.Meta(obj, "labels");
        return _terms.TrueForAll(t => t(labels));
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static Func<SsaValue?, bool> ParseTerm(string term)
    {
        static string? Label(SsaValue? labels, string key) => Obj.GetString(labels, key);
        if (term.StartsWith('!'))
        {
            var key = Key(term[1..]);
            return labels => Label(labels, key) is null;
        }

        var notIn = term.IndexOf(" notin ", StringComparison.Ordinal);
        var @in = term.IndexOf(" in ", StringComparison.Ordinal);
        if (notIn > 0 || @in > 0)
        {
            var at = notIn > 0 ? notIn : @in;
            var key = Key(term[..at]);
            var list = term[(at + (notIn > 0 ? 7 : 4))..].Trim();
            if (!list.StartsWith('(') || !list.EndsWith(')'))
            {
                throw KubernetesApiException.BadRequest($"unable to parse requirement: {term}");
            }

            var values = list[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            return notIn > 0
                ? labels => Label(labels, key) is not { } v || !values.Contains(v)
                : labels => Label(labels, key) is { } v && values.Contains(v);
        }

        var ne = term.IndexOf("!=", StringComparison.Ordinal);
        if (ne > 0)
        {
            var key = Key(term[..ne]);
            var value = term[(ne + 2)..].Trim();
            return labels => Label(labels, key) != value;
        }

        var eq = term.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            var key = Key(term[..eq]);
            var value = term[(eq + (term.AsSpan(eq).StartsWith("==") ? 2 : 1))..].Trim();
            return labels => Label(labels, key) == value;
        }

        var exists = Key(term);
        return labels => Label(labels, exists) is not null;
    }

    private static string Key(string key)
    {
        key = key.Trim();
        if (key.Length == 0 || key.Any(char.IsWhiteSpace))
        {
            throw KubernetesApiException.BadRequest($"unable to parse requirement: invalid label key \"{key}\"");
        }

        return key;
    }
}

/// <summary>A parsed field selector: <c>path=value</c>, <c>path==value</c>, <c>path!=value</c> terms over the object's fields.</summary>
internal sealed class FieldSelector
{
    private readonly List<(string Path, bool Equal, string Value)> _terms = [];

    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var ne = term.IndexOf("!=", StringComparison.Ordinal);
            var eq = term.IndexOf('=', StringComparison.Ordinal);
            if (ne > 0)
            {
                selector._terms.Add((term[..ne], false, term[(ne + 2)..]));
            }
            else if (eq > 0)
            {
                selector._terms.Add((term[..eq], true, term[(eq + (term.AsSpan(eq).StartsWith("==") ? 2 : 1))..]));
            }
            else
            {
                throw KubernetesApiException.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }
        }

        return selector;
    }

    public bool Matches(SsaValue obj) => _terms.TrueForAll(t => (Text(Obj.Path(obj, t.Path)) == t.Value) == t.Equal);

    private static string Text(SsaValue? value) => value switch
    {
        null => string.Empty,
        { Kind: SsaValueKind.String } s => s.AsString,
        { Kind: SsaValueKind.Boolean } b => b.AsBoolean ? "true" : "false",
        { IsNull: true } => string.Empty,
        _ => value.ToJson(),
    };
}
