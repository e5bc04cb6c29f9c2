using GitOps.Kubernetes.Objects;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Apply;

/// <summary>Options of <see cref="ResourceManager"/>.</summary>
public sealed class ResourceManagerOptions
{
    /// <summary>The field manager of applies and cleanups. Default <c>kustomize-controller</c>, as Flux.</summary>
    public string FieldManager { get; set; } = FluxMetadata.FieldManager;

    /// <summary>How many objects are read and dry-run at once (kustomize-controller's <c>--concurrent-ssa</c>). Default 4.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>The clock for waits. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">The field manager is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The concurrency is not positive.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(FieldManager);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Concurrency, 0);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}

/// <summary>Options of <see cref="ResourceManager.WaitAsync"/> (<c>fluxcd/pkg ssa/manager_wait.go WaitOptions</c>).</summary>
public sealed class WaitOptions
{
    /// <summary>The poll interval. Default 5 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait. Default 60 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Stop at the first Failed object (kustomize-controller's default). Default false, as <c>DefaultWaitOptions</c>.</summary>
    public bool FailFast { get; set; }

    /// <summary>
    /// The Jobs that have <c>spec.ttlSecondsAfterFinished</c> (<see cref="ExtractJobsWithTtl"/>): one of them found deleted counts as
    /// Current, since the TTL controller deletes a Job after it finished (<c>WaitOptions.JobsWithTTL</c>). Any other object found deleted
    /// is NotFound. Default empty.
    /// </summary>
    public ISet<ObjectMetadata> JobsWithTtl { get; } = new HashSet<ObjectMetadata>();

    /// <summary>The Jobs among objects that set <c>spec.ttlSecondsAfterFinished</c>, any value including 0 (<c>fluxcd/pkg ssa/utils/job.go ExtractJobsWithTTL</c>).</summary>
    /// <param name="objects">The objects being applied.</param>
    /// <returns>The identities of those Jobs, for <see cref="JobsWithTtl"/>.</returns>
    public static IReadOnlyList<ObjectMetadata> ExtractJobsWithTtl(IEnumerable<SsaValue> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return objects
            .Where(o => Obj.GetString(o, "kind") == "Job"
                && (Obj.GetString(o, "apiVersion") ?? string.Empty).StartsWith("batch/", StringComparison.Ordinal)
                && Obj.Get(o, "spec", "ttlSecondsAfterFinished") is { Kind: SsaValueKind.Integer })
            .Select(ObjectMetadata.From)
            .ToList();
    }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval or timeout is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Interval, TimeSpan.Zero, nameof(Interval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
    }
}
