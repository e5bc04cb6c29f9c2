using System.Text.RegularExpressions;
using GitOps.Yaml;

namespace GitOps.Kustomize.Internal.Replacements;

/// <summary>A field found by <see cref="PathMatcher"/>, with the way to put another node in its place.</summary>
internal sealed record MatchedField(YamlNode Node, Action<YamlNode> Replace);

/// <summary>
/// kyaml's PathMatcher (<c>kyaml/yaml/match.go</c>): every field a path reaches, where <c>[name=regex]</c>
/// matches list elements by an unanchored regular expression, <c>*</c> every element and a number one
/// element; with a create kind it adds missing fields, elements and the last node.
/// </summary>
internal sealed class PathMatcher(YamlNodeKind? create)
{
    /// <summary>Nodes made by this matcher (a created scalar has no tag of its own).</summary>
    public HashSet<YamlNode> Created { get; } = new(ReferenceEqualityComparer.Instance);

    public List<MatchedField> Match(YamlNode node, Action<YamlNode> replace, IReadOnlyList<string> path)
    {
        var result = new List<MatchedField>();
        Filter(node, replace, path, 0, result);
        return result;
    }

    private void Filter(YamlNode node, Action<YamlNode> replace, IReadOnlyList<string> path, int i, List<MatchedField> result)
    {
        if (i == path.Count)
        {
            result.Add(new MatchedField(node, replace));
            return;
        }

        var part = path[i];
        if (FieldPaths.IsIndexNumber(part))
        {
            IndexSeq(node, path, i, result);
        }
        else if (FieldPaths.IsListIndex(part))
        {
            Seq(node, path, i, result);
        }
        else if (part == "*")
        {
            var seq = AsSequence(node);
            var count = seq.Count;
            for (var k = 0; k < count; k++)
            {
                Filter(seq[k], Setter(seq, k), path, i + 1, result);
            }
        }
        else
        {
            Field(node, path, i, result);
        }
    }

    private static YamlSequence AsSequence(YamlNode node) =>
        node as YamlSequence ?? throw new KustomizeException($"wrong node kind: expected SequenceNode but got {node.Kind}Node");

    private static Action<YamlNode> Setter(YamlSequence seq, int idx) => n => seq[idx] = n;

    // The compiled element patterns, shared by every matcher: a build applies the same few patterns to thousands of
    // lists. Bounded; past the bound a pattern is compiled for its one use.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    private static Regex Compile(string pattern)
    {
        if (Patterns.TryGetValue(pattern, out var known))
        {
            return known;
        }

        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new KustomizeException($"error parsing regexp: {ex.Message}", ex);
        }

        if (Patterns.Count < 256)
        {
            Patterns.TryAdd(pattern, regex);
        }

        return regex;
    }

    private YamlNode NewNode(IReadOnlyList<string> path, int next)
    {
        YamlNode n;
        if (next < path.Count && (FieldPaths.IsListIndex(path[next]) || FieldPaths.IsIndexNumber(path[next])))
        {
            n = new YamlSequence();
        }
        else if (next >= path.Count)
        {
            n = create switch
            {
                YamlNodeKind.Mapping => new YamlMapping(),
                YamlNodeKind.Sequence => new YamlSequence(),
                _ => new YamlScalar(string.Empty),
            };
        }
        else
        {
            n = new YamlMapping();
        }

        Created.Add(n);
        return n;
    }

    private void Field(YamlNode node, IReadOnlyList<string> path, int i, List<MatchedField> result)
    {
        var name = path[i];
        var map = node as YamlMapping;
        var field = map?[name];
        if (field is null)
        {
            if (create is null)
            {
                return;
            }

            if (map is null)
            {
                throw new KustomizeException($"wrong node kind: expected MappingNode but got {node.Kind}Node");
            }

            field = NewNode(path, i + 1);
            map.Set(name, field);
        }

        Filter(field, n => map!.Set(name, n), path, i + 1, result);
    }

    private void IndexSeq(YamlNode node, IReadOnlyList<string> path, int i, List<MatchedField> result)
    {
        var idx = int.Parse(path[i], System.Globalization.CultureInfo.InvariantCulture);
        var seq = AsSequence(node);
        if (seq.Count == idx && create is not null)
        {
            seq.Add(NewNode(path, i + 1));
        }

        if (seq.Count < idx + 1)
        {
            throw new KustomizeException($"index {idx} specified but only {seq.Count} elements found");
        }

        Filter(seq[idx], Setter(seq, idx), path, i + 1, result);
    }

    private void Seq(YamlNode node, IReadOnlyList<string> path, int i, List<MatchedField> result)
    {
        var (field, pattern) = FieldPaths.SplitIndexNameValue(path[i]);
        var regex = Compile(pattern);
        var before = result.Count;
        var matchedAny = false;
        var elements = AsSequence(node);
        var n = elements.Count;
        for (var k = 0; k < n; k++)
        {
            var elem = elements[k];
            if (field.Length == 0)
            {
                if (elem is YamlScalar s && regex.IsMatch(s.Value.Trim()))
                {
                    result.Add(new MatchedField(elem, Setter(elements, k)));
                    matchedAny = true;
                }

                continue;
            }

            if (elem is YamlMapping m && m[field] is YamlScalar v && regex.IsMatch(v.Value.Trim()))
            {
                var count = result.Count;
                Filter(elem, Setter(elements, k), path, i + 1, result);
                matchedAny |= result.Count > count;
            }
        }

        if (matchedAny || create is null)
        {
            return;
        }

        result.RemoveRange(before, result.Count - before);
        var seq = (YamlSequence)node;
        YamlNode added = field.Length == 0
            ? new YamlScalar(pattern)
            : new YamlMapping { { new YamlScalar(field), new YamlScalar(pattern) } };
        seq.Add(added);
        Seq(node, path, i, result);
    }
}
