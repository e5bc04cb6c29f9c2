namespace GitOps.Notifications;

/// <summary>What became of one event at one provider.</summary>
/// <param name="Event">The event.</param>
/// <param name="Provider">The provider it was sent to.</param>
/// <param name="Error">Why it was not delivered; null when it was.</param>
public sealed record NotificationResult(FluxEvent Event, INotificationProvider Provider, GitOpsException? Error)
{
    /// <summary>Whether the provider accepted the event.</summary>
    public bool Delivered => Error is null;
}
