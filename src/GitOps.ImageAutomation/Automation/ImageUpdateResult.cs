using GitOps.ImageAutomation.Setters;
using GitOps.Notifications;

namespace GitOps.ImageAutomation.Automation;

/// <summary>What one automation run did.</summary>
/// <param name="Commit">The pushed commit's hash; null when nothing changed.</param>
/// <param name="Branch">The branch pushed to (or that would have been).</param>
/// <param name="Message">The commit message; null when nothing changed.</param>
/// <param name="Changes">What the setters changed.</param>
/// <param name="Event">The event emitted for the push; null when nothing was pushed.</param>
/// <param name="Notifications">What became of the event at each provider.</param>
public sealed record ImageUpdateResult(
    string? Commit,
    string Branch,
    string? Message,
    SetterResult Changes,
    FluxEvent? Event,
    IReadOnlyList<NotificationResult> Notifications)
{
    /// <summary>Whether a commit was pushed.</summary>
    public bool Pushed => Commit is not null;
}
