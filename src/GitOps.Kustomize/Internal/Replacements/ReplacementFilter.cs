using GitOps.Selectors.Internal;
using GitOps.Yaml;

namespace GitOps.Kustomize.Internal.Replacements;

/// <summary>
/// Applies replacements to the objects of a build, as kustomize's <c>api/filters/replacement/replacement.go</c>:
/// each replacement reads one value from its single source object and writes it into every selected
/// target's field paths, in order.
/// </summary>
internal static class ReplacementFilter
{
    private const string DefaultFieldPath = "metadata.name";

    public static void Apply(IReadOnlyList<Resource> resources, IReadOnlyList<Replacement> replacements)
    {
        foreach (var r in replacements)
        {
            if (r.Source is null || r.Targets is null)
            {
                throw new KustomizeException("replacements must specify a source and at least one target");
            }

            var value = GetReplacement(resources, r.Source);
            ApplyReplacement(resources, value, r.Targets);
        }
    }

    // Whether the current id or a previous one is selected (kustomize reads every id of the object first, so an object
    // whose lists of previous ids disagree fails even when its current id is selected).
    private static bool AnyId(Resource r, Func<ResId, bool> selects)
    {
        var previous = r.PrevIds();
        return selects(r.CurId) || previous.Any(selects);
    }

    private static YamlNode GetReplacement(IReadOnlyList<Resource> resources, SourceSelector source)
    {
        Resource? match = null;
        foreach (var r in resources)
        {
            if (source.Selector.MaySelect(r) && AnyId(r, source.Selector.Selects))
            {
                if (match is not null)
                {
                    throw new KustomizeException($"multiple matches for selector {source}");
                }

                match = r;
            }
        }

        if (match is null)
        {
            throw new KustomizeException($"nothing selected by {source}");
        }

        var fieldPath = source.FieldPath.Length == 0 ? DefaultFieldPath : source.FieldPath;
        var node = FieldPaths.Lookup(match.Node, FieldPaths.Split(fieldPath));
        if (IsNilOrEmpty(node))
        {
            throw new KustomizeException($"fieldPath `{fieldPath}` is missing for replacement source {source.Selector.Id}");
        }

        return Refine(source.Options, node!);
    }

    private static bool IsNilOrEmpty(YamlNode? n) => n switch
    {
        null => true,
        YamlScalar s => s.IsNull,
        YamlMapping m => m.Count == 0,
        YamlSequence q => q.Count == 0,
        _ => false,
    };

    private static YamlNode Refine(FieldOptions? options, YamlNode node)
    {
        if (options is null || options.Delimiter.Length == 0)
        {
            return node;
        }

        if (node is not YamlScalar s)
        {
            throw new KustomizeException("delimiter option can only be used with scalar nodes");
        }

        var parts = s.Value.Split(options.Delimiter);
        if (options.Index >= parts.Length || options.Index < 0)
        {
            throw new KustomizeException($"options.index {options.Index} is out of bounds for value {s.Value}");
        }

        return new YamlScalar(parts[options.Index], s.Tag, s.Style);
    }

    private static void ApplyReplacement(IReadOnlyList<Resource> resources, YamlNode value, List<TargetSelector> targets)
    {
        foreach (var t in targets)
        {
            if (t.Select is null)
            {
                throw new KustomizeException("target must specify resources to select");
            }

            var fieldPaths = (t.FieldPaths.Count == 0 ? [DefaultFieldPath] : t.FieldPaths).Select(fp => (fp, FieldPaths.Split(fp))).ToList();
            foreach (var r in resources)
            {
                if (!SelectByAnnotationsAndLabels(r, t) || !t.Select.MaySelect(r))
                {
                    continue;
                }

                if (AnyId(r, t.Select.Selects) && !t.Reject.Any(rej => !rej.IsEmptyId && AnyId(r, rej.Selects)))
                {
                    CopyValueToTarget(r, value, fieldPaths, t.Options);
                }
            }
        }
    }

    private static bool SelectByAnnotationsAndLabels(Resource r, TargetSelector t)
    {
        if (!MatchesSelectors(r, t.Select!))
        {
            return false;
        }

        return !t.Reject.Any(rej => (rej.AnnotationSelector.Length > 0 || rej.LabelSelector.Length > 0) && MatchesSelectors(r, rej));
    }

    private static bool MatchesSelectors(Resource r, ResSelector s) =>
        (s.AnnotationSelector.Length == 0 || LabelSelector.Parse(s.AnnotationSelector, static m => new KustomizeException(m)).Matches(r.AnnotationValue))
        && (s.LabelSelector.Length == 0 || LabelSelector.Parse(s.LabelSelector, static m => new KustomizeException(m)).Matches(r.LabelValue));

    private static readonly Action<YamlNode> WholeObject = _ => throw new KustomizeException("cannot replace a whole object");

    private static void CopyValueToTarget(Resource target, YamlNode value, List<(string Text, List<string> Parts)> fieldPaths, FieldOptions? options)
    {
        foreach (var (fp, parts) in fieldPaths)
        {
            var create = options is { Create: true } ? value.Kind : (YamlNodeKind?)null;
            var matcher = new PathMatcher(create);
            string Error() => create is null ? $"unable to find field \"{fp}\" in replacement target" : $"unable to find or create field \"{fp}\" in replacement target";
            List<MatchedField> fields;
            try
            {
                fields = matcher.Match(target.Node, WholeObject, parts);
            }
            catch (KustomizeException ex)
            {
                throw new KustomizeException(Error() + ": " + ex.Message, ex);
            }

            if (fields.Count == 0)
            {
                throw new KustomizeException(Error());
            }

            foreach (var f in fields)
            {
                SetFieldValue(options, f, value, matcher.Created.Contains(f.Node));
            }
        }
    }

    private static void SetFieldValue(FieldOptions? options, MatchedField target, YamlNode value, bool created)
    {
        value = value.DeepClone();
        if (options is { Delimiter.Length: > 0 })
        {
            if (target.Node is not YamlScalar ts)
            {
                throw new KustomizeException("delimiter option can only be used with scalar nodes");
            }

            var tv = ts.Value.Split(options.Delimiter).ToList();
            var v = value is YamlScalar vs ? vs.Value : string.Empty;
            if (options.Index < 0)
            {
                tv.Insert(0, v);
            }
            else if (options.Index >= tv.Count)
            {
                tv.Add(v);
            }
            else
            {
                tv[options.Index] = v;
            }

            value = new YamlScalar(string.Join(options.Delimiter, tv), (value as YamlScalar)?.Tag, (value as YamlScalar)?.Style ?? YamlScalarStyle.Plain);
        }

        if (target.Node is YamlScalar scalar)
        {
            // yaml.v3 keeps the target node's tag and style and changes only its text.
            var text = value is YamlScalar s ? s.Value : string.Empty;
            var tag = created ? null : FieldPaths.ResolvedTag(scalar);
            target.Replace(new YamlScalar(text, tag, scalar.Style));
            return;
        }

        target.Replace(value);
    }
}
