using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.Typed.Internal;

/// <summary>
/// Merges two values of one type, right over left: scalars and atomic lists or maps are taken from the
/// right; granular maps and associative lists are merged item by item, keeping the right's order of
/// shared items (structured-merge-diff's merging walker).
/// </summary>
internal sealed class MergeWalker(SsaSchema schema)
{
    private readonly ErrorList _errors = new();

    public IReadOnlyList<ValidationError> Errors => _errors.Items;

    /// <summary>Merges; null means "no output" (SMD's nil).</summary>
    public SsaValue? Merge(SsaValue? lhs, SsaValue? rhs, TypeRef tr)
    {
        if (lhs is null && rhs is null)
        {
            _errors.Add("at least one of lhs and rhs must be provided");
            return null;
        }

        var atom = schema.Resolve(tr);
        if (atom is null)
        {
            _errors.Add(TypedHelpers.NoTypeError(tr));
            return null;
        }

        var al = TypedHelpers.Deduce(atom, lhs);
        var ar = TypedHelpers.Deduce(atom, rhs);
        if (rhs is null)
        {
            return Handle(al, tr, lhs, rhs);
        }

        if (lhs is null || al.SameAs(ar))
        {
            return Handle(ar, tr, lhs, rhs);
        }

        // The two sides deduce to different shapes: SMD walks both; only the right's output counts.
        Handle(al, tr, lhs, rhs);
        return Handle(ar, tr, lhs, rhs);
    }

