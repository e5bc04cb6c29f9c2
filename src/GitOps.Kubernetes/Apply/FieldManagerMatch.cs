using GitOps.Ssa.ManagedFields;

namespace GitOps.Kubernetes.Apply;

/// <summary>
/// A field manager whose managedFields entries the cleanup hands over to the applier (<c>fluxcd/pkg ssa/patch.go FieldManager</c>):
/// entries on the main resource with this operation and a manager named <see cref="Name"/> (or starting with it, unless <see cref="ExactMatch"/>).
/// </summary>
/// <param name="Name">The manager name or prefix.</param>
/// <param name="Operation">The operation of the entries.</param>
/// <param name="ExactMatch">Match the name exactly rather than as a prefix.</param>
public sealed record FieldManagerMatch(string Name, ManagedFieldsOperation Operation, bool ExactMatch = false)
{
    /// <summary>Whether an entry matches.</summary>
    /// <param name="manager">The entry's manager.</param>
    /// <param name="operation">The entry's operation.</param>
    /// <param name="subresource">The entry's subresource (empty for the main resource).</param>
    /// <returns>True when it matches.</returns>
    public bool Matches(string manager, ManagedFieldsOperation operation, string? subresource)
    {
        ArgumentNullException.ThrowIfNull(manager);
        if (operation != Operation || !string.IsNullOrEmpty(subresource))
        {
            return false;
        }

        return ExactMatch ? manager == Name : manager.StartsWith(Name, StringComparison.Ordinal);
    }
}
