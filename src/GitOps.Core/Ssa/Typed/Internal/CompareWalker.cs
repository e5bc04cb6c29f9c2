using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;
using GitOps.Ssa.Values.Internal;

namespace GitOps.Ssa.Typed.Internal;

/// <summary>Computes the added, modified and removed fields between two values (SMD's compare walker).</summary>
internal sealed class CompareWalker(SsaSchema schema)
{
    private readonly ErrorList _errors = new();
    private readonly PathStack _path = new();

    private readonly FieldSetBuilder _added = new();
    private readonly FieldSetBuilder _modified = new();
    private readonly FieldSetBuilder _removed = new();

    public FieldSet Added => _added.Set;

    public FieldSet Modified => _modified.Set;

    public FieldSet Removed => _removed.Set;

    public IReadOnlyList<ValidationError> Errors => _errors.Items;

    public void Compare(SsaValue? lhs, SsaValue? rhs, TypeRef tr)
    {
        if (lhs is null && rhs is null)
        {
            _errors.Add("at least one of lhs and rhs must be provided");
            return;
        }

        var atom = schema.Resolve(tr);
        if (atom is null)
        {
            _errors.Add(TypedHelpers.NoTypeError(tr));
            return;
        }

        var al = TypedHelpers.Deduce(atom, lhs);
        var ar = TypedHelpers.Deduce(atom, rhs);
        bool inLeaf;
        if (rhs is null)
        {
            inLeaf = Handle(al, tr, lhs, rhs);
        }
        else if (lhs is null || al.SameAs(ar))
        {
            inLeaf = Handle(ar, tr, lhs, rhs);
        }
        else
        {
            Handle(al, tr, lhs, rhs);
            inLeaf = Handle(ar, tr, lhs, rhs);
        }

        if (!inLeaf)
        {
            if (lhs is null)
            {
                _added.Insert(_path);
            }
            else if (rhs is null)
            {
                _removed.Insert(_path);
            }
        }
    }

    // Returns whether the node was treated as a leaf.
    private bool Handle(Atom a, TypeRef tr, SsaValue? lhs, SsaValue? rhs)
    {
        if (a.Map is not null)
        {
            return DoMap(a.Map, lhs, rhs);
        }

        if (a.Scalar is not null)
        {
            var le = ScalarCheck.Check(a, lhs, "lhs: ");
            var re = ScalarCheck.Check(a, rhs, "rhs: ");
            if (le is not null && re is not null)
            {
                _errors.Add(le);
                _errors.Add(re);
                return false;
            }

            Leaf(lhs, rhs);
            return true;
        }

        if (a.List is not null)
        {
            return DoList(a.List, lhs, rhs);
        }

        _errors.Add(TypedHelpers.InvalidAtomError(tr));
        return false;
    }

    private void Leaf(SsaValue? lhs, SsaValue? rhs)
    {
        if (lhs is null)
        {
            _added.Insert(_path);
        }
        else if (rhs is null)
        {
            _removed.Insert(_path);
        }
        else if (!SsaValueComparer.ValueEquals(rhs, lhs))
        {
            _modified.Insert(_path);
        }
    }

    private bool DoList(ListType t, SsaValue? lhs, SsaValue? rhs)
    {
        var l = lhs is { IsList: true } ? lhs.Items : null;
        var r = rhs is { IsList: true } ? rhs.Items : null;
        var emptyPromoteToLeaf = (l is null || l.Length == 0) && (r is null || r.Length == 0);
        if (t.ElementRelationship == ElementRelationship.Atomic || emptyPromoteToLeaf)
        {
            Leaf(lhs, rhs);
            return true;
        }

        VisitListItems(t, l, r);
        return false;
    }

