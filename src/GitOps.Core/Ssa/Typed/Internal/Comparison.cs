using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.FieldPaths.Internal;

namespace GitOps.Ssa.Typed.Internal;

/// <summary>What changed between two values of the same type: fields added, modified and removed.</summary>
internal sealed class Comparison
{
    internal Comparison(FieldSet added, FieldSet modified, FieldSet removed)
    {
        Added = added;
        Modified = modified;
        Removed = removed;
    }

    /// <summary>Fields present only in the new value.</summary>
    public FieldSet Added { get; internal set; }

    /// <summary>Leaf fields present in both with different values.</summary>
    public FieldSet Modified { get; internal set; }

    /// <summary>Fields present only in the old value.</summary>
    public FieldSet Removed { get; internal set; }

    /// <summary>Whether nothing changed.</summary>
    public bool IsSame => Added.IsEmpty && Modified.IsEmpty && Removed.IsEmpty;

    internal Comparison ExcludeFields(FieldSet? fields)
    {
        if (fields is null || fields.IsEmpty)
        {
            return this;
        }

        Removed = Removed.RecursiveDifference(fields);
        Modified = Modified.RecursiveDifference(fields);
        Added = Added.RecursiveDifference(fields);
        return this;
    }

    internal Comparison Filter(IFieldSetFilter? filter)
    {
        if (filter is null)
        {
            return this;
        }

        Removed = filter.Filter(Removed);
        Modified = filter.Filter(Modified);
        Added = filter.Filter(Added);
        return this;
    }
}
