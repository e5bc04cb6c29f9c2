namespace GitOps.ImageAutomation.Setters;

/// <summary>One marked value that changed.</summary>
/// <param name="Setter">The setter, for example <c>flux-system:app</c> or <c>flux-system:app:tag</c>.</param>
/// <param name="OldValue">The value before.</param>
/// <param name="NewValue">The value written.</param>
/// <param name="Policy">The policy whose image was written.</param>
public sealed record SetterChange(string Setter, string OldValue, string NewValue, ImagePolicyResult Policy);
