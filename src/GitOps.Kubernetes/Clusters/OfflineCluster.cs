using GitOps.Kubernetes.Clusters.Internal;
using GitOps.Kubernetes.Emulator;
using GitOps.Kubernetes.Emulator.Resources;
using GitOps.Kubernetes.Emulator.Store;
using GitOps.Kubernetes.Objects;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Clusters;

/// <summary>Options of <see cref="OfflineCluster"/>.</summary>
public sealed class OfflineClusterOptions
{
    /// <summary>The clock for creation timestamps and managedFields times. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The most objects held (a guard against runaway input). Default 100,000.</summary>
    public int MaxObjects { get; set; } = 100_000;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="MaxObjects"/> is not positive.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxObjects, 0);
    }
}

/// <summary>
/// A cluster in memory: a thin client of the Kubernetes API server emulator's in-process core
/// (<see cref="IKubernetesObjectStore"/>), so writes go through the exact server-side apply engine with the API server's
/// resource versions, UIDs, generations, namespaces, CRDs and refusals. JSON patches are applied here and stored with an
/// update, as the API server does. No controllers run: status stays as written.
/// </summary>
public sealed class OfflineCluster : IClusterClient
{
    private static readonly string[] ServerSetMetadata = ["resourceVersion", "uid", "creationTimestamp", "generation", "selfLink"];
    private static readonly string?[] BuiltInNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];
    private readonly IKubernetesObjectStore _store;

    /// <summary>Creates an empty cluster with default options.</summary>
    public OfflineCluster()
        : this(new OfflineClusterOptions())
    {
    }

    /// <summary>Creates an empty cluster (the emulator's namespaces <c>default</c>, <c>kube-system</c>, ... exist).</summary>
    /// <param name="options">Options.</param>
    public OfflineCluster(OfflineClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = new InMemoryKubernetesObjectStore(new KubernetesObjectStoreOptions { TimeProvider = options.TimeProvider, MaxObjects = options.MaxObjects });
    }

    /// <summary>Wraps an existing store (for example the one an HTTP emulator serves).</summary>
    /// <param name="store">The store.</param>
    public OfflineCluster(IKubernetesObjectStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>The store behind the cluster.</summary>
    public IKubernetesObjectStore Store => _store;

    /// <summary>Stores live objects (with their managedFields and status) as they are, in Flux's order; missing namespaces are created.</summary>
    /// <param name="objects">The objects.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ClusterException">The store refused an object.</exception>
    public async Task LoadAsync(IEnumerable<SsaValue> objects, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objects);
        foreach (var obj in ReconcileOrderOf(objects))
        {
            await Call(async () =>
            {
                var type = Type(ObjectReference.From(obj));
                var ns = Namespace(type, obj);
                if (ns is not null)
                {
                    await EnsureNamespaceAsync(ns, cancellationToken).ConfigureAwait(false);
                }

                var clean = obj;
                foreach (var key in ServerSetMetadata)
                {
                    clean = Obj.WithPath(clean, ["metadata", key], null);
                }

                var created = await _store.CreateAsync(type, ns, clean, new KubernetesWriteOptions { FieldManager = "before-first-apply" }, cancellationToken).ConfigureAwait(false);
                if (Obj.Get(obj, "metadata", "managedFields") is { IsList: true } managed)
                {
                    // An update that sets managedFields itself keeps them as they are (the API server's rule).
                    created = await _store.UpdateAsync(type, ns, Obj.GetString(obj, "metadata", "name")!, Obj.WithPath(created.Value, ["metadata", "managedFields"], managed), new KubernetesWriteOptions { FieldManager = "before-first-apply" }, null, cancellationToken).ConfigureAwait(false);
                }

                if (Obj.Get(obj, "status") is { } status && type.HasSubresource("status"))
                {
                    var withStatus = Obj.With(Obj.WithPath(created.Value, ["metadata", "managedFields"], Obj.Get(obj, "metadata", "managedFields")), "status", status);
                    await _store.UpdateAsync(type, ns, Obj.GetString(obj, "metadata", "name")!, withStatus, new KubernetesWriteOptions { FieldManager = "before-first-apply" }, "status", cancellationToken).ConfigureAwait(false);
                }

                return 0;
            }).ConfigureAwait(false);
        }
    }

    /// <summary>Loads every <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> file under a folder (recursively; <c>List</c> kinds are unpacked).</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task.</returns>
    public async Task LoadDirectoryAsync(string directory, CancellationToken cancellationToken = default)
    {
        var files = await LiveFolder.ReadAsync(directory, cancellationToken).ConfigureAwait(false);
        await LoadAsync(files.SelectMany(f => f.Objects), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every object of every served kind, sorted by inventory id (the built-in namespaces <c>default</c>, <c>kube-system</c>, <c>kube-public</c>, <c>kube-node-lease</c> left out).</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The objects.</returns>
    public async Task<IReadOnlyList<SsaValue>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<SsaValue>();
        foreach (var type in _store.Resources.Types.DistinctBy(t => (t.Group, t.Kind)))
        {
            var list = await _store.ListAsync(type, null, null, cancellationToken).ConfigureAwait(false);
            result.AddRange(Obj.GetList(list, "items").Select(i => WithTypeMeta(i, type)));
        }

        return result.Where(o => !(Obj.GetString(o, "kind") == "Namespace" && BuiltInNamespaces.Contains(Obj.GetString(o, "metadata", "name"))))
            .OrderBy(o => ObjectMetadata.From(o).ToString(), StringComparer.Ordinal).ToList();
    }

    /// <summary>Writes the objects back to a folder as one <c>&lt;inventory id&gt;.yaml</c> file per object (each written to a temporary name, then renamed); other YAML and JSON files in the folder are removed.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public async Task SaveDirectoryAsync(string directory, CancellationToken cancellationToken = default) =>
        await LiveFolder.WriteAsync(directory, await ListAllAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<SsaValue?> GetAsync(ObjectReference reference, CancellationToken cancellationToken = default)
    {
        try
        {
            var type = Type(reference);
            return WithTypeMeta(await _store.GetAsync(type, Namespace(type, reference), reference.Name, null, cancellationToken).ConfigureAwait(false), type);
        }
        catch (KubernetesApiException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task<SsaValue> ApplyAsync(SsaValue obj, ApplyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentException.ThrowIfNullOrEmpty(request.FieldManager);
        return Call(async () =>
        {
            var reference = ObjectReference.From(obj);
            var type = Type(reference);
            var options = new KubernetesWriteOptions { FieldManager = request.FieldManager, Force = request.Force, DryRun = request.DryRun };
            var result = await _store.ApplyAsync(type, Namespace(type, reference), reference.Name, obj, options, null, cancellationToken).ConfigureAwait(false);
            return WithTypeMeta(result.Value, type);
        });
    }

    /// <inheritdoc />
    public Task<SsaValue> JsonPatchAsync(ObjectReference reference, IReadOnlyList<SsaValue> operations, string fieldManager, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);
        return Call(async () =>
        {
            var type = Type(reference);
            var ns = Namespace(type, reference);
            var live = WithTypeMeta(await _store.GetAsync(type, ns, reference.Name, null, cancellationToken).ConfigureAwait(false), type);

            // The API server applies a JSON patch to the stored object and stores the result as an update (with the
            // stored resourceVersion, so a concurrent write makes it fail as it would there).
            var patched = JsonPatch.Apply(live, operations);
            var result = await _store.UpdateAsync(type, ns, reference.Name, patched, new KubernetesWriteOptions { FieldManager = fieldManager }, null, cancellationToken).ConfigureAwait(false);
            return WithTypeMeta(result.Value, type);
        });
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(ObjectReference reference, CancellationToken cancellationToken = default)
    {
        try
        {
            var type = Type(reference);
            await _store.DeleteAsync(type, Namespace(type, reference), reference.Name, new KubernetesDeleteOptions { PropagationPolicy = "Background" }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubernetesApiException ex) when (ex.StatusCode == 404)
        {
            return false;
        }
        catch (KubernetesApiException ex)
        {
            throw ToClusterException(ex);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SsaValue>> ListAsync(string apiVersion, string kind, string? inNamespace = null, string? labelSelector = null, CancellationToken cancellationToken = default) =>
        Call(async () =>
        {
            var type = Type(new ObjectReference(apiVersion, kind, inNamespace ?? string.Empty, string.Empty));
            var list = await _store.ListAsync(type, type.Namespaced ? inNamespace : null, new KubernetesListOptions { LabelSelector = labelSelector }, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<SsaValue> items = Obj.GetList(list, "items").Select(i => WithTypeMeta(i, type)).ToList();
            return items;
        });

    /// <inheritdoc />
    public Task<bool> IsNamespacedAsync(string apiVersion, string kind, CancellationToken cancellationToken = default) =>
        Task.FromResult(Type(new ObjectReference(apiVersion, kind, string.Empty, string.Empty)).Namespaced);

    private KubernetesResourceType Type(ObjectReference reference) =>
        _store.Resources.TryFindKind(reference.ApiVersion, reference.Kind, out var type)
            ? type
            : throw new ClusterException(404, null, $"no matches for kind \"{reference.Kind}\" in version \"{reference.ApiVersion}\"") { Reason = "NotFound" };

    private static string? Namespace(KubernetesResourceType type, ObjectReference reference) =>
        !type.Namespaced ? null : reference.Namespace.Length == 0 ? "default" : reference.Namespace;

    private static string? Namespace(KubernetesResourceType type, SsaValue obj) => Namespace(type, ObjectReference.From(obj));

    private async Task EnsureNamespaceAsync(string ns, CancellationToken cancellationToken)
    {
        var type = _store.Resources.GetKind("v1", "Namespace");
        try
        {
            await _store.GetAsync(type, null, ns, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException ex) when (ex.StatusCode == 404)
        {
            var obj = SsaValue.FromMap([new("apiVersion", SsaValue.FromString("v1")), new("kind", SsaValue.FromString("Namespace")), new("metadata", SsaValue.FromMap([new("name", SsaValue.FromString(ns))]))]);
            await _store.CreateAsync(type, null, obj, new KubernetesWriteOptions { FieldManager = "before-first-apply" }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static SsaValue WithTypeMeta(SsaValue obj, KubernetesResourceType type) =>
        Obj.GetString(obj, "apiVersion") is null ? Obj.With(Obj.With(obj, "apiVersion", SsaValue.FromString(type.ApiVersion)), "kind", SsaValue.FromString(type.Kind)) : obj;

    private static IEnumerable<SsaValue> ReconcileOrderOf(IEnumerable<SsaValue> objects) => Apply.ReconcileOrder.Sort(objects);

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (KubernetesApiException ex)
        {
            throw ToClusterException(ex);
        }
    }

    private static ClusterException ToClusterException(KubernetesApiException ex) =>
        new(ex.StatusCode, ex.Status, ex.Message) { Reason = ex.Reason };
}
