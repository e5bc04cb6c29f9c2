using GitOps.Ssa.FieldPaths;

namespace GitOps.Ssa.Merge;

/// <summary>
/// The fields one field manager owns, at the API version it used, and whether it owns them by apply
/// (structured-merge-diff's <c>fieldpath.VersionedSet</c>; a <see cref="ManagedFields.ManagedFieldsEntry"/> without
/// the API server's time and subresource).
/// </summary>
/// <param name="Set">The owned fields.</param>
/// <param name="ApiVersion">The API version the paths are expressed in.</param>
/// <param name="Applied">True when owned through an apply, false through an update.</param>
public sealed record VersionedFieldSet(FieldSet Set, string ApiVersion, bool Applied);
