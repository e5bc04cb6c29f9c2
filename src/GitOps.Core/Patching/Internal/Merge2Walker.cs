using GitOps.Yaml;

namespace GitOps.Patching.Internal;

/// <summary>
/// kyaml's merge2 (walk.Walker with the merge2.Merger visitor), the strategic merge kustomize's
/// patchstrategicmerge filter runs: sources are (dest, origin = patch); maps merge field by field, lists
/// whose schema says <c>patchStrategy: merge</c> merge element by element on their merge keys (or, for
/// primitive lists, on their values), every other list is replaced; <c>$patch: delete|replace|merge</c>
/// directives apply to maps and lists; a null in the patch clears the field. Elements are looked up through
/// indexes, so merging lists of n elements costs O(n), not O(n²) as kyaml's scans do.
/// </summary>
internal sealed class Merge2Walker(PatchSchema schema, bool prepend, bool apiServerDirectives = false)
{
    private const string PatchDirective = "$patch";

    private readonly HashSet<YamlNode> _keepNull = new(ReferenceEqualityComparer.Instance);

    private enum Directive
    {
        Merge,
        Replace,
        Delete,
    }

    public YamlNode? Merge(YamlNode dest, YamlNode patch) => Walk(dest, patch, null);

    private YamlNode? Walk(YamlNode? dest, YamlNode? origin, SchemaNode? s)
    {
        s ??= SchemaFromMeta(dest) ?? SchemaFromMeta(origin);
        var kindNode = !NodeFacts.IsMissingOrNull(dest) ? dest : !NodeFacts.IsMissingOrNull(origin) ? origin : null;
        switch (kindNode)
        {
            case YamlMapping:
                CheckKind<YamlMapping>(dest, origin, "MappingNode");
                return WalkMap(dest, origin, s);
            case YamlSequence:
                CheckKind<YamlSequence>(dest, origin, "SequenceNode");
                if (s is not null && s.HasMergeStrategy())
                {
                    return apiServerDirectives ? WalkAssociativeAsApiServer(dest, origin, s) : WalkAssociative(dest, origin, s);
                }

                return origin ?? dest;
            case YamlScalar:
                CheckKind<YamlScalar>(dest, origin, "ScalarNode");
                return origin ?? dest;
            default:
                return WalkMap(dest, origin, s);
        }
    }

    private static void CheckKind<T>(YamlNode? dest, YamlNode? origin, string expected)
        where T : YamlNode
    {
        foreach (var n in (ReadOnlySpan<YamlNode?>)[dest, origin])
        {
            if (!NodeFacts.IsMissingOrNull(n) && n is not T)
            {
                throw NodeFacts.WrongKind(n!, expected);
            }
        }
    }

    private SchemaNode? SchemaFromMeta(YamlNode? n)
    {
        if (n is not YamlMapping m)
        {
            return null;
        }

        var apiVersion = m["apiVersion"];
        var kind = m["kind"];
        if (NodeFacts.IsNilOrEmpty(apiVersion) || NodeFacts.IsNilOrEmpty(kind))
        {
            return null;
        }

        var a = NodeFacts.Text(apiVersion);
        var k = NodeFacts.Text(kind);
        return a.Length == 0 || k.Length == 0 ? null : schema.ForResourceType(a, k);
    }

