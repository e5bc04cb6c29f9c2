using Microsoft.Extensions.Logging;

namespace GitOps.Notifications.Internal;

/// <summary>Notification log messages. Event ids 1300–1399; addresses are masked and tokens never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.NotificationDelivered, Level = LogLevel.Debug, Message = "Delivered notification to {Address} in {Attempts} attempt(s)")]
    public static partial void Delivered(ILogger logger, string address, int attempts);

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.NotificationRetrying, Level = LogLevel.Warning, Message = "Attempt {Attempt} to notify {Address} failed, retrying in {Delay}: {Reason}")]
    public static partial void Retrying(ILogger logger, string address, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.NotificationFailed, Level = LogLevel.Warning, Message = "Notifying {Address} failed: {Reason}")]
    public static partial void Failed(ILogger logger, string address, string reason);
}
