using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.Typed.Internal;

/// <summary>Removes, or keeps only, the fields of a set (SMD's removing walker, both modes).</summary>
internal static class RemoveWalker
{
    public static SsaValue Run(SsaSchema schema, SsaValue value, FieldSet set, TypeRef tr, bool extract) =>
        Walk(schema, value, set, tr, extract) ?? SsaValue.Null;

    private static SsaValue? Walk(SsaSchema schema, SsaValue value, FieldSet set, TypeRef tr, bool extract)
    {
        var atom = schema.Resolve(tr);
        if (atom is null)
        {
            return null;
        }

        atom = TypedHelpers.Deduce(atom, value);
        if (atom.Map is not null)
        {
            return DoMap(schema, atom.Map, value, set, extract);
        }

        if (atom.Scalar is not null)
        {
            return value;
        }

        return atom.List is not null ? DoList(schema, atom.List, value, set, extract) : null;
    }

    private static SsaValue? DoList(SsaSchema schema, ListType t, SsaValue value, FieldSet set, bool extract)
    {
        if (!value.IsList)
        {
            return null;
        }

        var items = value.Items;
        if (items.Length == 0 || t.ElementRelationship == ElementRelationship.Atomic)
        {
            return extract ? value : null;
        }

        var output = new List<SsaValue>(items.Length);
        var changed = false;
        foreach (var item in items)
        {
            TypedHelpers.TryListItemElement(schema, t, item, out var pe, out _);
            var exact = set.HasMember(pe);
            var sub = set.TryGetChild(pe, out var child) && !child.IsEmpty ? child : null;
            var result = item;
            if (extract)
            {
                if (sub is not null)
                {
                    result = Run(schema, item, sub, t.ElementType, extract);
                }

                if (exact || sub is not null)
                {
                    output.Add(result);
                }
            }
            else
            {
                if (exact)
                {
                    changed = true;
                    continue;
                }

                if (sub is not null)
                {
                    result = Run(schema, item, sub, t.ElementType, extract);
                    changed |= !ReferenceEquals(result, item);
                }

                output.Add(result);
            }
        }

        if (!extract && !changed)
        {
            // Nothing removed below: the value itself is the result (values are immutable).
            return value;
        }

        return output.Count > 0 ? SsaValue.FromOwnedArray([.. output]) : null;
    }

    private static SsaValue? DoMap(SsaSchema schema, MapType t, SsaValue value, FieldSet set, bool extract)
    {
        if (!value.IsMap)
        {
            return null;
        }

        var m = value.AsMap;
        if (m.Count == 0 || t.ElementRelationship == ElementRelationship.Atomic)
        {
            return extract ? value : null;
        }

        var output = new List<KeyValuePair<string, SsaValue>>(m.Count);
        var changed = false;
        foreach (var (key, v) in m.RawSpan)
        {
            var pe = PathElement.Field(key);
            var fieldType = t.FieldType(key);
            if (set.HasMember(pe))
            {
                if (extract)
                {
                    // SMD passes the whole set down here, not the subtree; kept for identical results.
                    output.Add(new(key, Run(schema, v, set, fieldType, extract)));
                }

                changed = true;
                continue;
            }

            var result = v;
            if (set.TryGetChild(pe, out var sub) && !sub.IsEmpty)
            {
                result = Run(schema, v, sub, fieldType, extract);
                changed |= !ReferenceEquals(result, v);
            }
            else if (extract)
            {
                continue;
            }

            output.Add(new(key, result));
        }

        if (!extract && !changed)
        {
            return value;
        }

        return output.Count > 0 ? SsaValue.FromOwnedEntries(output) : null;
    }
}