    private YamlNode? WalkMap(YamlNode? dest, YamlNode? origin, SchemaNode? s)
    {
        var d = VisitMap(dest, origin);
        if (d is null)
        {
            return null;
        }

        if (d is not YamlMapping dm)
        {
            // A kept null, or a null scalar from the patch: no fields to walk.
            return d;
        }

        var om = origin as YamlMapping;
        if (om is null)
        {
            return WalkUnpatchedMap(dm, s);
        }

        var directives = apiServerDirectives ? ApiMachineryDirectives.Take(om) : null;
        if (!ReferenceEquals(om, dm))
        {
            directives?.BeforeMerge(dm);
        }

        // The fields of both maps, each once, in sorted order (kyaml walks a map's fields sorted by name).
        var distinctOrigin = ReferenceEquals(om, dm) ? null : om;
        var names = new List<string>(dm.Count + (distinctOrigin?.Count ?? 0));
        foreach (var e in dm)
        {
            names.Add(e.Key.Value);
        }

        if (distinctOrigin is not null)
        {
            foreach (var e in distinctOrigin)
            {
                names.Add(e.Key.Value);
            }
        }

        names.Sort(StringComparer.Ordinal);
        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>(dm.Count + (distinctOrigin?.Count ?? 0));
        foreach (var e in dm)
        {
            entries.Add(e);
        }

        // A field the patch repeats takes its last value; dm is not changed until the end, so its positions hold.
        var originFields = distinctOrigin is null ? null : LastValues(distinctOrigin);
        List<int>? removed = null;
        string? previous = null;
        foreach (var name in names)
        {
            if (previous is not null && string.Equals(previous, name, StringComparison.Ordinal))
            {
                continue;
            }

            previous = name;
            var fs = s is null ? null : schema.Field(s, name);
            var di = dm.IndexOf(name);
            YamlNode? fd = di >= 0 ? entries[di].Value : null;
            YamlNode? fo = distinctOrigin is null ? fd : originFields is not null ? originFields.GetValueOrDefault(name) : distinctOrigin[name];
            var val = Walk(fd, fo, fs);
            if (val is null || (val is YamlScalar { IsNull: true } && !_keepNull.Contains(val)))
            {
                if (di >= 0)
                {
                    (removed ??= []).Add(di);
                }

                continue;
            }

            if (di >= 0)
            {
                entries[di] = new(entries[di].Key, val);
            }
            else
            {
                entries.Add(new(GitOps.Yaml.Internal.SharedKeys.Get(name), val));
            }
        }

        if (removed is not null)
        {
            var drop = new HashSet<int>(removed);
            entries = entries.Where((_, i) => !drop.Contains(i)).ToList();
        }

        dm.ReplaceEntries(entries);
        directives?.AfterMerge(dm);
        return dm;
    }

    // The values of a patch map's fields, the last of a repeated field winning; null when no field repeats (the
    // map's own lookup then gives the same answers).
    private static Dictionary<string, YamlNode>? LastValues(YamlMapping m)
    {
        var i = 0;
        var repeats = false;
        foreach (var e in m)
        {
            if (m.IndexOf(e.Key.Value) != i++)
            {
                repeats = true;
                break;
            }
        }

        if (!repeats)
        {
            return null;
        }

        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var e in m)
        {
            values[e.Key.Value] = e.Value;
        }

