using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Health;

/// <summary>
/// A ready-replica percentage a workload must reach, as Flagger's <c>primaryReadyThreshold</c> (default 100): Deployments,
/// StatefulSets and ReplicaSets count <c>status.readyReplicas</c> against <c>spec.replicas</c>, DaemonSets <c>numberReady</c> against
/// <c>desiredNumberScheduled</c>.
/// </summary>
public static class ReadinessThreshold
{
    /// <summary>The percentage of ready replicas (100 when none are wanted).</summary>
    /// <param name="workload">The live workload.</param>
    /// <returns>0–100 (or more while scaling down).</returns>
    public static double ReadyPercent(SsaValue workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var daemonSet = Obj.GetString(workload, "kind") == "DaemonSet";
        var wanted = daemonSet ? Obj.GetInt(workload, "status", "desiredNumberScheduled") ?? 0 : Obj.GetInt(workload, "spec", "replicas") ?? 1;
        var ready = daemonSet ? Obj.GetInt(workload, "status", "numberReady") ?? 0 : Obj.GetInt(workload, "status", "readyReplicas") ?? 0;
        return wanted <= 0 ? 100 : ready * 100.0 / wanted;
    }

    /// <summary>Whether a workload is at or above a ready-replica percentage.</summary>
    /// <param name="workload">The live workload.</param>
    /// <param name="percent">The threshold, 0–100.</param>
    /// <returns>True when reached.</returns>
    public static bool IsReady(SsaValue workload, int percent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        return ReadyPercent(workload) >= percent;
    }
}
