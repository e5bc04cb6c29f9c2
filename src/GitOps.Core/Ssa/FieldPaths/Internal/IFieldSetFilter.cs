namespace GitOps.Ssa.FieldPaths.Internal;

/// <summary>Removes fields from a set, e.g. the fields a resource resets and nobody may own.</summary>
internal interface IFieldSetFilter
{
    /// <summary>Filters a set.</summary>
    /// <param name="fields">The set.</param>
    /// <returns>The filtered set.</returns>
    FieldSet Filter(FieldSet fields);
}

/// <summary>A filter that removes the given paths and everything under them.</summary>
/// <param name="excluded">The paths to remove.</param>
internal sealed class ExcludeFieldSetFilter(FieldSet excluded) : IFieldSetFilter
{
    /// <summary>The paths removed.</summary>
    public FieldSet Excluded { get; } = excluded ?? throw new ArgumentNullException(nameof(excluded));

    /// <inheritdoc />
    public FieldSet Filter(FieldSet fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.RecursiveDifference(Excluded);
    }
}
