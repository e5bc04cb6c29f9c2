using System.Globalization;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Health;

/// <summary>
/// kstatus <c>Compute</c> (<c>fluxcd/cli-utils pkg/kstatus/status/core.go</c>, <c>generic.go</c>): deletion, observed generation,
/// <c>Reconciling</c>/<c>Stalled</c> conditions, then the rules of built-in kinds (Deployment, StatefulSet, DaemonSet, ReplicaSet,
/// Pod, PersistentVolumeClaim, Job, Service, CustomResourceDefinition) or the <c>Ready</c> condition of other kinds;
/// an object with no conditions is Current.
/// </summary>
public static class StatusComputer
{
    /// <summary>Computes an object's status.</summary>
    /// <param name="obj">The live object.</param>
    /// <returns>The status and message.</returns>
    public static HealthResult Compute(SsaValue obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (Generic(obj) is { } generic)
        {
            return generic;
        }

        var group = Objects.ObjectMetadata.SplitApiVersion(Obj.GetString(obj, "apiVersion") ?? string.Empty).Group;
        return (group, Obj.GetString(obj, "kind")) switch
        {
            ("apps", "Deployment") => Deployment(obj),
            ("apps", "StatefulSet") => StatefulSet(obj),
            ("apps", "DaemonSet") => DaemonSet(obj),
            ("apps", "ReplicaSet") => ReplicaSet(obj),
            ("", "Pod") => Pod(obj),
            ("", "PersistentVolumeClaim") => Obj.GetString(obj, "status", "phase") == "Bound"
                ? new(HealthStatus.Current, "PVC is Bound")
                : new(HealthStatus.InProgress, "PVC is not Bound. phase: " + Obj.GetString(obj, "status", "phase")),
            ("batch", "Job") => Job(obj),
            ("", "Service") => Service(obj),
            ("apiextensions.k8s.io", "CustomResourceDefinition") => Crd(obj),
            ("", "Secret" or "ConfigMap") or ("batch", "CronJob") or ("policy", "PodDisruptionBudget") => new(HealthStatus.Current, "Resource is always ready"),
            _ => ReadyCondition(obj),
        };
    }

    private static HealthResult? Generic(SsaValue obj)
    {
        if (Obj.Get(obj, "metadata", "deletionTimestamp") is { IsNull: false })
        {
            return new(HealthStatus.Terminating, "Resource scheduled for deletion");
        }

        if (Obj.GetInt(obj, "status", "observedGeneration") is { } observed && Obj.GetInt(obj, "metadata", "generation") is { } generation && observed != generation)
        {
            var kind = Obj.GetString(obj, "kind");
            return new(HealthStatus.InProgress, string.Create(CultureInfo.InvariantCulture, $"{kind} generation is {generation}, but latest observed generation is {observed}"));
        }

        if (Condition(obj, "Reconciling") is { } reconciling && Obj.GetString(reconciling, "status") == "True")
        {
            return new(HealthStatus.InProgress, Obj.GetString(reconciling, "message") ?? string.Empty);
        }

        if (Condition(obj, "Stalled") is { } stalled && Obj.GetString(stalled, "status") == "True")
        {
            return new(HealthStatus.Failed, Obj.GetString(stalled, "message") ?? string.Empty);
        }

        return null;
    }

    private static HealthResult Deployment(SsaValue obj)
    {
        var progressing = Obj.Get(obj, "spec", "progressDeadlineSeconds") is null;
        var available = false;
        foreach (var c in Obj.GetList(obj, "status", "conditions"))
        {
            switch (Obj.GetString(c, "type"))
            {
                case "Progressing" when Obj.GetString(c, "reason") == "ProgressDeadlineExceeded":
                    return new(HealthStatus.Failed, "Progress deadline exceeded");
                case "Progressing" when Obj.GetString(c, "status") == "True" && Obj.GetString(c, "reason") == "NewReplicaSetAvailable":
                    progressing = true;
                    break;
                case "Available" when Obj.GetString(c, "status") == "True":
                    available = true;
                    break;
            }
        }

        var spec = Int(obj, 1, "spec", "replicas");
        var replicas = Int(obj, 0, "status", "replicas");
        var updated = Int(obj, 0, "status", "updatedReplicas");
        var ready = Int(obj, 0, "status", "readyReplicas");
        var availableReplicas = Int(obj, 0, "status", "availableReplicas");
        return spec > replicas ? Progress($"Replicas: {replicas}/{spec}")
            : spec > updated ? Progress($"Updated: {updated}/{spec}")
            : replicas > spec ? Progress($"Pending termination: {replicas - spec}")
            : updated > availableReplicas ? Progress($"Available: {availableReplicas}/{updated}")
            : spec > ready ? Progress($"Ready: {ready}/{spec}")
            : !progressing ? Progress("ReplicaSet not Available")
            : !available ? Progress("Deployment not Available")
            : new(HealthStatus.Current, string.Create(CultureInfo.InvariantCulture, $"Deployment is available. Replicas: {replicas}"));
    }

