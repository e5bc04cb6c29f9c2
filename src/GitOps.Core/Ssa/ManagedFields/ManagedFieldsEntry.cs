using GitOps.Ssa.FieldPaths;

namespace GitOps.Ssa.ManagedFields;

/// <summary>The kind of write a managedFields entry records.</summary>
public enum ManagedFieldsOperation
{
    /// <summary>A server-side apply.</summary>
    Apply,

    /// <summary>Any other write (create, update, patch).</summary>
    Update,
}

/// <summary>One entry of <c>metadata.managedFields</c>.</summary>
/// <param name="Manager">The field manager name.</param>
/// <param name="Operation">Apply or Update.</param>
/// <param name="ApiVersion">The API version the field paths are expressed in.</param>
/// <param name="Time">When the manager last changed the object; absent for writes that changed nothing.</param>
/// <param name="Fields">The owned fields.</param>
/// <param name="Subresource">The subresource written through, or null for the main resource.</param>
public sealed record ManagedFieldsEntry(string Manager, ManagedFieldsOperation Operation, string ApiVersion, DateTimeOffset? Time, FieldSet Fields, string? Subresource = null);

/// <summary>The outcome of an apply or update through <see cref="FieldManager"/>.</summary>
/// <param name="Value">The resulting object, with <c>metadata.managedFields</c> set.</param>
/// <param name="ManagedFields">The managedFields entries, in the API server's order.</param>
public sealed record FieldManagerResult(Values.SsaValue Value, IReadOnlyList<ManagedFieldsEntry> ManagedFields);
