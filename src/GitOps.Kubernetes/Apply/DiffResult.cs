using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Apply;

/// <summary>What <see cref="ResourceManager.DiffAsync"/> found for one object.</summary>
/// <param name="Entry">The action an apply would take.</param>
/// <param name="Live">The live object for a drifted object (no managedFields, ignored paths stripped, Secret data masked); else null.</param>
/// <param name="Merged">The dry-run result for a drifted object, prepared as <paramref name="Live"/>; else null.</param>
/// <param name="LiveWithManagedFields">The live object as read, with managedFields (to attribute changes to their field managers); null when absent.</param>
public sealed record DiffResult(ChangeSetEntry Entry, SsaValue? Live, SsaValue? Merged, SsaValue? LiveWithManagedFields = null);
