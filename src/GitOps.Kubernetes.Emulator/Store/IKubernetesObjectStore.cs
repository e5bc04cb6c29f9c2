using GitOps.Kubernetes.Emulator.Resources;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Store;

/// <summary>
/// The API server's object store without HTTP: every verb of the Kubernetes REST API on objects as
/// <see cref="SsaValue"/>s, with the semantics of kube-apiserver (server-side apply and managedFields,
/// resourceVersion and optimistic concurrency, generation, uid, creationTimestamp, namespaces, finalizers,
/// watch, CRDs that start serving their custom resources). The HTTP server and in-process callers share it.
/// </summary>
/// <remarks>
/// Refusals throw <see cref="KubernetesApiException"/> carrying the API server's status code and
/// <c>Status</c> object (404 NotFound, 409 AlreadyExists/Conflict, 422 Invalid, ...). Objects are
/// returned at the API version of the type each call names.
/// </remarks>
public interface IKubernetesObjectStore
{
    /// <summary>The types served now (built-in kinds and those of stored CRDs).</summary>
    KubernetesResourceCatalog Resources { get; }

    /// <summary>The newest resourceVersion of the store.</summary>
    string ResourceVersion { get; }

    /// <summary>Reads one object (GET); through <c>scale</c> the answer is an <c>autoscaling/v1</c> Scale.</summary>
    /// <param name="type">The type.</param>
    /// <param name="namespaceName">The namespace; null for cluster-scoped types.</param>
    /// <param name="name">The name.</param>
    /// <param name="subresource">Null, <c>status</c> or <c>scale</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The object.</returns>
    ValueTask<SsaValue> GetAsync(KubernetesResourceType type, string? namespaceName, string name, string? subresource = null, CancellationToken cancellationToken = default);

    /// <summary>Lists objects (GET on a collection), filtered by label and field selectors.</summary>
    /// <param name="type">The type.</param>
    /// <param name="namespaceName">The namespace, or null for all namespaces (and for cluster-scoped types).</param>
    /// <param name="options">Selectors and paging; null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The list object (<c>kind: XxxList</c>, <c>metadata.resourceVersion</c>, <c>items</c>).</returns>
    ValueTask<SsaValue> ListAsync(KubernetesResourceType type, string? namespaceName, KubernetesListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Watches changes from a resourceVersion on; ends when cancelled.</summary>
    /// <param name="type">The type.</param>
    /// <param name="namespaceName">The namespace, or null for all.</param>
    /// <param name="options">Selectors, start resourceVersion, bookmarks.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The events.</returns>
    IAsyncEnumerable<KubernetesWatchEvent> WatchAsync(KubernetesResourceType type, string? namespaceName, KubernetesWatchOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Creates an object (POST); <c>metadata.generateName</c> is honoured.</summary>
    /// <param name="type">The type.</param>
    /// <param name="namespaceName">The namespace; null for cluster-scoped types.</param>
    /// <param name="obj">The object.</param>
    /// <param name="options">Field manager and dry run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored object.</returns>
    ValueTask<KubernetesWriteResult> CreateAsync(KubernetesResourceType type, string? namespaceName, SsaValue obj, KubernetesWriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces an object (PUT), with optimistic concurrency when <c>metadata.resourceVersion</c> is set.</summary>
    /// <param name="type">The type.</param>
    /// <param name="namespaceName">The namespace; null for cluster-scoped types.</param>
    /// <param name="name">The name.</param>
    /// <param name="obj">The whole object.</param>
    /// <param name="options">Field manager and dry run.</param>
    /// <param name="subresource">Null, <c>status</c> or <c>scale</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored object.</returns>
    ValueTask<KubernetesWriteResult> UpdateAsync(KubernetesResourceType type, string? namespaceName, string name, SsaValue obj, KubernetesWriteOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default);

    /// <summary>Server-side applies a configuration (PATCH <c>application/apply-patch+yaml</c>); creates when absent.</summary>
    /// <param name="type">The type.</param>
    /// <param name="namespaceName">The namespace; null for cluster-scoped types.</param>
    /// <param name="name">The name.</param>
    /// <param name="config">The applied configuration.</param>
    /// <param name="options">Field manager (required), force, dry run.</param>
    /// <param name="subresource">Null, <c>status</c> or <c>scale</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored object; <see cref="KubernetesWriteResult.Created"/> when the apply created it.</returns>
    ValueTask<KubernetesWriteResult> ApplyAsync(KubernetesResourceType type, string? namespaceName, string name, SsaValue config, KubernetesWriteOptions options, string? subresource = null, CancellationToken cancellationToken = default);

    /// <summary>Patches an object (PATCH with a JSON merge, JSON or strategic merge patch).</summary>
    /// <param name="type">The type.</param>
    /// <param name="namespaceName">The namespace; null for cluster-scoped types.</param>
    /// <param name="name">The name.</param>
    /// <param name="patchType">The kind of patch.</param>
    /// <param name="patch">The patch document (JSON).</param>
    /// <param name="options">Field manager and dry run.</param>
    /// <param name="subresource">Null, <c>status</c> or <c>scale</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored object.</returns>
    ValueTask<KubernetesWriteResult> PatchAsync(KubernetesResourceType type, string? namespaceName, string name, KubernetesPatchType patchType, string patch, KubernetesWriteOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object (DELETE): at once, or marked with <c>deletionTimestamp</c> while finalizers remain.</summary>
    /// <param name="type">The type.</param>
    /// <param name="namespaceName">The namespace; null for cluster-scoped types.</param>
    /// <param name="name">The name.</param>
    /// <param name="options">Propagation, preconditions, dry run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened.</returns>
    ValueTask<KubernetesDeleteResult> DeleteAsync(KubernetesResourceType type, string? namespaceName, string name, KubernetesDeleteOptions? options = null, CancellationToken cancellationToken = default);
}
