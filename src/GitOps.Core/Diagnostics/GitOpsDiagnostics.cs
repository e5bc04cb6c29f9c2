using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GitOps.Diagnostics;

/// <summary>
/// The SDK's single <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>,
/// both named <see cref="Name"/>. Subscribe to that name with OpenTelemetry (or an
/// <see cref="ActivityListener"/> / <see cref="MeterListener"/>) to trace and measure every package.
/// </summary>
public static class GitOpsDiagnostics
{
    /// <summary>The name of the activity source and of the meter: <c>GitOps</c>.</summary>
    public const string Name = "GitOps";

    /// <summary>The activity source every GitOps package starts its activities from.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, typeof(GitOpsDiagnostics).Assembly.GetName().Version?.ToString());

    /// <summary>The meter every GitOps package records its instruments on.</summary>
    public static Meter Meter { get; } = new(Name, typeof(GitOpsDiagnostics).Assembly.GetName().Version?.ToString());
}
