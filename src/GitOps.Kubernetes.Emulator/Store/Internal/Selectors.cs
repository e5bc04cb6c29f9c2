using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Store.Internal;

/// <summary>A label selector over an object's labels: Core's one parser (<see cref="GitOps.Selectors.Internal.LabelSelector"/>), errors as 400 Bad Request.</summary>
internal sealed class LabelSelector
{
    private readonly GitOps.Selectors.Internal.LabelSelector _selector;

    private LabelSelector(GitOps.Selectors.Internal.LabelSelector selector) => _selector = selector;

    public static LabelSelector Everything { get; } = new(GitOps.Selectors.Internal.LabelSelector.Everything);

    public static LabelSelector Parse(string? text) =>
        new(GitOps.Selectors.Internal.LabelSelector.Parse(text, static message => KubernetesApiException.BadRequest(message)));

    public bool Matches(SsaValue obj)
    {
        var labels = Obj.Meta(obj, "labels");
        return _selector.Matches(key => Obj.GetString(labels, key));
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
