namespace GitOps.Kubernetes.Health;

/// <summary>kstatus's status values (<c>fluxcd/cli-utils pkg/kstatus/status/status.go</c>).</summary>
public enum HealthStatus
{
    /// <summary>The status cannot be told.</summary>
    Unknown,

    /// <summary>The object is being reconciled.</summary>
    InProgress,

    /// <summary>The object failed (stalled) and will not become ready by waiting.</summary>
    Failed,

    /// <summary>The object is reconciled and ready.</summary>
    Current,

    /// <summary>The object is being deleted.</summary>
    Terminating,

    /// <summary>The object does not exist.</summary>
    NotFound,
}

/// <summary>The status of one object and why.</summary>
/// <param name="Status">The status.</param>
/// <param name="Message">kstatus's message.</param>
public sealed record HealthResult(HealthStatus Status, string Message);
