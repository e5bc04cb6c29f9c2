using GitOps.Yaml;

namespace GitOps.Patching.Internal;

/// <summary>
/// The items of a sequence being merged, with kyaml's ElementSetter semantics (replace every element whose
/// key fields match, else append; null and empty elements dropped) made linear: while every item is a
/// non-empty mapping (or, for primitive lists, a non-null scalar) matches are found through an index of
/// the key values instead of a scan.
/// </summary>
internal sealed class ElementList
{
    private List<YamlNode> _items;
    private Dictionary<string, List<int>>? _index;
    private string? _indexSignature;
    private bool? _cleanMaps;
    private bool? _cleanScalars;

    public ElementList(IEnumerable<YamlNode> items)
    {
        _items = [.. items];
    }

    public List<YamlNode> Items => _items;

    public void Append(YamlNode element)
    {
        _items.Add(element);
        Invalidate();
    }

    /// <summary>kyaml's ElementSetter{Element, Keys, Values}.</summary>
    public void Set(YamlNode? element, IReadOnlyList<string> keys, IReadOnlyList<string> values)
    {
        if (keys.Count == 0)
        {
            keys = [string.Empty];
        }

        if (TrySetIndexed(element, keys, values))
        {
            return;
        }

        SetByScan(element, keys, values);
    }

    private bool TrySetIndexed(YamlNode? element, IReadOnlyList<string> keys, IReadOnlyList<string> values)
    {
        if (values.Count != keys.Count)
        {
            return false;
        }

        var primitive = keys.Count == 1 && keys[0].Length == 0;
        if (primitive)
        {
            if (!(_cleanScalars ??= _items.All(i => i is YamlScalar { IsNull: false })))
            {
                return false;
            }
        }
        else
        {
            if (keys.Any(k => k.Length == 0) || values.Any(v => v.Length == 0) || !(_cleanMaps ??= _items.All(i => i is YamlMapping { Count: > 0 })))
            {
                return false;
            }
        }

        var signature = string.Join('\u0001', keys);
        if (_index is null || _indexSignature != signature)
        {
            _index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            _indexSignature = signature;
            for (var i = 0; i < _items.Count; i++)
            {
                if (KeyOf(_items[i], keys) is { } k)
                {
                    if (!_index.TryGetValue(k, out var list))
                    {
                        _index[k] = list = [];
                    }

                    list.Add(i);
                }
            }
        }

        var key = string.Join('\u0000', values);
        _index.TryGetValue(key, out var positions);
        if (element is null)
        {
            if (positions is { Count: > 0 })
            {
                var drop = new HashSet<int>(positions);
                _items = _items.Where((_, i) => !drop.Contains(i)).ToList();
                Invalidate();
            }

            return true;
        }

        if (positions is { Count: > 0 })
        {
            foreach (var p in positions)
            {
                _items[p] = element;
            }

            KeepClean(element);
            return true;
        }

        if (NodeFacts.IsMissingOrNull(element))
        {
            return true;
        }

        _items.Add(element);
        if (KeyOf(element, keys) is { } added)
        {
            _index[added] = [_items.Count - 1];
        }

        KeepClean(element);
        return true;
    }

    private void KeepClean(YamlNode element)
    {
        if (element is not YamlMapping { Count: > 0 })
        {
            _cleanMaps = false;
        }

        if (element is not YamlScalar { IsNull: false })
        {
            _cleanScalars = false;
        }
    }

    /// <summary>The values of the key fields as one string, when every one is a scalar (else it cannot match a non-empty value).</summary>
    private static string? KeyOf(YamlNode item, IReadOnlyList<string> keys)
    {
        if (keys.Count == 1 && keys[0].Length == 0)
        {
            return NodeFacts.Text(item);
        }

        if (item is not YamlMapping m)
        {
            return null;
        }

        var parts = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            if (m[keys[i]] is not YamlScalar s)
            {
                return null;
            }

            parts[i] = s.Value;
        }

        return string.Join('\u0000', parts);
    }

    private void SetByScan(YamlNode? element, IReadOnlyList<string> keys, IReadOnlyList<string> values)
    {
        var mappingSetter = keys[0].Length > 0 && values.Count > 0 && values[0].Length > 0;
        var result = new List<YamlNode>(_items.Count + 1);
        var matched = false;
        foreach (var item in _items)
        {
            if (NodeFacts.IsEmptyMap(item))
            {
                continue;
            }

            if (item is not YamlMapping && mappingSetter)
            {
                result.Add(item);
                continue;
            }

            var found = true;
            YamlNode? val = null;
            for (var j = 0; j < keys.Count; j++)
            {
                if (j < values.Count)
                {
                    val = FieldMatch(item, keys[j], values[j]);
                }

                if (val is null)
                {
                    found = false;
                    break;
                }
            }

            if (!found)
            {
                if (values.Count > 0)
                {
                    result.Add(item);
                }

                continue;
            }

            matched = true;
            if (element is not null)
            {
                result.Add(element);
            }
        }

        _items = result;
        Invalidate();
        if (NodeFacts.IsMissingOrNull(element))
        {
            return;
        }

        if (!matched)
        {
            _items.Add(element!);
        }
    }

    /// <summary>kyaml's FieldMatcher{Name, StringValue}: the field's value when it matches, else null.</summary>
    public static YamlNode? FieldMatch(YamlNode node, string name, string value)
    {
        if (NodeFacts.IsMissingOrNull(node))
        {
            return null;
        }

        if (name.Length == 0)
        {
            if (node is not YamlScalar s)
            {
                throw NodeFacts.WrongKind(node, "ScalarNode");
            }

            return s.Value == value ? node : null;
        }

        if (node is not YamlMapping m)
        {
            throw NodeFacts.WrongKind(node, "MappingNode");
        }

        var field = m[name];
        if (field is null)
        {
            return null;
        }

        return value.Length == 0 || NodeFacts.Text(field) == value ? field : null;
    }

    private void Invalidate()
    {
        _index = null;
        _indexSignature = null;
        _cleanMaps = null;
        _cleanScalars = null;
    }
}
