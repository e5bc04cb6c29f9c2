using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.Typed.Internal;

/// <summary>Schema resolution, atom deduction and list item identity shared by the walkers.</summary>
internal static class TypedHelpers
{
    /// <summary>Keeps only the part of an atom that fits the value; absent, null or mismatched values keep all.</summary>
    public static Atom Deduce(Atom atom, SsaValue? value)
    {
        if (value is null)
        {
            return atom;
        }

        switch (value.Kind)
        {
            case SsaValueKind.Boolean or SsaValueKind.Integer or SsaValueKind.Float or SsaValueKind.String:
                if (atom.Scalar is not null)
                {
                    return atom.List is null && atom.Map is null ? atom : atom.ScalarOnly ??= new Atom(atom.Scalar, null, null) { UnknownScalarName = atom.UnknownScalarName };
                }

                break;
            case SsaValueKind.List:
                if (atom.List is not null)
                {
                    return atom.Scalar is null && atom.Map is null ? atom : atom.ListOnly ??= new Atom(null, atom.List, null);
                }

                break;
            case SsaValueKind.Map:
                if (atom.Map is not null)
                {
                    return atom.Scalar is null && atom.List is null ? atom : atom.MapOnly ??= new Atom(null, null, atom.Map);
                }

                break;
        }

        return atom;
    }

    public static string NoTypeError(TypeRef tr) => "schema error: no type found matching: " + (tr.NamedType ?? "inlined type");

    public static string InvalidAtomError(TypeRef tr) => "schema error: invalid atom: " + (tr.NamedType is null ? "inlined" : "named type: " + tr.NamedType);

    /// <summary>The identity of a list item: its key fields, or its value for a set.</summary>
    public static bool TryListItemElement(SsaSchema schema, ListType list, SsaValue child, out PathElement pe, out string? error)
    {
        pe = default;
        error = null;
        if (list.ElementRelationship != ElementRelationship.Associative)
        {
            error = "invalid indexing of non-associative list";
            return false;
        }

        if (list.Keys.Count > 0)
        {
            return TryKeyedElement(schema, list, child, out pe, out error);
        }

        switch (child.Kind)
        {
            case SsaValueKind.Map:
                error = "associative list without keys has an element that's a map type";
                return false;
            case SsaValueKind.List:
                error = "not supported: associative list with lists as elements";
                return false;
            case SsaValueKind.Null:
                error = "associative list without keys has an element that's an explicit null";
                return false;
            default:
                pe = PathElement.ValueOf(child);
                return true;
        }
    }

    private static bool TryKeyedElement(SsaSchema schema, ListType list, SsaValue child, out PathElement pe, out string? error)
    {
        pe = default;
        error = null;
        if (child.IsNull)
        {
            error = "associative list with keys may not have a null element";
            return false;
        }

        if (!child.IsMap)
        {
            error = "associative list with keys may not have non-map elements";
            return false;
        }

        var m = child.AsMap;
        var keys = new KeyField[list.Keys.Count];
        var count = 0;
        foreach (var name in list.Keys)
        {
            if (m.TryGetValue(name, out var v))
            {
                keys[count++] = new KeyField(name, v);
                continue;
            }

            var element = schema.Resolve(list.ElementType);
            if (element is null)
            {
                error = $"couldn't find default value for {name}: invalid elementType for list";
                return false;
            }

            if (element.Map is null)
            {
                error = $"couldn't find default value for {name}: associative list may not have non-map types";
                return false;
            }

            if (element.Map.TryGetField(name, out var field) && field.Default is { } def)
            {
                keys[count++] = new KeyField(name, def);
            }
        }

        if (count == 0)
        {
            error = $"associative list with keys has an element that omits all key fields [{string.Join(" ", list.Keys.Select(k => "\"" + k + "\""))}] (and doesn't have default values for any key fields)";
            return false;
        }

        if (count < keys.Length)
        {
            Array.Resize(ref keys, count);
        }

        // Few keys: an insertion sort by name avoids the general sort's overhead.
        for (var i = 1; i < keys.Length; i++)
        {
            var k = keys[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(keys[j].Name, k.Name) > 0)
            {
                keys[j + 1] = keys[j];
                j--;
            }

            keys[j + 1] = k;
        }

        pe = PathElement.KeyFromSorted(keys);
        return true;
    }

    /// <summary>
    /// Makes every path that has children and names a declared field also a member, as SMD does before pruning.
    /// Unchanged subtrees (and the whole set, when nothing changes) are shared with the input.
    /// </summary>
    public static FieldSet EnsureNamedFieldsAreMembers(FieldSet set, SsaSchema schema, TypeRef tr)
    {
        var raw = set.RawChildren;
        if (raw.Count == 0)
        {
            return set;
        }

        var atom = schema.Resolve(tr);
        List<PathElement>? members = null;
        List<FieldSet.Node>? children = null;
        var map = atom?.Map;
        var list = atom?.List;
        for (var n = 0; n < raw.Count; n++)
        {
            var node = raw[n];
            var pe = node.Element;
            var childType = TypeRef.Empty;
            if (pe.Kind == PathElementKind.Field && map is not null)
            {
                if (map.TryGetField(pe.FieldName, out var f))
                {
                    // Children are distinct, so looking in the input's members is the same as looking in the copy.
                    if (!set.HasMember(pe))
                    {
                        members ??= [.. set.RawMembers];
                        var i = members.BinarySearch(pe);
                        members.Insert(~i, pe);
                    }

                    childType = f.Type;
                }
                else
                {
                    childType = map.ElementType;
                }
            }
            else if (pe.Kind == PathElementKind.Key && list is not null)
            {
                childType = list.ElementType;
            }

            var ensured = EnsureNamedFieldsAreMembers(node.Set, schema, childType);
            if (children is null && !ReferenceEquals(ensured, node.Set))
            {
                children = new List<FieldSet.Node>(raw.Count);
                for (var k = 0; k < n; k++)
                {
                    children.Add(raw[k]);
                }
            }

            children?.Add(new FieldSet.Node(pe, ensured));
        }

        if (members is null && children is null)
        {
            return set;
        }

        return FieldSet.FromParts(members ?? [.. set.RawMembers], children ?? [.. raw]);
    }
}

