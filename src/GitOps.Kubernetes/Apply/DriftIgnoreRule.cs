using GitOps.Selectors;

namespace GitOps.Kubernetes.Apply;

/// <summary>
/// A drift ignore rule of kustomize-controller v1.9 (<c>spec.ignore[]</c>, <c>fluxcd/pkg ssa/jsondiff IgnoreRule</c>): RFC 6901 JSON
/// pointers removed from both sides of the drift check, for the objects the target selects (all when null).
/// </summary>
/// <param name="Paths">The JSON pointers (e.g. <c>/spec/replicas</c>).</param>
/// <param name="Target">The objects the rule applies to; null for all.</param>
public sealed record DriftIgnoreRule(IReadOnlyList<string> Paths, ResourceSelector? Target = null);
