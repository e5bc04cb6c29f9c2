using System.Text.RegularExpressions;
using GitOps.Selectors.Internal;

namespace GitOps.Kustomize.Internal.Patches;

/// <summary>
/// kustomize's resWrangler.Select: group, version, kind, name and namespace as anchored regexes (name and
/// namespace tried against the original id, then the current one), then the label and annotation selectors.
/// </summary>
internal sealed class PatchTargetSelector
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);
    private static readonly System.Buffers.SearchValues<char> RegexMeta = System.Buffers.SearchValues.Create(@"\.+*?()|[]{}^$");

    private readonly PatchSelector _s;
    private readonly Pattern? _group;
    private readonly Pattern? _version;
    private readonly Pattern? _kind;
    private readonly Pattern? _name;
    private readonly Pattern? _namespace;
    private readonly LabelSelector _labels;
    private readonly LabelSelector _annotations;

    public PatchTargetSelector(PatchSelector s)
    {
        _s = s;
        _group = Compile(s.Group);
        _version = Compile(s.Version);
        _kind = Compile(s.Kind);
        _name = Compile(s.Name);
        _namespace = Compile(s.Namespace);
        _labels = LabelSelector.Parse(s.LabelSelector, static m => new KustomizeException(m), allowEmptyRequirements: true);
        _annotations = LabelSelector.Parse(s.AnnotationSelector, static m => new KustomizeException(m), allowEmptyRequirements: true);
    }

    public List<Resource> Select(ResMap m)
    {
        var result = new List<Resource>();
        foreach (var r in m.Resources)
        {
            // The cheap tests first: most resources of a large build fail the kind; ids and maps only when asked for.
            var gvk = r.Gvk;
            if ((_group is not null && !_group.IsMatch(gvk.Group)) || (_version is not null && !_version.IsMatch(gvk.Version)) || (_kind is not null && !_kind.IsMatch(gvk.Kind)))
            {
                continue;
            }

            if (_namespace is not null || _name is not null)
            {
                var cur = r.CurId;
                var org = r.OrgId();
                if (_namespace is not null && !_namespace.IsMatch(org.EffectiveNamespace) && !_namespace.IsMatch(cur.EffectiveNamespace))
                {
                    continue;
                }

                if (_name is not null && !_name.IsMatch(org.Name) && !_name.IsMatch(cur.Name))
                {
                    continue;
                }
            }

            if ((_s.LabelSelector.Length > 0 && !_labels.Matches(r.LabelValue)) || (_s.AnnotationSelector.Length > 0 && !_annotations.Matches(r.AnnotationValue)))
            {
                continue;
            }

            result.Add(r);
        }

        return result;
    }

    public override string ToString() => _s.ToString();

    private static Pattern? Compile(string pattern)
    {
        if (pattern.Length == 0)
        {
            return null;
        }

        // Most targets name a kind or a name literally: a pattern without a metacharacter matches only itself.
        if (pattern.AsSpan().IndexOfAny(RegexMeta) < 0)
        {
            return new Pattern(pattern, null);
        }

        try
        {
            return new Pattern(null, new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant, RegexTimeout));
        }
        catch (ArgumentException ex)
        {
            throw new KustomizeException($"error parsing regexp: {ex.Message}", ex);
        }
    }

    // An anchored target pattern: a literal text or a regex.
    private sealed class Pattern(string? literal, Regex? regex)
    {
        public bool IsMatch(string s) => literal is not null ? string.Equals(literal, s, StringComparison.Ordinal) : regex!.IsMatch(s);
    }
}