/// <summary>A growing stack of path elements shared by a walk.</summary>
internal sealed class PathStack
{
    private PathElement[] _items = new PathElement[16];

    // Every push gets a fresh stamp, so a builder can tell whether a level still holds the element it resolved.
    private long[] _stamps = new long[16];
    private long _nextStamp;

    public int Count { get; private set; }

    public ReadOnlySpan<PathElement> Span => _items.AsSpan(0, Count);

    internal long[] Stamps => _stamps;

    public void Push(PathElement pe)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, Count * 2);
            Array.Resize(ref _stamps, Count * 2);
        }

        _stamps[Count] = ++_nextStamp;
        _items[Count++] = pe;
    }

    public void Pop() => Count--;
}

/// <summary>
/// Inserts the current path of a walk into a set. It keeps the set's nodes along the last inserted path, so
/// consecutive paths with a common prefix do not search the tree from the root again; nodes are created only
/// when a path is inserted, exactly as <see cref="FieldSet.Insert(FieldPath)"/> does.
/// </summary>
internal sealed class FieldSetBuilder
{
    // _nodes[i] is the node reached after the first i elements; _stamps[i] the stamp of element i used to reach _nodes[i + 1].
    private FieldSet[] _nodes = new FieldSet[17];
    private long[] _stamps = new long[16];
    private int _resolved;

    public FieldSetBuilder()
    {
        _nodes[0] = Set;
    }

    public FieldSet Set { get; } = new();

    public void Insert(PathStack path)
    {
        var n = path.Count;
        if (n == 0)
        {
            return;
        }

        if (n > _stamps.Length)
        {
            Array.Resize(ref _stamps, Math.Max(n, _stamps.Length * 2));
            Array.Resize(ref _nodes, _stamps.Length + 1);
        }

        var stamps = path.Stamps;
        var limit = Math.Min(_resolved, n - 1);
        var k = 0;
        while (k < limit && _stamps[k] == stamps[k])
        {
            k++;
        }

        var items = path.Span;
        var node = _nodes[k];
        for (; k < n - 1; k++)
        {
            node = node.Descend(items[k]);
            _nodes[k + 1] = node;
            _stamps[k] = stamps[k];
        }

        _resolved = n - 1;
        node.InsertMember(items[n - 1]);
    }
}

/// <summary>Collects validation errors and prefixes their paths while unwinding.</summary>
internal sealed class ErrorList
{
    private List<ValidationError>? _errors;

    public int Count => _errors?.Count ?? 0;

    public IReadOnlyList<ValidationError> Items => (IReadOnlyList<ValidationError>?)_errors ?? [];

    public void Add(string message) => (_errors ??= []).Add(new ValidationError(string.Empty, message));

    public void PrefixFrom(int start, string prefix)
    {
        if (_errors is null)
        {
            return;
        }

        for (var i = start; i < _errors.Count; i++)
        {
            _errors[i] = _errors[i] with { Path = prefix + _errors[i].Path };
        }
    }

    public void Truncate(int count) => _errors?.RemoveRange(count, _errors.Count - count);
}
