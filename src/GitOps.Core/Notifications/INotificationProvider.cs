namespace GitOps.Notifications;

/// <summary>A receiver of Flux events (notification-controller's Provider): a webhook, Slack, and so on.</summary>
public interface INotificationProvider
{
    /// <summary>The Provider type as Flux names it, for example <c>generic-hmac</c> or <c>slack</c>.</summary>
    string Type { get; }

    /// <summary>Sends <paramref name="notification"/> (retrying as Flux does).</summary>
    /// <exception cref="NotificationException">The receiver refused it or could not be reached.</exception>
    Task SendAsync(FluxEvent notification, CancellationToken cancellationToken = default);
}
