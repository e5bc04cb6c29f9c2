using System.Globalization;
using GitOps.Kubernetes.Apply.Internal;
using GitOps.Kubernetes.Clusters.Internal;
using GitOps.Kubernetes.Objects;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa;
using GitOps.Ssa.Schema;
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
/// A cluster held in memory whose writes go through the exact server-side apply engine (<see cref="ServerSideApply"/>):
/// dry-run and real applies, JSON patches recorded as Update operations, conflicts as the API server's 409, deletes,
/// resource versions, UIDs and generations. CustomResourceDefinitions applied to it make their kinds appliable.
/// Namespaced objects need their namespace (<c>default</c>, <c>kube-system</c>, <c>kube-public</c> and
/// <c>kube-node-lease</c> always exist). No admission, validation or controllers run: status stays as written.
/// </summary>
public sealed class OfflineCluster : IClusterClient
{
    private static readonly string[] BuiltInNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];
    private readonly OfflineClusterOptions _options;
    private readonly Lock _lock = new();
    private readonly Dictionary<ObjectMetadata, SsaValue> _objects = [];
    private readonly List<SsaValue> _crds = [];
    private ServerSideApply _ssa;
    private long _resourceVersion;
    private long _uid;

    /// <summary>Creates an empty cluster.</summary>
    /// <param name="options">Options; defaults when null.</param>
    public OfflineCluster(OfflineClusterOptions? options = null)
    {
        _options = options ?? new OfflineClusterOptions();
        _options.Validate();
        _ssa = NewEngine();
    }

    /// <summary>All objects, sorted by inventory id.</summary>
    public IReadOnlyList<SsaValue> Objects
    {
        get
        {
            lock (_lock)
            {
                return _objects.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal).Select(kv => kv.Value).ToList();
            }
        }
    }

    /// <summary>Stores objects as they are (live objects with their managedFields, UIDs and resource versions), replacing same-named ones.</summary>
    /// <param name="objects">The objects.</param>
    /// <exception cref="ClusterException">An object has no apiVersion, kind or name, or the cluster would exceed its size.</exception>
    public void Load(IEnumerable<SsaValue> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        lock (_lock)
        {
            foreach (var obj in objects)
            {
                var reference = ObjectReference.From(obj);
                if (reference.ApiVersion.Length == 0 || reference.Kind.Length == 0 || reference.Name.Length == 0)
                {
                    throw new ClusterException(400, null, "a live object needs apiVersion, kind and metadata.name") { Reason = "BadRequest" };
                }

                var stored = obj;
                if (string.IsNullOrEmpty(Obj.GetString(stored, "metadata", "resourceVersion")))
                {
                    stored = Obj.WithPath(stored, ["metadata", "resourceVersion"], SsaValue.FromString(NextResourceVersion()));
                }
                else if (long.TryParse(Obj.GetString(stored, "metadata", "resourceVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var rv))
                {
                    _resourceVersion = Math.Max(_resourceVersion, rv);
                }

                if (string.IsNullOrEmpty(Obj.GetString(stored, "metadata", "uid")))
                {
                    stored = Obj.WithPath(stored, ["metadata", "uid"], SsaValue.FromString(NextUid()));
                }

                Store(reference.Metadata, stored);
            }
        }
    }

    /// <summary>Loads every <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> file under a folder (sorted, recursively) as live objects.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task.</returns>
    public async Task LoadDirectoryAsync(string directory, CancellationToken cancellationToken = default)
    {
        foreach (var (_, objects) in await LiveFolder.ReadAsync(directory, cancellationToken).ConfigureAwait(false))
        {
            Load(objects);
        }
    }

    /// <inheritdoc />
    public Task<SsaValue?> GetAsync(ObjectReference reference, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_objects.TryGetValue(Key(reference), out var obj) ? obj : null);
        }
    }

    /// <inheritdoc />
    public Task<SsaValue> ApplyAsync(SsaValue obj, ApplyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentException.ThrowIfNullOrEmpty(request.FieldManager);
        lock (_lock)
        {
            var reference = Scoped(ObjectReference.From(obj), ref obj);
            var key = reference.Metadata;
            _objects.TryGetValue(key, out var live);
            ServerSideApplyResult result;
            try
            {
                result = _ssa.Apply(live, obj, request.FieldManager, request.Force);
            }
            catch (Ssa.ManagedFields.FieldManagerConflictException ex)
            {
                throw new ClusterException(409, ex.ToStatus(), ex.Message);
            }
            catch (GitOpsException ex) when (ex is not ClusterException)
            {
                throw new ClusterException(422, null, ex.Message) { Reason = "Invalid" };
            }

            var written = live is not null && !result.Changed ? live : Finish(live, result.Value, request.DryRun);
            if (!request.DryRun && (live is null || result.Changed))
            {
                Store(key, written);
            }

            return Task.FromResult(written);
        }
    }

    /// <inheritdoc />
    public Task<SsaValue> JsonPatchAsync(ObjectReference reference, IReadOnlyList<SsaValue> operations, string fieldManager, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);
        lock (_lock)
        {
            var key = Key(reference);
            if (!_objects.TryGetValue(key, out var live))
            {
                throw ClusterException.NotFound(reference, Resource(reference.Kind));
            }

            var patched = JsonPatch.Apply(live, operations);
            var managedChanged = !SsaValue.DeepEquals(Obj.Get(live, "metadata", "managedFields") ?? SsaValue.Null, Obj.Get(patched, "metadata", "managedFields") ?? SsaValue.Null);

            // The API server keeps managedFields a request sets itself, and otherwise records the write as an Update.
            var updated = managedChanged ? patched : _ssa.Update(live, patched, fieldManager).Value;
            if (SsaValue.DeepEquals(updated, live))
            {
                return Task.FromResult(live);
            }

            var written = Finish(live, updated, dryRun: false);
            Store(key, written);
            return Task.FromResult(written);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(ObjectReference reference, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var key = Key(reference);
            if (!_objects.Remove(key))
            {
                return Task.FromResult(false);
            }

            if (key.Group.Length == 0 && key.Kind == "Namespace")
            {
                foreach (var child in _objects.Keys.Where(k => k.Namespace == key.Name).ToList())
                {
                    _objects.Remove(child);
                }
            }

            if (key.Kind == "CustomResourceDefinition")
            {
                _crds.RemoveAll(c => Obj.GetString(c, "metadata", "name") == key.Name);
                _ssa = NewEngine();
            }

            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SsaValue>> ListAsync(string apiVersion, string kind, string? inNamespace = null, string? labelSelector = null, CancellationToken cancellationToken = default)
    {
        var group = ObjectMetadata.SplitApiVersion(apiVersion).Group;
        var selector = string.IsNullOrEmpty(labelSelector) ? null : LabelSelector.Parse(labelSelector);
        lock (_lock)
        {
            IReadOnlyList<SsaValue> list = _objects
                .Where(kv => kv.Key.Group == group && kv.Key.Kind == kind && (inNamespace is null || kv.Key.Namespace == inNamespace))
                .Where(kv => selector is null || selector.Matches(Obj.StringMap(kv.Value, "metadata", "labels")))
                .OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal)
                .Select(kv => kv.Value).ToList();
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<bool> IsNamespacedAsync(string apiVersion, string kind, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(IsNamespaced(apiVersion, kind));
        }
    }

    /// <summary>Writes the objects back to a folder as one <c>&lt;inventory id&gt;.yaml</c> file per object (each written to a temporary name, then renamed); other YAML and JSON files in the folder are removed.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public Task SaveDirectoryAsync(string directory, CancellationToken cancellationToken = default) =>
        LiveFolder.WriteAsync(directory, Objects, cancellationToken);

    private bool IsNamespaced(string apiVersion, string kind)
    {
        var group = ObjectMetadata.SplitApiVersion(apiVersion).Group;
        var crd = _crds.FirstOrDefault(c => Obj.GetString(c, "spec", "group") == group && Obj.GetString(c, "spec", "names", "kind") == kind);
        if (crd is not null)
        {
            return Obj.GetString(crd, "spec", "scope") != "Cluster";
        }

        if (KubernetesScopes.IsClusterScoped(group, kind))
        {
            return false;
        }

        if (!(SsaSchema.Kubernetes.TryGetKindType(apiVersion, kind, out _)))
        {
            throw new ClusterException(404, null, $"no matches for kind \"{kind}\" in version \"{apiVersion}\"") { Reason = "NotFound" };
        }

        return true;
    }

    // The API server drops metadata.namespace of cluster-scoped objects and refuses namespaced ones whose namespace is missing.
    private ObjectReference Scoped(ObjectReference reference, ref SsaValue obj)
    {
        if (reference.Name.Length == 0)
        {
            throw new ClusterException(422, null, "name: Required value: name is required") { Reason = "Invalid" };
        }

        if (!IsNamespaced(reference.ApiVersion, reference.Kind))
        {
            obj = Obj.WithPath(obj, ["metadata", "namespace"], null);
            return reference with { Namespace = string.Empty };
        }

        if (reference.Namespace.Length == 0)
        {
            throw new ClusterException(404, null, "the server could not find the requested resource") { Reason = "NotFound" };
        }

        if (!BuiltInNamespaces.Contains(reference.Namespace) && !_objects.ContainsKey(new ObjectMetadata(string.Empty, reference.Namespace, string.Empty, "Namespace")))
        {
            throw new ClusterException(404, null, $"namespaces \"{reference.Namespace}\" not found") { Reason = "NotFound" };
        }

        return reference;
    }

    private static ObjectMetadata Key(ObjectReference reference)
    {
        var meta = reference.Metadata;
        return meta.Namespace.Length > 0 && KubernetesScopes.IsClusterScoped(meta.Group, meta.Kind) ? meta with { Namespace = string.Empty } : meta;
    }

    private SsaValue Finish(SsaValue? live, SsaValue obj, bool dryRun)
    {
        var now = _options.TimeProvider.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (live is null)
        {
            obj = Obj.WithPath(obj, ["metadata", "uid"], SsaValue.FromString(NextUid()));
            obj = Obj.WithPath(obj, ["metadata", "creationTimestamp"], SsaValue.FromString(now));
            if (Obj.Get(obj, "spec") is not null)
            {
                obj = Obj.WithPath(obj, ["metadata", "generation"], SsaValue.FromInt64(1));
            }

            return dryRun ? Obj.WithPath(obj, ["metadata", "resourceVersion"], null) : Obj.WithPath(obj, ["metadata", "resourceVersion"], SsaValue.FromString(NextResourceVersion()));
        }

        foreach (var key in new[] { "uid", "creationTimestamp" })
        {
            obj = Obj.WithPath(obj, ["metadata", key], Obj.Get(live, "metadata", key));
        }

        var generation = Obj.GetInt(live, "metadata", "generation");
        if (generation is not null || Obj.Get(obj, "spec") is not null)
        {
            var specChanged = !SsaValue.DeepEquals(Obj.Without(Obj.Without(obj, "metadata"), "status"), Obj.Without(Obj.Without(live, "metadata"), "status"));
            obj = Obj.WithPath(obj, ["metadata", "generation"], SsaValue.FromInt64((generation ?? 1) + (specChanged ? 1 : 0)));
        }

        return Obj.WithPath(obj, ["metadata", "resourceVersion"], dryRun ? Obj.Get(live, "metadata", "resourceVersion") : SsaValue.FromString(NextResourceVersion()));
    }

    private void Store(ObjectMetadata key, SsaValue obj)
    {
        if (!_objects.ContainsKey(key) && _objects.Count >= _options.MaxObjects)
        {
            throw new ClusterException(507, null, $"the offline cluster holds at most {_options.MaxObjects} objects") { Reason = "InsufficientStorage" };
        }

        _objects[key] = obj;
        if (key.Kind == "CustomResourceDefinition" && key.Group == "apiextensions.k8s.io")
        {
            _crds.RemoveAll(c => Obj.GetString(c, "metadata", "name") == key.Name);
            _crds.Add(obj);
            _ssa = NewEngine();
        }
    }

    private ServerSideApply NewEngine()
    {
        var options = new ServerSideApplyOptions { TimeProvider = _options.TimeProvider };
        foreach (var crd in _crds)
        {
            options.CustomResourceDefinitions.Add(crd);
        }

        return new ServerSideApply(options);
    }

    private string NextResourceVersion() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);

    private string NextUid() => string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-8000-{++_uid:x12}");

    private static string Resource(string kind) => KubernetesScopes.Resource(kind);
}
