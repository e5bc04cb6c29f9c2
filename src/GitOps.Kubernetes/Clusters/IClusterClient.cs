using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Clusters;

/// <summary>How a server-side apply is sent (<c>PATCH application/apply-patch+yaml</c> query parameters).</summary>
/// <param name="FieldManager">The field manager (<c>fieldManager</c>).</param>
/// <param name="Force">Take over conflicting fields (<c>force=true</c>).</param>
/// <param name="DryRun">Compute the result without storing it (<c>dryRun=All</c>).</param>
public readonly record struct ApplyRequest(string FieldManager, bool Force, bool DryRun);

/// <summary>
/// The operations the resource manager needs from a cluster. Implementations: <see cref="OfflineCluster"/> (in memory,
/// through the exact server-side apply engine) and <c>GitOps.Kubernetes.Live.LiveCluster</c> (a real API server).
/// Every method throws <see cref="ClusterException"/> for what the API server refuses.
/// </summary>
public interface IClusterClient
{
    /// <summary>Reads an object.</summary>
    /// <param name="reference">The object.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The live object (with managedFields), or null when it does not exist.</returns>
    Task<SsaValue?> GetAsync(ObjectReference reference, CancellationToken cancellationToken = default);

    /// <summary>Server-side applies an object.</summary>
    /// <param name="obj">The applied configuration.</param>
    /// <param name="request">Manager, force, dry-run.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The object as the API server answers (the would-be result for a dry-run).</returns>
    Task<SsaValue> ApplyAsync(SsaValue obj, ApplyRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sends an RFC 6902 JSON patch (<c>application/json-patch+json</c>).</summary>
    /// <param name="reference">The object.</param>
    /// <param name="operations">The patch operations.</param>
    /// <param name="fieldManager">The field manager recorded for the write.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The patched object.</returns>
    Task<SsaValue> JsonPatchAsync(ObjectReference reference, IReadOnlyList<SsaValue> operations, string fieldManager, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object with background propagation.</summary>
    /// <param name="reference">The object.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>False when it did not exist.</returns>
    Task<bool> DeleteAsync(ObjectReference reference, CancellationToken cancellationToken = default);

    /// <summary>Lists objects of a kind.</summary>
    /// <param name="apiVersion">The apiVersion.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="inNamespace">A namespace, or null for all.</param>
    /// <param name="labelSelector">A label selector (<c>a=b,c</c>), or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The objects.</returns>
    Task<IReadOnlyList<SsaValue>> ListAsync(string apiVersion, string kind, string? inNamespace = null, string? labelSelector = null, CancellationToken cancellationToken = default);

    /// <summary>Whether a kind is namespaced (discovery).</summary>
    /// <param name="apiVersion">The apiVersion.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when namespaced.</returns>
    /// <exception cref="ClusterException">The cluster does not serve the kind (NotFound).</exception>
    Task<bool> IsNamespacedAsync(string apiVersion, string kind, CancellationToken cancellationToken = default);
}