    private static HealthResult StatefulSet(SsaValue obj)
    {
        if (Obj.GetString(obj, "spec", "updateStrategy", "type") == "OnDelete")
        {
            return new(HealthStatus.Current, "StatefulSet is using the ondelete update strategy");
        }

        var spec = Int(obj, 1, "spec", "replicas");
        var replicas = Int(obj, 0, "status", "replicas");
        var ready = Int(obj, 0, "status", "readyReplicas");
        var current = Int(obj, 0, "status", "currentReplicas");
        var updated = Int(obj, 0, "status", "updatedReplicas");
        var partition = Int(obj, -1, "spec", "updateStrategy", "rollingUpdate", "partition");
        if (spec > replicas)
        {
            return Progress($"Replicas: {replicas}/{spec}");
        }

        if (spec > ready)
        {
            return Progress($"Ready: {ready}/{spec}");
        }

        if (replicas > spec)
        {
            return Progress($"Pending termination: {replicas - spec}");
        }

        if (partition != -1)
        {
            return updated < spec - partition
                ? Progress($"updated: {updated}/{spec - partition}")
                : new(HealthStatus.Current, string.Create(CultureInfo.InvariantCulture, $"Partitioned roll out complete. updated: {updated}/{spec - partition}"));
        }

        if (spec > current)
        {
            return Progress($"current: {current}/{spec}");
        }

        var currentRevision = Obj.GetString(obj, "status", "currentRevision");
        var updateRevision = Obj.GetString(obj, "status", "updateRevision");
        return currentRevision != updateRevision
            ? Progress($"Waiting for updated revision {updateRevision} to match current {currentRevision}")
            : new(HealthStatus.Current, string.Create(CultureInfo.InvariantCulture, $"All replicas scheduled as expected. Replicas: {replicas}"));
    }

    private static HealthResult DaemonSet(SsaValue obj)
    {
        if (Obj.Get(obj, "status", "observedGeneration") is null)
        {
            return Progress("Missing .status.observedGeneration");
        }

        var desired = Int(obj, -1, "status", "desiredNumberScheduled");
        if (desired == -1)
        {
            return Progress("Missing .status.desiredNumberScheduled");
        }

        var current = Int(obj, 0, "status", "currentNumberScheduled");
        var updated = Int(obj, 0, "status", "updatedNumberScheduled");
        var available = Int(obj, 0, "status", "numberAvailable");
        var ready = Int(obj, 0, "status", "numberReady");
        return desired > current ? Progress($"Current: {current}/{desired}")
            : desired > updated ? Progress($"Updated: {updated}/{desired}")
            : desired > available ? Progress($"Available: {available}/{desired}")
            : desired > ready ? Progress($"Ready: {ready}/{desired}")
            : new(HealthStatus.Current, string.Create(CultureInfo.InvariantCulture, $"All replicas scheduled as expected. Replicas: {desired}"));
    }

    private static HealthResult ReplicaSet(SsaValue obj)
    {
        if (Condition(obj, "ReplicaFailure") is { } failure && Obj.GetString(failure, "status") == "True")
        {
            return Progress("Replica Failure condition. Check Pods");
        }

        var spec = Int(obj, 1, "spec", "replicas");
        var replicas = Int(obj, 0, "status", "replicas");
        var labelled = Int(obj, 0, "status", "fullyLabeledReplicas");
        var available = Int(obj, 0, "status", "availableReplicas");
        var ready = Int(obj, 0, "status", "readyReplicas");
        return spec > labelled ? Progress($"Labelled: {labelled}/{spec}")
            : spec > available ? Progress($"Available: {available}/{spec}")
            : spec > ready ? Progress($"Ready: {ready}/{spec}")
            : replicas > spec ? Progress($"Pending termination: {replicas - spec}")
            : new(HealthStatus.Current, string.Create(CultureInfo.InvariantCulture, $"ReplicaSet is available. Replicas: {replicas}"));
    }

