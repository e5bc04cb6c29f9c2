namespace GitOps.Ssa.ApiServer;

/// <summary>One entry of a Kubernetes <c>Status</c>'s <c>details.causes</c>.</summary>
/// <param name="Reason">The machine-readable cause (<c>FieldValueInvalid</c>, <c>FieldValueForbidden</c>, <c>FieldValueRequired</c>, ...).</param>
/// <param name="Message">The human-readable message (e.g. <c>Forbidden: field is immutable</c>).</param>
/// <param name="Field">The field path the cause is about (e.g. <c>spec.selector</c>), or empty.</param>
public sealed record KubernetesStatusCause(string Reason, string Message, string Field);
