namespace GitOps.Notifications;

/// <summary>The severities of a Flux event (<c>fluxcd/pkg apis/event/v1beta1</c>).</summary>
public static class EventSeverity
{
    /// <summary>Trace events, which notification-controller only forwards to commit status providers.</summary>
    public const string Trace = "trace";

    /// <summary>Information only.</summary>
    public const string Info = "info";

    /// <summary>Something failed.</summary>
    public const string Error = "error";
}
