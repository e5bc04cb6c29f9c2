using GitOps.Ssa.Values;
using static GitOps.Kubernetes.Emulator.Http.Internal.TableFormat;
using static GitOps.Kubernetes.Emulator.Http.Internal.TablePrinters;
using static GitOps.Kubernetes.Emulator.Store.Internal.Obj;

namespace GitOps.Kubernetes.Emulator.Http.Internal;

/// <summary>The pod printer's cells: ready containers, the aggregate status reason, restarts, and the wide columns.</summary>
internal static class PodRow
{
    public static SsaValue[] Cells(SsaValue pod, DateTimeOffset now)
    {
        var initContainers = Items(Path(pod, "spec.initContainers"));
        var restartable = initContainers.Where(c => GetString(c, "restartPolicy") == "Always").Select(c => GetString(c, "name")).ToHashSet(StringComparer.Ordinal);
        var totalContainers = Items(Path(pod, "spec.containers")).Count + restartable.Count;
        var readyContainers = 0;
        var restarts = 0L;
        var restartableRestarts = 0L;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastRestartableRestart = null;
        var phase = Text(Path(pod, "status.phase"));
        var reason = Text(Path(pod, "status.reason")) is { Length: > 0 } r ? r : phase;
        var conditions = Items(Path(pod, "status.conditions"));
        if (conditions.Any(c => GetString(c, "type") == "PodScheduled" && GetString(c, "reason") == "SchedulingGated"))
        {
            reason = "SchedulingGated";
        }

        var initializing = false;
        var initStatuses = Items(Path(pod, "status.initContainerStatuses"));
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            restarts += Int(Get(container, "restartCount"));
            var finished = ParseTime(Path(container, "lastState.terminated.finishedAt"));
            lastRestart = Later(lastRestart, finished);
            var isRestartable = restartable.Contains(GetString(container, "name") ?? string.Empty);
            if (isRestartable)
            {
                restartableRestarts += Int(Get(container, "restartCount"));
                lastRestartableRestart = Later(lastRestartableRestart, finished);
            }

            var terminated = Path(container, "state.terminated");
            var waitingReason = Text(Path(container, "state.waiting.reason"));
            if (terminated is not null && Int(Get(terminated, "exitCode")) == 0)
            {
                continue;
            }

            if (isRestartable && Get(container, "started") is { Kind: SsaValueKind.Boolean } started && started.AsBoolean)
            {
                if (IsTrue(Get(container, "ready")))
                {
                    readyContainers++;
                }

                continue;
            }

            if (terminated is not null)
            {
                reason = Text(Get(terminated, "reason")) is { Length: > 0 } tr ? "Init:" + tr
                    : Int(Get(terminated, "signal")) != 0 ? "Init:Signal:" + Int(Get(terminated, "signal"))
                    : "Init:ExitCode:" + Int(Get(terminated, "exitCode"));
            }
            else if (waitingReason.Length > 0 && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = "Init:" + i + "/" + initContainers.Count;
            }

            initializing = true;
            break;
        }

        var initialized = conditions.Any(c => GetString(c, "type") == "Initialized" && GetString(c, "status") == "True");
        if (!initializing || initialized)
        {
            restarts = restartableRestarts;
            lastRestart = lastRestartableRestart;
            var hasRunning = false;
            var statuses = Items(Path(pod, "status.containerStatuses"));
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += Int(Get(container, "restartCount"));
                lastRestart = Later(lastRestart, ParseTime(Path(container, "lastState.terminated.finishedAt")));
                var terminated = Path(container, "state.terminated");
                if (Text(Path(container, "state.waiting.reason")) is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (terminated is not null)
                {
                    reason = Text(Get(terminated, "reason")) is { Length: > 0 } tr ? tr
                        : Int(Get(terminated, "signal")) != 0 ? "Signal:" + Int(Get(terminated, "signal"))
                        : "ExitCode:" + Int(Get(terminated, "exitCode"));
                }
                else if (IsTrue(Get(container, "ready")) && Path(container, "state.running") is not null)
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }

            if (reason == "Completed" && hasRunning)
            {
                reason = conditions.Any(c => GetString(c, "type") == "Ready" && GetString(c, "status") == "True") ? "Running" : "NotReady";
            }
        }

        if (Meta(pod, "deletionTimestamp") is not null)
        {
            if (Text(Path(pod, "status.reason")) == "NodeLost")
            {
                reason = "Unknown";
            }
            else if (phase is not ("Succeeded" or "Failed"))
            {
                reason = "Terminating";
            }
        }

        var restartText = restarts != 0 && lastRestart is { } last ? restarts + " (" + HumanDuration(now - last) + " ago)" : restarts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var podIPs = Items(Path(pod, "status.podIPs"));
        var podIP = podIPs.Count > 0 ? Text(Get(podIPs[0], "ip")) : string.Empty;
        var gates = Items(Path(pod, "spec.readinessGates"));
        var gatesText = None;
        if (gates.Count > 0)
        {
            var trueConditions = gates.Count(g => conditions.FirstOrDefault(c => GetString(c, "type") == GetString(g, "conditionType")) is { } c && GetString(c, "status") == "True");
            gatesText = trueConditions + "/" + gates.Count;
        }

        return [S(Name(pod)), S(readyContainers + "/" + totalContainers), S(reason), S(restartText), Age(pod, now),
            S(podIP.Length > 0 ? podIP : None), S(Text(Path(pod, "spec.nodeName")) is { Length: > 0 } node ? node : None),
            S(Text(Path(pod, "status.nominatedNodeName")) is { Length: > 0 } nominated ? nominated : None), S(gatesText)];
    }

    private static bool IsTrue(SsaValue? value) => value is { Kind: SsaValueKind.Boolean } b && b.AsBoolean;

    private static DateTimeOffset? Later(DateTimeOffset? current, DateTimeOffset? candidate) =>
        candidate is { } c && (current is null || current.Value < c) ? c : current;
}