    private static HealthResult Pod(SsaValue obj)
    {
        switch (Obj.GetString(obj, "status", "phase"))
        {
            case "Succeeded":
                return new(HealthStatus.Current, "Pod has completed successfully");
            case "Failed":
                return new(HealthStatus.Failed, "Pod has completed, but not successfully");
            case "Running":
                if (Condition(obj, "Ready") is { } ready && Obj.GetString(ready, "status") == "True")
                {
                    return new(HealthStatus.Current, "Pod is Ready");
                }

                var crashing = Obj.GetList(obj, "status", "containerStatuses")
                    .Any(c => Obj.GetString(c, "state", "waiting", "reason") == "CrashLoopBackOff");
                return crashing ? new(HealthStatus.Failed, "Pod is in CrashLoopBackOff") : Progress("Pod is running but is not Ready");
            default:
                return Condition(obj, "PodScheduled") is { } scheduled && Obj.GetString(scheduled, "status") == "False" && Obj.GetString(scheduled, "reason") == "Unschedulable"
                    ? Progress("Pod could not be scheduled")
                    : Progress("Pod is in the Pending phase");
        }
    }

    private static HealthResult Job(SsaValue obj)
    {
        var parallelism = Int(obj, 1, "spec", "parallelism");
        var completions = Int(obj, parallelism, "spec", "completions");
        var succeeded = Int(obj, 0, "status", "succeeded");
        var active = Int(obj, 0, "status", "active");
        var failed = Int(obj, 0, "status", "failed");
        foreach (var c in Obj.GetList(obj, "status", "conditions"))
        {
            if (Obj.GetString(c, "status") != "True")
            {
                continue;
            }

            switch (Obj.GetString(c, "type"))
            {
                case "Failed":
                    return new(HealthStatus.Failed, string.Create(CultureInfo.InvariantCulture, $"Job Failed. failed: {failed}/{completions}"));
                case "Complete":
                    return new(HealthStatus.Current, string.Create(CultureInfo.InvariantCulture, $"Job Completed. succeeded: {succeeded}/{completions}"));
            }
        }

        return Obj.Get(obj, "status", "startTime") is null
            ? Progress("Job not started")
            : Progress($"Job in progress. success:{succeeded}, active: {active}, failed: {failed}");
    }

    private static HealthResult Service(SsaValue obj) =>
        Obj.GetString(obj, "spec", "type") == "LoadBalancer" && Obj.GetList(obj, "status", "loadBalancer", "ingress").Count == 0
            ? Progress("Pending external IP")
            : new(HealthStatus.Current, "Service is ready");

    private static HealthResult Crd(SsaValue obj)
    {
        foreach (var c in Obj.GetList(obj, "status", "conditions"))
        {
            var type = Obj.GetString(c, "type");
            var status = Obj.GetString(c, "status");
            if (type == "NamesAccepted" && status == "False")
            {
                return new(HealthStatus.Failed, "Names not accepted");
            }

            if (type == "Established" && status == "True")
            {
                return new(HealthStatus.Current, "CRD is established");
            }
        }

        return Progress("Install in progress");
    }

    private static HealthResult ReadyCondition(SsaValue obj)
    {
        if (Condition(obj, "Ready") is not { } ready)
        {
            return new(HealthStatus.Current, "Resource is current");
        }

        return Obj.GetString(ready, "status") == "True"
            ? new(HealthStatus.Current, Obj.GetString(ready, "message") ?? "Resource is Ready")
            : new(HealthStatus.InProgress, Obj.GetString(ready, "message") ?? "Resource is not Ready");
    }

    private static SsaValue? Condition(SsaValue obj, string type) =>
        Obj.GetList(obj, "status", "conditions").FirstOrDefault(c => Obj.GetString(c, "type") == type);

    private static long Int(SsaValue obj, long fallback, params string[] path) => Obj.GetInt(obj, path) ?? fallback;

    private static HealthResult Progress(FormattableString message) => new(HealthStatus.InProgress, message.ToString(CultureInfo.InvariantCulture));

    private static HealthResult Progress(string message) => new(HealthStatus.InProgress, message);
}