        return values;
    }

    /// <summary>
    /// The walk of a map the patch does not reach: the same field by field visit as a patched map's, which only
    /// clears null fields and rewrites merge lists below, without copying the map's entries when nothing changes
    /// (a patch selected by kind or label visits every field of every object it selects).
    /// </summary>
    private YamlMapping WalkUnpatchedMap(YamlMapping dm, SchemaNode? s)
    {
        List<KeyValuePair<YamlScalar, YamlNode>>? entries = null;
        var i = 0;
        foreach (var e in dm)
        {
            var name = e.Key.Value;
            if (dm.IndexOf(name) != i)
            {
                // A later duplicate of a key: only the first is walked.
                entries?.Add(e);
                i++;
                continue;
            }

            var fs = s is null ? null : schema.Field(s, name);
            var val = Walk(e.Value, null, fs);
            var remove = val is null || (val is YamlScalar { IsNull: true } && !_keepNull.Contains(val));
            if (entries is null && (remove || !ReferenceEquals(val, e.Value)))
            {
                entries = new List<KeyValuePair<YamlScalar, YamlNode>>(dm.Count);
                var j = 0;
                foreach (var before in dm)
                {
                    if (j++ == i)
                    {
                        break;
                    }

                    entries.Add(before);
                }
            }

            if (!remove)
            {
                entries?.Add(ReferenceEquals(val, e.Value) ? e : new(e.Key, val!));
            }

            i++;
        }

        if (entries is not null)
        {
            dm.ReplaceEntries(entries);
        }

        return dm;
    }

    private YamlNode? VisitMap(YamlNode? dest, YamlNode? origin)
    {
        if (NodeFacts.IsMissingOrNull(dest))
        {
            var (ps, _) = DetermineDirective(origin);
            if (ps == Directive.Delete)
            {
                return null;
            }

            if (origin is null && dest is YamlScalar ds && ds.Value.Length > 0)
            {
                // kyaml keeps an explicit null of the resource the patch does not mention.
                var kept = new YamlScalar(ds.Value, YamlScalar.NullTag);
                _keepNull.Add(kept);
                return kept;
            }

            return origin;
        }

        if (origin is YamlScalar { IsNull: true })
        {
            return null;
        }

        return Resolve(DetermineDirective(origin), dest, origin);
    }

    private static YamlNode? Resolve((Directive Directive, string? Error) d, YamlNode? dest, YamlNode? origin)
    {
        if (d.Error is not null)
        {
            throw new PatchException(d.Error);
        }

        return d.Directive switch
        {
            Directive.Delete => null,
            Directive.Replace => origin,
            _ => dest,
        };
    }

    /// <summary>kyaml's determineSmpDirective: reads and removes the <c>$patch</c> directive of a patch map or list.</summary>
    private static (Directive Directive, string? Error) DetermineDirective(YamlNode? patch)
    {
        switch (patch)
        {
            case null:
                return (Directive.Merge, null);
            case YamlMapping m:
                {
                    if (m[PatchDirective] is not { } v)
                    {
                        return (Directive.Merge, null);
                    }

                    var text = NodeFacts.Text(v);
                    if (Parse(text) is not { } d)
                    {
                        return (Directive.Merge, $"unknown patch strategy '{text}'");
                    }

                    m.Remove(PatchDirective);
                    return (d, null);
                }

            case YamlSequence seq:
                {
                    var element = seq.OfType<YamlMapping>().FirstOrDefault(e => e.ContainsKey(PatchDirective));
                    if (element is null || element.Count > 1)
                    {
                        return (Directive.Merge, null);
                    }

                    var text = NodeFacts.Text(element[PatchDirective]);
                    if (Parse(text) is not { } d)
                    {
                        return (Directive.Merge, $"unknown patch strategy '{text}'");
                    }

                    var list = new ElementList(seq);
                    list.Set(null, [PatchDirective], [text]);
                    while (seq.Count > 0)
                    {
                        seq.RemoveAt(seq.Count - 1);
                    }

                    foreach (var item in list.Items)
                    {
                        seq.Add(item);
                    }

                    return (d, null);
                }

            default:
                return (Directive.Merge, $"no implemented strategic merge patch strategy for '{NodeFacts.ShortTag(patch)}' ('{NodeFacts.ToYaml(patch)}')");
        }
    }

    private static Directive? Parse(string text) => text switch
    {
        "delete" => Directive.Delete,
        "replace" => Directive.Replace,
        "merge" => Directive.Merge,
        _ => null,
    };

    private static YamlNode? VisitAssociativeList(YamlNode? dest, YamlNode? origin)
    {
        if (NodeFacts.IsMissingOrNull(dest))
        {
            return origin;
        }

        if (origin is YamlScalar { IsNull: true })
        {
            return null;
        }

        return Resolve(DetermineDirective(origin), dest, origin);
    }

    private YamlNode? WalkAssociative(YamlNode? dest, YamlNode? origin, SchemaNode s)
    {
        var d = VisitAssociativeList(dest, origin);
        if (d is not YamlSequence destSeq)
        {
            return d;
        }

        var originSeq = origin as YamlSequence;
        var keys = MergeKeys(s);
        if (originSeq is null && HasDistinctCompleteKeys(destSeq, keys))
        {
            // A list the patch does not reach, whose elements all have distinct, complete keys: the general walk below
            // would keep every element, walked, where it is; walking them in place gives the same list without
            // building its element tables (a patch selected by kind visits every container, env and volume list).
            var elementSchema = schema.Elements(s);
            for (var i = 0; i < destSeq.Count; i++)
            {
                if (Walk(destSeq[i], null, elementSchema) is { } walked && !ReferenceEquals(walked, destSeq[i]))
                {
                    destSeq[i] = walked;
                }
            }

            return destSeq;
        }

        var values = ElementValues(keys, destSeq, originSeq);
        if (values.Count != 0 || keys.Count > 0)
        {
            return SetAssociativeElements(values, keys, destSeq, originSeq, s);
        }

        return SetAssociativeElements(PrimitiveValues(destSeq, originSeq), [string.Empty], destSeq, originSeq, s);
    }

    // Whether the associative walk of a list the patch does not reach would keep every element where it is: a
    // primitive list of distinct non-empty scalars, or a list of maps in which every merge key that any element sets
    // (at least one) is set by every element to a non-empty scalar, and no two elements agree on all of them. A merge
    // key no element sets (a port's protocol) takes no part, as in the general walk.
    private static bool HasDistinctCompleteKeys(YamlSequence seq, IReadOnlyList<string> keys)
    {
        var n = seq.Count;
        if (n == 0)
        {
            return false;
        }

        var texts = new string[n];
        if (keys.Count == 0)
        {
            for (var i = 0; i < n; i++)
            {
                var item = seq[i];
                if (KeyText(item) is not { } text)
                {
                    return false;
                }

                texts[i] = text;
            }

            return AllDistinct(texts);
        }

        var used = 0;
        for (var k = 0; k < keys.Count; k++)
        {
            var set = 0;
            for (var i = 0; i < n; i++)
            {
                if (seq[i] is not YamlMapping m)
                {
                    return false;
                }

                if (KeyText(m[keys[k]]) is not null)
                {
                    set++;
                }
            }

            if (set == 0)
            {
                continue;
            }

            if (set != n)
            {
                return false;
            }

            used++;
            for (var i = 0; i < n; i++)
            {
                var text = KeyText(((YamlMapping)seq[i])[keys[k]])!;
                texts[i] = used == 1 ? text : texts[i] + "\u0000" + text;
            }
        }

        return used > 0 && AllDistinct(texts);
    }

    // The text a merge key contributes to an element's key tuple, or null when it contributes none (absent, null,
    // empty, or not a scalar), as the general walk's tuples have it.
    private static string? KeyText(YamlNode? field) =>
        field is YamlScalar s && !NodeFacts.IsNilOrEmpty(s) && s.Value.Length > 0 ? s.Value : null;

    private static bool AllDistinct(string[] texts)
    {
        if (texts.Length <= 8)
        {
            for (var i = 1; i < texts.Length; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(texts[i], texts[j], StringComparison.Ordinal))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in texts)
        {
            if (!seen.Add(t))
            {
                return false;
            }
        }

        return true;
    }

    // apimachinery's mergeSlice ends with normalizeElementOrder: the patch's elements in the patch's order,
    // interleaved with the elements only the original has at their original places.
    private YamlNode? WalkAssociativeAsApiServer(YamlNode? dest, YamlNode? origin, SchemaNode s)
    {
        if (dest is not YamlSequence destSeq || origin is not YamlSequence originSeq)
        {
            return WalkAssociative(dest, origin, s);
        }

        var keys = MergeKeys(s);
        var serverOrder = ApiMachineryDirectives.ElementKeys(destSeq, keys);
        var patchOrder = ApiMachineryDirectives.ElementKeys(originSeq, keys);
        var merged = WalkAssociative(dest, origin, s);
        return merged is YamlSequence list ? ApiMachineryDirectives.Normalize(list, patchOrder, serverOrder, item => ApiMachineryDirectives.ElementKey(item, keys)) : merged;
    }

    // kyaml keys a list by its list-map keys where the schema has them (a container port by containerPort and
    // protocol); apimachinery's strategic merge knows only the patch merge key (containerPort alone).
    private IReadOnlyList<string> MergeKeys(SchemaNode s) =>
        !apiServerDirectives ? s.StrategyAndKeys().Keys
        : s.PatchStrategy is null || s.MergeKey is null ? []
        : [s.MergeKey];

    private IEnumerable<YamlSequence> InMergeOrder(YamlSequence dest, YamlSequence? origin)
    {
        if (prepend)
        {
            if (origin is not null)
            {
                yield return origin;
            }

            yield return dest;
        }
        else
        {
            yield return dest;
            if (origin is not null)
            {
                yield return origin;
            }
        }
    }

    private List<string[]> ElementValues(IReadOnlyList<string> keys, YamlSequence dest, YamlSequence? origin)
    {
        var result = new List<string[]>();
        if (keys.Count == 0)
        {
            return result;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var src in InMergeOrder(dest, origin))
        {
            foreach (var item in src)
            {
                var tuple = new string[keys.Count];
                for (var i = 0; i < keys.Count; i++)
                {
                    var field = (item as YamlMapping)?[keys[i]];
                    tuple[i] = NodeFacts.IsNilOrEmpty(field) ? string.Empty : NodeFacts.Text(field);
                }

                if (seen.Add(string.Join('\u0000', tuple)))
                {
                    result.Add(tuple);
                }
            }
        }

        return result;
    }

    private List<string[]> PrimitiveValues(YamlSequence dest, YamlSequence? origin)
    {
        var result = new List<string[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var src in InMergeOrder(dest, origin))
        {
            foreach (var item in src)
            {
                var text = NodeFacts.Text(item);
                if (seen.Add(text))
                {
                    result.Add([text]);
                }
            }
        }

        return result;
    }

    private YamlSequence SetAssociativeElements(List<string[]> valuesList, IReadOnlyList<string> keys, YamlSequence destSeq, YamlSequence? originSeq, SchemaNode s)
    {
        var items = new ElementList([]);
        var dest = new ElementList(destSeq);
        var elementSchema = schema.Elements(s);
        if (keys.Count > 1)
        {
            MergeValues(valuesList);
        }

        var validKeySet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var values in valuesList)
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i].Length > 0)
                {
                    validKeySet.Add(keys[i]);
                }
            }
        }

        var destLookup = new ElementLookup(destSeq);
        var originLookup = originSeq is null ? null : new ElementLookup(originSeq);
        IReadOnlyList<string>? validKeys = null;
        foreach (var values in valuesList)
        {
            if (values.Length == 0)
            {
                continue;
            }

            var (vk, vv) = Validate(validKeySet, values, keys);
            validKeys = vk;
            var own = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i].Length > 0)
                {
                    own.Add(keys[i]);
                }
            }

            var (ek, ev) = Validate(own, values, keys);
            var val = Walk(destLookup.Find(ek, ev), originLookup?.Find(ek, ev), elementSchema);
            if (NodeFacts.IsEmptyMap(val))
            {
                dest.Set(null, vk, vv);
                destLookup.Reset(dest.Items);
                continue;
            }

            for (var i = 0; i < vk.Count; i++)
            {
                if (vk[i].Length == 0)
                {
                    continue;
                }

                if (val is not YamlMapping vm)
                {
                    throw NodeFacts.WrongKind(val!, "MappingNode");
                }

                if (vm[vk[i]] is null && vv[i].Length > 0)
                {
                    vm.Set(vk[i], new YamlScalar(vv[i]));
                }
            }

            items.Set(val, vk, vv);
        }

        if (valuesList.Count == 0)
        {
            return new YamlSequence(dest.Items);
        }

        var result = prepend ? AppendList(items, dest.Items, validKeys!) : AppendList(dest, items.Items, validKeys!);
        return new YamlSequence(result.Items) { IsFlow = destSeq.IsFlow };
    }

    private static ElementList AppendList(ElementList dst, List<YamlNode> src, IReadOnlyList<string> keys)
    {
        foreach (var elem in src.ToList())
        {
            if (keys[0].Length == 0)
            {
                dst.Set(elem, [string.Empty], [NodeFacts.Text(elem)]);
                continue;
            }

            var v = new List<string>(keys.Count);
            foreach (var key in keys)
            {
                YamlNode? valueNode = null;
                if (!NodeFacts.IsMissingOrNull(elem))
                {
                    if (elem is not YamlMapping em)
                    {
                        throw NodeFacts.WrongKind(elem, "MappingNode");
                    }

                    valueNode = em[key];
                }

                if (valueNode is null)
                {
                    dst.Append(elem);
                    continue;
                }

                v.Add(NodeFacts.Text(valueNode));
            }

            if (keys.Count > 1)
            {
                dst.Set(null, keys, v);
            }

            dst.Set(elem, keys, v);
        }

        return dst;
    }

    private static (IReadOnlyList<string> Keys, IReadOnlyList<string> Values) Validate(HashSet<string> validKeySet, string[] values, IReadOnlyList<string> keys)
    {
        if (validKeySet.Count == 0)
        {
            return (keys, values);
        }

        var vk = new List<string>(keys.Count);
        var vv = new List<string>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            if (validKeySet.Contains(keys[i]))
            {
                vk.Add(keys[i]);
            }

            if (values[i].Length > 0 || validKeySet.Contains(keys[i]))
            {
                vv.Add(values[i]);
            }
        }

        return (vk, vv);
    }

    /// <summary>kyaml's mergeValues: tuples that agree where both have a value are completed from each other.</summary>
    private static void MergeValues(List<string[]> valuesList)
    {
        for (var i = 0; i < valuesList.Count; i++)
        {
            for (var j = 0; j < valuesList.Count; j++)
            {
                if (Match(valuesList[i], valuesList[j]) is { } merged)
                {
                    valuesList[i] = merged;
                    valuesList[j] = merged;
                }
            }
        }
    }

    private static string[]? Match(string[] a, string[] b)
    {
        if (a.Length != b.Length)
        {
            return null;
        }

        var common = false;
        var res = new string[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i])
            {
                common = true;
                res[i] = a[i];
                continue;
            }

            if (a[i].Length > 0 && b[i].Length > 0)
            {
                return null;
            }

            res[i] = a[i].Length > 0 ? a[i] : b[i];
        }

        return common ? res : null;
    }

    /// <summary>kyaml's ElementList/MatchElementList: the first element whose key fields have the given values, through an index.</summary>
    private sealed class ElementLookup(YamlSequence seq)
    {
        private readonly Dictionary<string, Dictionary<string, YamlNode>> _bySignature = new(StringComparer.Ordinal);
        private List<YamlNode> _items = [.. seq];

        public void Reset(List<YamlNode> items)
        {
            _items = items;
            _bySignature.Clear();
        }

        public YamlNode? Find(IReadOnlyList<string> keys, IReadOnlyList<string> values)
        {
            var signature = string.Join('\u0001', keys);
            if (!_bySignature.TryGetValue(signature, out var index))
            {
                index = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
                foreach (var item in _items)
                {
                    if (ElementList.KeyOf(item, keys, nonScalarAsEmpty: true) is { } k)
                    {
                        index.TryAdd(k, item);
                    }
                }

                _bySignature[signature] = index;
            }

            return index.GetValueOrDefault(string.Join('\u0000', values));
        }
    }
}
