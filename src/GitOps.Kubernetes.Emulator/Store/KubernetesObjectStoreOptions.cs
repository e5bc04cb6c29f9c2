using GitOps.Ssa.ManagedFields;

namespace GitOps.Kubernetes.Emulator.Store;

/// <summary>Options of <see cref="InMemoryKubernetesObjectStore"/>.</summary>
public sealed class KubernetesObjectStoreOptions
{
    /// <summary>The clock for creationTimestamp, deletionTimestamp and managedFields times. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The most objects stored at once; a create beyond it is refused (507-like 500). Default 100,000.</summary>
    public int MaxObjects { get; set; } = 100_000;

    /// <summary>How many past changes watches can resume from; older resourceVersions get 410 Gone. Default 10,000.</summary>
    public int MaxWatchHistory { get; set; } = 10_000;

    /// <summary>Events a slow watcher may have pending before it is ended. Default 10,000.</summary>
    public int MaxPendingWatchEvents { get; set; } = 10_000;

    /// <summary>Namespaces that exist from the start. Default <c>default</c>, <c>kube-system</c>, <c>kube-public</c>, <c>kube-node-lease</c>.</summary>
    public IList<string> InitialNamespaces { get; } = ["default", "kube-system", "kube-public", "kube-node-lease"];

    /// <summary>Picks Service cluster IPs. Default <see cref="ServiceClusterIPAllocator.Default"/> (10.96.0.0/12).</summary>
    public ServiceClusterIPAllocator ServiceClusterIPAllocator { get; set; } = ServiceClusterIPAllocator.Default;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(ServiceClusterIPAllocator);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxObjects, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWatchHistory, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingWatchEvents, 1);
    }
}
