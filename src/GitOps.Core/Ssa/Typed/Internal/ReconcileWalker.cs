using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Schema;

namespace GitOps.Ssa.Typed.Internal;

/// <summary>
/// Rewrites a managed field set after a schema change made a granular list or map atomic: ownership
/// of its children becomes ownership of the whole (SMD's ReconcileFieldSetWithSchema).
/// </summary>
internal sealed class ReconcileWalker(SsaSchema schema)
{
    private readonly PathStack _path = new();
    private FieldSet? _toRemove;
    private FieldSet? _toAdd;

    /// <summary>Returns the reconciled set, or null when nothing changes.</summary>
    public FieldSet? Reconcile(FieldSet set, TypeRef tr)
    {
        Walk(set, tr, isAtomic: false);
        if (_toAdd is null && _toRemove is null)
        {
            return null;
        }

        var result = set;
        if (_toRemove is not null)
        {
            result = result.RecursiveDifference(_toRemove);
        }

        if (_toAdd is not null)
        {
            result = result.Union(_toAdd);
        }

        return result;
    }

    private void Walk(FieldSet? set, TypeRef tr, bool isAtomic)
    {
        var atom = schema.Resolve(tr);
        if (atom is null)
        {
            throw new SsaValidationException($"errors reconciling field set with schema: could not resolve {tr}");
        }

        if (atom.Map is { } map)
        {
            if (IsUntypedDeducedMap(map))
            {
                return;
            }

            if (!isAtomic && map.ElementRelationship == ElementRelationship.Atomic)
            {
                if (set is not null && set.Count > 0)
                {
                    MarkAtomic();
                }

                return;
            }

            if (set is not null)
            {
                VisitItems(set, map, null, skipEmpty: true);
            }
        }
        else if (atom.List is { } list)
        {
            if (!isAtomic && list.ElementRelationship == ElementRelationship.Atomic)
            {
                MarkAtomic();
                return;
            }

            if (set is not null)
            {
                VisitItems(set, null, list, skipEmpty: false);
            }
        }
    }

    private void MarkAtomic()
    {
        (_toRemove ??= new FieldSet()).Insert(_path.Span);
        (_toAdd ??= new FieldSet()).Insert(_path.Span);
    }

    private void VisitItems(FieldSet element, MapType? map, ListType? list, bool skipEmpty)
    {
        foreach (var node in element.RawChildren)
        {
            if (!element.HasMember(node.Element))
            {
                Visit(element, node.Element, TypeOf(node.Element, map, list), isMember: false, skipEmpty);
            }
        }

        foreach (var pe in element.RawMembers)
        {
            Visit(element, pe, TypeOf(pe, map, list), isMember: true, skipEmpty);
        }
    }

    // The type of an item: a map's field or element type, or a list's element type.
    private static TypeRef TypeOf(PathElement pe, MapType? map, ListType? list) =>
        map is null ? list!.ElementType : pe.Kind == PathElementKind.Field ? map.FieldType(pe.FieldName) : map.ElementType;

    private void Visit(FieldSet element, PathElement pe, TypeRef tr, bool isMember, bool skipEmpty)
    {
        if (skipEmpty && tr.IsEmpty)
        {
            return;
        }

        var hasChildren = element.TryGetChild(pe, out var child);
        _path.Push(pe);
        Walk(hasChildren ? child : null, tr, isMember && !hasChildren);
        _path.Pop();
    }

    private static bool IsUntypedDeducedMap(MapType m)
    {
        if (m.Fields.Count != 0)
        {
            return false;
        }

        var e = m.ElementType;
        if (e.NamedType is not null)
        {
            return e.NamedType == SsaSchema.DeducedTypeName;
        }

        return e.Inlined?.Scalar == ScalarType.Untyped;
    }
}