    private void VisitListItems(ListType t, SsaValue[]? lhs, SsaValue[]? rhs)
    {
        // Items grouped by identity, in order of first appearance on the left, then on the right.
        var groups = new List<ItemGroup>((lhs?.Length ?? 0) + (rhs?.Length ?? 0));
        Dictionary<PathElement, int>? index = null;
        var lPes = Identify(t, lhs);
        var rPes = Identify(t, rhs);
        for (var side = 0; side < 2; side++)
        {
            var items = side == 0 ? lhs : rhs;
            var pes = side == 0 ? lPes : rPes;
            for (var i = 0; i < (items?.Length ?? 0); i++)
            {
                if (!pes![i].Valid)
                {
                    continue;
                }

                var pe = pes[i].Element;
                var g = FindGroup(groups, ref index, pe);
                if (g < 0)
                {
                    g = groups.Count;
                    groups.Add(new ItemGroup(pe));
                    index?.Add(pe, g);
                }

                var group = groups[g];
                if (side == 0)
                {
                    group.LFirst ??= items![i];
                    group.LCount++;
                }
                else
                {
                    group.RFirst ??= items![i];
                    group.RCount++;
                }

                groups[g] = group;
            }
        }

        foreach (var group in groups)
        {
            var pe = group.Element;
            var ln = group.LCount;
            var rn = group.RCount;
            if (ln <= 1 && rn <= 1)
            {
                Item(t, pe, group.LFirst, group.RFirst);
            }
            else if (ln >= 2 && rn >= 2)
            {
                var equal = ln == rn;
                if (equal)
                {
                    var ll = Members(lhs!, lPes!, pe);
                    var rl = Members(rhs!, rPes!, pe);
                    for (var i = 0; equal && i < ln; i++)
                    {
                        equal = SsaValueComparer.ValueEquals(ll[i], rl[i]);
                    }
                }

                if (!equal)
                {
                    InsertChild(_modified, pe);
                }
            }
            else if (ln >= 2)
            {
                if (rn != 0)
                {
                    Item(t, pe, null, group.RFirst);
                }

                InsertChild(_removed, pe);
            }
            else
            {
                if (ln != 0)
                {
                    Item(t, pe, group.LFirst, null);
                }

                InsertChild(_added, pe);
            }
        }
    }

    // The identity of every item; errors are reported for the items that have none.
    private (PathElement Element, bool Valid)[]? Identify(ListType t, SsaValue[]? items)
    {
        if (items is null)
        {
            return null;
        }

        var pes = new (PathElement, bool)[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (TypedHelpers.TryListItemElement(schema, t, items[i], out var pe, out var error))
            {
                pes[i] = (pe, true);
            }
            else
            {
                _errors.Add($"element {i}: {error}");
            }
        }

        return pes;
    }

    private static int FindGroup(List<ItemGroup> groups, ref Dictionary<PathElement, int>? index, PathElement pe)
    {
        if (index is not null)
        {
            return index.TryGetValue(pe, out var found) ? found : -1;
        }

        for (var g = 0; g < groups.Count; g++)
        {
            if (groups[g].Element.Equals(pe))
            {
                return g;
            }
        }

        if (groups.Count >= 16)
        {
            // Many items: switch to hashing.
            index = new Dictionary<PathElement, int>(groups.Count * 2);
            for (var g = 0; g < groups.Count; g++)
            {
                index[groups[g].Element] = g;
            }
        }

        return -1;
    }

    private static List<SsaValue> Members(SsaValue[] items, (PathElement Element, bool Valid)[] pes, PathElement pe)
    {
        var result = new List<SsaValue>();
        for (var i = 0; i < items.Length; i++)
        {
            if (pes[i].Valid && pes[i].Element.Equals(pe))
            {
                result.Add(items[i]);
            }
        }

        return result;
    }

    private void InsertChild(FieldSetBuilder set, PathElement pe)
    {
        _path.Push(pe);
        set.Insert(_path);
        _path.Pop();
    }

    private struct ItemGroup(PathElement element)
    {
        public PathElement Element { get; } = element;

        public SsaValue? LFirst { get; set; }

        public int LCount { get; set; }

        public SsaValue? RFirst { get; set; }

        public int RCount { get; set; }
    }

    private void Item(ListType t, PathElement pe, SsaValue? l, SsaValue? r)
    {
        var before = _errors.Count;
        _path.Push(pe);
        Compare(l, r, t.ElementType);
        _path.Pop();
        if (_errors.Count > before)
        {
            _errors.PrefixFrom(before, pe.ToString());
        }
    }

    private bool DoMap(MapType t, SsaValue? lhs, SsaValue? rhs)
    {
        var l = lhs is { IsMap: true } ? lhs.AsMap : null;
        var r = rhs is { IsMap: true } ? rhs.AsMap : null;
        var emptyPromoteToLeaf = (l is null || l.Count == 0) && (r is null || r.Count == 0);
        if (t.ElementRelationship == ElementRelationship.Atomic || emptyPromoteToLeaf)
        {
            Leaf(lhs, rhs);
            return true;
        }

        if (l is not null)
        {
            foreach (var (key, lv) in l.RawSpan)
            {
                SsaValue? rv = null;
                r?.TryGetValue(key, out rv);
                MapItem(t, key, lv, rv);
            }
        }

        if (r is not null)
        {
            foreach (var (key, rv) in r.RawSpan)
            {
                if (l is null || !l.ContainsKey(key))
                {
                    MapItem(t, key, null, rv);
                }
            }
        }

        return false;
    }

    private void MapItem(MapType t, string key, SsaValue? lv, SsaValue? rv)
    {
        var before = _errors.Count;
        _path.Push(PathElement.Field(key));
        Compare(lv, rv, t.FieldType(key));
        _path.Pop();
        if (_errors.Count > before)
        {
            _errors.PrefixFrom(before, "." + key);
        }
    }
}
