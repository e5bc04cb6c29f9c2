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

    public FieldSet Added { get; } = new();

    public FieldSet Modified { get; } = new();

    public FieldSet Removed { get; } = new();

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
                Added.Insert(_path.Span);
            }
            else if (rhs is null)
            {
                Removed.Insert(_path.Span);
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
            Added.Insert(_path.Span);
        }
        else if (rhs is null)
        {
            Removed.Insert(_path.Span);
        }
        else if (!SsaValueComparer.ValueEquals(rhs, lhs))
        {
            Modified.Insert(_path.Span);
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
        var all = new List<PathElement>();
        var lValues = new Dictionary<PathElement, List<SsaValue>>();
        var rValues = new Dictionary<PathElement, List<SsaValue>>();
        for (var i = 0; i < (lhs?.Length ?? 0); i++)
        {
            var child = lhs![i];
            if (!TypedHelpers.TryListItemElement(schema, t, child, out var pe, out var error))
            {
                _errors.Add($"element {i}: {error}");
                continue;
            }

            if (lValues.TryGetValue(pe, out var existing))
            {
                existing.Add(child);
            }
            else
            {
                lValues[pe] = [child];
                all.Add(pe);
            }
        }

        for (var i = 0; i < (rhs?.Length ?? 0); i++)
        {
            var child = rhs![i];
            if (!TypedHelpers.TryListItemElement(schema, t, child, out var pe, out var error))
            {
                _errors.Add($"element {i}: {error}");
                continue;
            }

            if (rValues.TryGetValue(pe, out var existing))
            {
                existing.Add(child);
            }
            else
            {
                rValues[pe] = [child];
                if (!lValues.ContainsKey(pe))
                {
                    all.Add(pe);
                }
            }
        }

        foreach (var pe in all)
        {
            var ll = lValues.GetValueOrDefault(pe);
            var rl = rValues.GetValueOrDefault(pe);
            var ln = ll?.Count ?? 0;
            var rn = rl?.Count ?? 0;
            if (ln <= 1 && rn <= 1)
            {
                Item(t, pe, ln == 0 ? null : ll![0], rn == 0 ? null : rl![0]);
            }
            else if (ln >= 2 && rn >= 2)
            {
                var equal = ln == rn;
                for (var i = 0; equal && i < ln; i++)
                {
                    equal = SsaValueComparer.ValueEquals(ll![i], rl![i]);
                }

                if (!equal)
                {
                    InsertChild(Modified, pe);
                }
            }
            else if (ln >= 2)
            {
                if (rn != 0)
                {
                    Item(t, pe, null, rl![0]);
                }

                InsertChild(Removed, pe);
            }
            else
            {
                if (ln != 0)
                {
                    Item(t, pe, ll![0], null);
                }

                InsertChild(Added, pe);
            }
        }
    }

    private void InsertChild(FieldSet set, PathElement pe)
    {
        _path.Push(pe);
        set.Insert(_path.Span);
        _path.Pop();
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
            foreach (var (key, lv) in l.RawEntries)
            {
                SsaValue? rv = null;
                r?.TryGetValue(key, out rv);
                MapItem(t, key, lv, rv);
            }
        }

        if (r is not null)
        {
            foreach (var (key, rv) in r.RawEntries)
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