    private SsaValue? Handle(Atom a, TypeRef tr, SsaValue? lhs, SsaValue? rhs)
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
                return null;
            }

            return rhs ?? lhs;
        }

        if (a.List is not null)
        {
            return DoList(a.List, lhs, rhs);
        }

        _errors.Add(TypedHelpers.InvalidAtomError(tr));
        return null;
    }

    private SsaValue? DoList(ListType t, SsaValue? lhs, SsaValue? rhs)
    {
        var l = lhs is { IsList: true } ? lhs.Items : null;
        var r = rhs is { IsList: true } ? rhs.Items : null;
        var emptyPromoteToLeaf = (l is null || l.Length == 0) && (r is null || r.Length == 0);
        if (t.ElementRelationship == ElementRelationship.Atomic || emptyPromoteToLeaf)
        {
            return rhs ?? lhs;
        }

        return VisitListItems(t, l, r);
    }

    private SsaValue? VisitListItems(ListType t, SsaValue[]? lhs, SsaValue[]? rhs)
    {
        var errorsBefore = _errors.Count;
        var rhsPEs = Index(t, rhs, allowDuplicates: false, out var observedRhs);
        var lhsPEs = Index(t, lhs, allowDuplicates: true, out var observedLhs);
        if (_errors.Count != errorsBefore)
        {
            return null;
        }

        var sharedOrder = new List<PathElement>();
        foreach (var pe in rhsPEs)
        {
            if (observedLhs.ContainsKey(pe))
            {
                sharedOrder.Add(pe);
            }
        }

        var sharedAt = 0;
        PathElement? nextShared = sharedAt < sharedOrder.Count ? sharedOrder[sharedAt++] : null;
        var mergedRhs = new PathElementMap<bool>();
        var output = new List<SsaValue>(Math.Max(lhsPEs.Count, rhsPEs.Count));
        int lLen = lhsPEs.Count, rLen = rhsPEs.Count;
        for (int li = 0, ri = 0; li < lLen || ri < rLen;)
        {
            if (li < lLen && ri < rLen)
            {
                var pe = lhsPEs[li];
                if (pe.Equals(rhsPEs[ri]))
                {
                    mergedRhs.Add(pe, true);
                    observedLhs.TryGetValue(pe, out var lc);
                    observedRhs.TryGetValue(pe, out var rc);
                    AddItem(output, t, lc, rc);
                    li++;
                    ri++;
                    nextShared = sharedAt < sharedOrder.Count ? sharedOrder[sharedAt++] : null;
                    continue;
                }

                if (observedRhs.ContainsKey(pe) && nextShared is { } ns && !ns.Equals(pe))
                {
                    li++;
                    continue;
                }
            }

            if (li < lLen)
            {
                var pe = lhsPEs[li];
                if (!observedRhs.ContainsKey(pe))
                {
                    AddItem(output, t, lhs![li], null);
                    li++;
                    continue;
                }

                if (mergedRhs.ContainsKey(pe))
                {
                    li++;
                }
            }

            if (ri < rLen)
            {
                var pe = rhsPEs[ri];
                mergedRhs.Add(pe, true);
                observedLhs.TryGetValue(pe, out var lc);
                observedRhs.TryGetValue(pe, out var rc);
                AddItem(output, t, lc, rc);
                ri++;
                if (nextShared is { } ns && ns.Equals(pe))
                {
                    nextShared = sharedAt < sharedOrder.Count ? sharedOrder[sharedAt++] : null;
                }
            }
        }

        return output.Count > 0 ? SsaValue.FromOwnedArray([.. output]) : null;
    }

    // SMD drops the errors of list items (a shadowed variable); so do we, to give the same results.
    private void AddItem(List<SsaValue> output, ListType t, SsaValue? lc, SsaValue? rc)
    {
        var before = _errors.Count;
        var merged = Merge(lc, rc, t.ElementType);
        _errors.Truncate(before);
        if (merged is not null)
        {
            output.Add(merged);
        }
    }

    private List<PathElement> Index(ListType t, SsaValue[]? list, bool allowDuplicates, out PathElementMap<SsaValue?> observed)
    {
        var n = list?.Length ?? 0;
        observed = new PathElementMap<SsaValue?>(n);
        var pes = new List<PathElement>(n);
        for (var i = 0; i < n; i++)
        {
            var child = list![i];
            if (!TypedHelpers.TryListItemElement(schema, t, child, out var pe, out var error))
            {
                _errors.Add($"element {i}: {error}");
                continue;
            }

            if (observed.ContainsKey(pe))
            {
                if (!allowDuplicates)
                {
                    _errors.Add($"duplicate entries for key {pe}");
                    continue;
                }

                // Duplicated items are not merged with the new value.
                observed.Set(pe, SsaValue.Null);
            }
            else
            {
                observed.Set(pe, child);
            }

            pes.Add(pe);
        }

        return pes;
    }

    private SsaValue? DoMap(MapType t, SsaValue? lhs, SsaValue? rhs)
    {
        var l = lhs is { IsMap: true } ? lhs.AsMap : null;
        var r = rhs is { IsMap: true } ? rhs.AsMap : null;
        var emptyPromoteToLeaf = (l is null || l.Count == 0) && (r is null || r.Count == 0);
        if (t.ElementRelationship == ElementRelationship.Atomic || emptyPromoteToLeaf)
        {
            return rhs ?? lhs;
        }

        var output = new List<KeyValuePair<string, SsaValue>>((l?.Count ?? 0) + (r?.Count ?? 0));
        if (l is not null)
        {
            foreach (var (key, lv) in l.RawSpan)
            {
                SsaValue? rv = null;
                r?.TryGetValue(key, out rv);
                VisitMapItem(t, output, key, lv, rv);
            }
        }

        if (r is not null)
        {
            foreach (var (key, rv) in r.RawSpan)
            {
                if (l is null || !l.ContainsKey(key))
                {
                    VisitMapItem(t, output, key, null, rv);
                }
            }
        }

        return output.Count > 0 ? SsaValue.FromOwnedEntries(output) : null;
    }

    private void VisitMapItem(MapType t, List<KeyValuePair<string, SsaValue>> output, string key, SsaValue? lv, SsaValue? rv)
    {
        var before = _errors.Count;
        var merged = Merge(lv, rv, t.FieldType(key));
        if (_errors.Count > before)
        {
            _errors.PrefixFrom(before, "." + key);
        }
        if (merged is not null)
        {
            output.Add(new(key, merged));
        }
    }
}
