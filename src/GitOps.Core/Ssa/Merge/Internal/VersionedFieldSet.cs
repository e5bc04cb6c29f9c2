using GitOps.Ssa.FieldPaths;

namespace GitOps.Ssa.Merge.Internal;

/// <summary>The fields one manager owns, at the API version it used, and whether it owns them by apply.</summary>
/// <param name="Set">The owned fields.</param>
/// <param name="ApiVersion">The API version the paths are expressed in.</param>
/// <param name="Applied">True when owned through an apply, false through an update.</param>
internal sealed record VersionedFieldSet(FieldSet Set, string ApiVersion, bool Applied);
