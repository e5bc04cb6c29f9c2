using System.Globalization;
using GitOps.Kubernetes.Emulator.Resources;
using GitOps.Kubernetes.Emulator.Store.Internal;
using GitOps.Ssa;
using GitOps.Ssa.ApiServer.Internal;
using GitOps.Ssa.Conversion;
using GitOps.Ssa.ManagedFields;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Store;

/// <summary>
/// The object store of the emulator, in memory: every write goes through GitOps.Core's
/// <see cref="ServerSideApply"/> engine (defaulting, managedFields, conflicts), then gets the API
/// server's bookkeeping (uid, creationTimestamp, resourceVersion, generation) and is published to watches.
/// Thread-safe: writes are serialised by one lock.
/// </summary>
public sealed partial class InMemoryKubernetesObjectStore : IKubernetesObjectStore
{
    private const string CrdGroupKind = "apiextensions.k8s.io/CustomResourceDefinition";
    private readonly Lock _lock = new();
    private readonly KubernetesObjectStoreOptions _options;
    private readonly Dictionary<string, SortedDictionary<string, SsaValue>> _objects = new(StringComparer.Ordinal);
    private readonly List<HistoryEntry> _history = [];

    // Objects stored without status defaults their reads show (see ApiServerPipeline.FirstWriteChangesStorage):
    // their next write changes etcd's bytes even when it reads the same as before.
    private readonly HashSet<string> _storedUndefaulted = new(StringComparer.Ordinal);
    private readonly List<Watcher> _watchers = [];
    private ServerSideApply _engine;
    private KubernetesResourceCatalog _catalog = KubernetesResourceCatalog.BuiltIn;
    private long _resourceVersion;
    private int _count;

    /// <summary>Creates an empty store with the initial namespaces.</summary>
    /// <param name="options">Options; defaults when null.</param>
    public InMemoryKubernetesObjectStore(KubernetesObjectStoreOptions? options = null)
    {
        _options = options ?? new KubernetesObjectStoreOptions();
        _options.Validate();
        _engine = NewEngine([]);
        var namespaces = _catalog.GetKind("v1", "Namespace");
        foreach (var name in _options.InitialNamespaces)
        {
            Create(namespaces, null, Obj.Map(("apiVersion", Obj.Str("v1")), ("kind", Obj.Str("Namespace")), ("metadata", Obj.Map(("name", Obj.Str(name))))), new KubernetesWriteOptions { FieldManager = "kube-apiserver" });
        }
    }

    /// <inheritdoc />
    public KubernetesResourceCatalog Resources => Volatile.Read(ref _catalog);

    /// <inheritdoc />
    public string ResourceVersion => Interlocked.Read(ref _resourceVersion).ToString(CultureInfo.InvariantCulture);

    /// <summary>How many objects are stored.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <inheritdoc />
    public ValueTask<SsaValue> GetAsync(KubernetesResourceType type, string? namespaceName, string name, string? subresource = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_lock)
        {
            var obj = Find(type, namespaceName, name) ?? throw KubernetesApiException.NotFound(type, name);
            obj = ToVersion(obj, type);
            return ValueTask.FromResult(subresource == ScaleSubresource.Name ? Scale(type, obj) : obj);
        }
    }

    /// <inheritdoc />
    public ValueTask<SsaValue> ListAsync(KubernetesResourceType type, string? namespaceName, KubernetesListOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        options ??= new KubernetesListOptions();
        var labels = LabelSelector.Parse(options.LabelSelector);
        var fields = FieldSelector.Parse(options.FieldSelector);
        List<SsaValue> items;
        string resourceVersion;
        string? next = null;
        lock (_lock)
        {
            resourceVersion = ResourceVersion;
            var all = Bucket(type)
                .Where(e => namespaceName is null || e.Key.StartsWith(namespaceName + "/", StringComparison.Ordinal))
                .Where(e => options.Continue is null || string.CompareOrdinal(e.Key, options.Continue) > 0)
                .Select(e => (e.Key, Object: ToVersion(e.Value, type)))
                .Where(e => labels.Matches(e.Object) && fields.Matches(e.Object));
            var page = (options.Limit > 0 ? all.Take(options.Limit + 1) : all).ToList();
            if (options.Limit > 0 && page.Count > options.Limit)
            {
                page.RemoveAt(page.Count - 1);
                next = page[^1].Key;
            }

            items = page.ConvertAll(e => ListItem(type, e.Object));
        }

        var metadata = Obj.Map(("resourceVersion", Obj.Str(resourceVersion)), ("continue", next is null ? null : Obj.Str(next)));
        return ValueTask.FromResult(Obj.Map(
            ("apiVersion", Obj.Str(type.ApiVersion)),
            ("kind", Obj.Str(type.Kind + "List")),
            ("metadata", metadata),
            ("items", SsaValue.FromList(items))));
    }

    /// <inheritdoc />
    public ValueTask<KubernetesWriteResult> CreateAsync(KubernetesResourceType type, string? namespaceName, SsaValue obj, KubernetesWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        lock (_lock)
        {
            return ValueTask.FromResult(Create(type, namespaceName, obj, options ?? new KubernetesWriteOptions()));
        }
    }

    /// <inheritdoc />
    public ValueTask<KubernetesWriteResult> UpdateAsync(KubernetesResourceType type, string? namespaceName, string name, SsaValue obj, KubernetesWriteOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(obj);
        options ??= new KubernetesWriteOptions();
        lock (_lock)
        {
            var live = ToVersion(Find(type, namespaceName, name) ?? throw KubernetesApiException.NotFound(type, name), type);
            CheckSubresource(type, subresource);
            CheckIdentity(type, namespaceName, name, obj, subresource == ScaleSubresource.Name);
            if (Obj.MetaString(obj, "resourceVersion") is { Length: > 0 } rv && rv != Obj.MetaString(live, "resourceVersion"))
            {
                throw KubernetesApiException.Modified(type, name);
            }

            var manager = options.FieldManager ?? options.DefaultFieldManager;
            obj = subresource == ScaleSubresource.Name ? obj : WithTypeMeta(type, obj);
            var result = Engine(() => _engine.Update(live, obj, manager, subresource));
            return ValueTask.FromResult(Answer(type, subresource, Commit(type, namespaceName, name, live, result.Value, options.DryRun)));
        }
    }

    /// <inheritdoc />
    public ValueTask<KubernetesWriteResult> ApplyAsync(KubernetesResourceType type, string? namespaceName, string name, SsaValue config, KubernetesWriteOptions options, string? subresource = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.FieldManager))
        {
            throw KubernetesApiException.BadRequest("PATCH, application/apply-patch+yaml: fieldManager is required for apply requests");
        }

        lock (_lock)
        {
            CheckSubresource(type, subresource);
            CheckIdentity(type, namespaceName, name, config, subresource == ScaleSubresource.Name);
            var stored = Find(type, namespaceName, name);
            if (stored is null)
            {
                if (subresource is not null)
                {
                    throw KubernetesApiException.NotFound(type, name);
                }

                CheckNamespace(type, namespaceName);
            }

            var live = stored is null ? null : ToVersion(stored, type);
            if (live is null && Obj.MetaString(config, "uid") is not { Length: > 0 })
            {
                // The namespace is set by the engine after the merge (messages about the applied
                // configuration show it as the body gave it); the uid before admission and the strategies.
                config = Obj.WithMeta(config, "uid", Obj.Str(Guid.NewGuid().ToString()));
            }

            if (live is not null && Obj.MetaString(config, "resourceVersion") is { Length: > 0 } rv && rv != Obj.MetaString(live, "resourceVersion"))
            {
                throw KubernetesApiException.Modified(type, name);
            }

            var result = Engine(() => _engine.Apply(live, config, options.FieldManager, options.Force, subresource, type.Namespaced ? namespaceName : null));
            return ValueTask.FromResult(Answer(type, subresource, Commit(type, namespaceName, name, live, result.Value, options.DryRun)));
        }
    }

    /// <inheritdoc />
    public ValueTask<KubernetesWriteResult> PatchAsync(KubernetesResourceType type, string? namespaceName, string name, KubernetesPatchType patchType, string patch, KubernetesWriteOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(patch);
        options ??= new KubernetesWriteOptions();
        lock (_lock)
        {
            CheckSubresource(type, subresource);
            var live = ToVersion(Find(type, namespaceName, name) ?? throw KubernetesApiException.NotFound(type, name), type);
            var target = subresource == ScaleSubresource.Name ? Scale(type, live) : live;
            var patched = PatchEngines.Apply(type, patchType, target, patch);
            CheckIdentity(type, namespaceName, name, patched, subresource == ScaleSubresource.Name);
            if (Obj.MetaString(patched, "resourceVersion") is { Length: > 0 } rv && rv != Obj.MetaString(target, "resourceVersion"))
            {
                throw KubernetesApiException.Modified(type, name);
            }

            var manager = options.FieldManager ?? options.DefaultFieldManager;
            var result = Engine(() => _engine.Update(live, patched, manager, subresource));
            return ValueTask.FromResult(Answer(type, subresource, Commit(type, namespaceName, name, live, result.Value, options.DryRun)));
        }
    }

    /// <inheritdoc />
    public ValueTask<KubernetesDeleteResult> DeleteAsync(KubernetesResourceType type, string? namespaceName, string name, KubernetesDeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= new KubernetesDeleteOptions();
        lock (_lock)
        {
            var live = ToVersion(Find(type, namespaceName, name) ?? throw KubernetesApiException.NotFound(type, name), type);
            if (options.PreconditionUid is { } uid && uid != Obj.MetaString(live, "uid"))
            {
                throw KubernetesApiException.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {Obj.MetaString(live, "uid")}");
            }

            if (options.PreconditionResourceVersion is { } rv && rv != Obj.MetaString(live, "resourceVersion"))
            {
                throw KubernetesApiException.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {Obj.MetaString(live, "resourceVersion")}");
            }

            if (Obj.Meta(live, "finalizers") is { IsList: true } finalizers && finalizers.AsList.Count > 0)
            {
                if (Obj.Meta(live, "deletionTimestamp") is not null || options.DryRun)
                {
                    return ValueTask.FromResult(new KubernetesDeleteResult(live, false));
                }

                var marked = Obj.WithMeta(Obj.WithMeta(live, "deletionTimestamp", Obj.Str(Now())), "deletionGracePeriodSeconds", SsaValue.FromInt64(0));
                return ValueTask.FromResult(new KubernetesDeleteResult(Store(type, namespaceName, name, marked, KubernetesWatchEventType.Modified), false));
            }

            if (options.DryRun)
            {
                return ValueTask.FromResult(new KubernetesDeleteResult(live, true));
            }

            if (type is { Group: "", Kind: "Pod" } && string.IsNullOrEmpty(Obj.GetString(Obj.Get(live, "spec"), "nodeName")))
            {
                // Graceful deletion of a pod no node runs: the grace period is 0, so the pod is first marked (a write
                // of its own, which bumps the pod's generation) and then removed; the answer is the marked pod.
                var generation = Obj.Meta(live, "generation") is { Kind: SsaValueKind.Integer } g ? g.AsInteger : 0;
                var marked = Obj.WithMeta(Obj.WithMeta(Obj.WithMeta(live, "deletionTimestamp", Obj.Str(Now())), "deletionGracePeriodSeconds", SsaValue.FromInt64(0)), "generation", SsaValue.FromInt64(generation + 1));
                marked = Store(type, namespaceName, name, marked, KubernetesWatchEventType.Modified);
                Remove(type, namespaceName, name, marked, options.PropagationPolicy != "Orphan");
                return ValueTask.FromResult(new KubernetesDeleteResult(marked, true));
            }

            // The deleted object carries the resourceVersion of its deletion.
            var deleted = Remove(type, namespaceName, name, live, options.PropagationPolicy != "Orphan") ?? live;
            return ValueTask.FromResult(new KubernetesDeleteResult(deleted, true));
        }
    }

    private ServerSideApply NewEngine(IEnumerable<SsaValue> crds)
    {
        var options = new ServerSideApplyOptions
        {
            TimeProvider = _options.TimeProvider,
            ServiceClusterIPAllocator = _options.ServiceClusterIPAllocator,
            ClusterObjects = ClusterObjects,
        };
        foreach (var crd in crds)
        {
            options.CustomResourceDefinitions.Add(crd);
        }

        return new ServerSideApply(options);
    }

    private KubernetesWriteResult Create(KubernetesResourceType type, string? namespaceName, SsaValue obj, KubernetesWriteOptions options)
    {
        var name = Obj.MetaString(obj, "name");
        if (string.IsNullOrEmpty(name) && Obj.MetaString(obj, "generateName") is { Length: > 0 } prefix)
        {
            name = prefix + RandomSuffix();
            obj = Obj.WithMeta(obj, "name", Obj.Str(name));
        }

        if (string.IsNullOrEmpty(name))
        {
            throw KubernetesApiException.Invalid(type, string.Empty, "metadata.name", "FieldValueRequired", "Required value: name or generateName is required");
        }

        CheckIdentity(type, namespaceName, name, obj, false);
        CheckNamespace(type, namespaceName);
        if (Find(type, namespaceName, name) is not null)
        {
            throw KubernetesApiException.AlreadyExists(type, name);
        }

        if (_count >= _options.MaxObjects)
        {
            throw KubernetesApiException.Internal($"the store holds its maximum of {_options.MaxObjects} objects");
        }

        obj = WithSystemMetadata(type, namespaceName, WithTypeMeta(type, Obj.WithMeta(obj, "resourceVersion", null)));
        var manager = options.FieldManager ?? options.DefaultFieldManager;
        var result = Engine(() => _engine.Update(null, obj, manager));
        return Commit(type, namespaceName, name, null, result.Value, options.DryRun);
    }

    // What BeforeCreate fills in before admission and the strategies run (a Job's selector names its uid).
    private static SsaValue WithSystemMetadata(KubernetesResourceType type, string? namespaceName, SsaValue obj)
    {
        obj = Obj.WithMeta(obj, "namespace", type.Namespaced ? Obj.Str(namespaceName!) : null);
        return Obj.MetaString(obj, "uid") is { Length: > 0 } ? obj : Obj.WithMeta(obj, "uid", Obj.Str(Guid.NewGuid().ToString()));
    }

    // Admission plugins (LimitRanger, DefaultStorageClass, Priority, ...) read other objects of the cluster.
    private List<SsaValue> ClusterObjects(string apiVersion, string kind, string? namespaceName)
    {
        if (!_catalog.TryFindKind(apiVersion, kind, out var type) || !_objects.TryGetValue(GroupKind(type), out var bucket))
        {
            return [];
        }

        return bucket.Values.Where(o => namespaceName is null || Obj.MetaString(o, "namespace") == namespaceName).ToList();
    }

    // The API server's bookkeeping after the engine: system metadata, resourceVersion, storage, events.
    private KubernetesWriteResult Commit(KubernetesResourceType type, string? namespaceName, string name, SsaValue? live, SsaValue obj, bool dryRun)
    {
        if (live is null)
        {
            obj = WithSystemMetadata(type, namespaceName, obj);
            obj = Obj.WithMeta(obj, ("creationTimestamp", Obj.Str(Now())), ("resourceVersion", null));
            return new KubernetesWriteResult(dryRun ? obj : Store(type, namespaceName, name, obj, KubernetesWatchEventType.Added), true);
        }

        // One copy of the object for the fields the server keeps from the live object (generation unless the strategy set it).
        var keepGeneration = Obj.Meta(obj, "generation") is null && Obj.Meta(live, "generation") is not null;
        obj = Obj.WithMeta(
            obj,
            ("namespace", Obj.Meta(live, "namespace")),
            ("uid", Obj.Meta(live, "uid")),
            ("creationTimestamp", Obj.Meta(live, "creationTimestamp")),
            ("resourceVersion", Obj.Meta(live, "resourceVersion")),
            ("deletionTimestamp", Obj.Meta(live, "deletionTimestamp")),
            ("deletionGracePeriodSeconds", Obj.Meta(live, "deletionGracePeriodSeconds")),
            ("generation", keepGeneration ? Obj.Meta(live, "generation") : Obj.Meta(obj, "generation")));

        if (dryRun || (SsaValue.DeepEquals(obj, live) && !_storedUndefaulted.Contains(StorageKey(type, namespaceName, name))))
        {
            return new KubernetesWriteResult(obj, false);
        }

        if (Obj.Meta(obj, "deletionTimestamp") is not null && Obj.Meta(obj, "finalizers") is not { IsList: true, AsList.Count: > 0 })
        {
            Remove(type, namespaceName, name, obj, cascade: true);
            return new KubernetesWriteResult(obj, false);
        }

        return new KubernetesWriteResult(Store(type, namespaceName, name, obj, KubernetesWatchEventType.Modified), false);
    }

    private KubernetesWriteResult Answer(KubernetesResourceType type, string? subresource, KubernetesWriteResult result) =>
        subresource == ScaleSubresource.Name ? result with { Value = Scale(type, result.Value) } : result;

    private SsaValue Store(KubernetesResourceType type, string? namespaceName, string name, SsaValue obj, KubernetesWatchEventType change)
    {
        var rv = ++_resourceVersion;
        obj = Obj.WithMeta(obj, "resourceVersion", Obj.Str(rv.ToString(CultureInfo.InvariantCulture)));
        var bucket = Bucket(type);
        var key = Key(namespaceName, name);
        bucket.TryGetValue(key, out var old);
        if (old is null)
        {
            _count++;
        }

        bucket[key] = obj;
        if (change == KubernetesWatchEventType.Added && ApiServerPipeline.FirstWriteChangesStorage(type.Group, type.Kind))
        {
            _storedUndefaulted.Add(StorageKey(type, namespaceName, name));
        }
        else
        {
            _storedUndefaulted.Remove(StorageKey(type, namespaceName, name));
        }

        Publish(new HistoryEntry(rv, GroupKind(type), type.Namespaced ? namespaceName : null, change, old, obj));
        if (GroupKind(type) == CrdGroupKind)
        {
            CustomResourceDefinitionWritten(obj);
        }

        return obj;
    }

    private SsaValue? Remove(KubernetesResourceType type, string? namespaceName, string name, SsaValue obj, bool cascade)
    {
        var bucket = Bucket(type);
        if (!bucket.Remove(Key(namespaceName, name)))
        {
            return null;
        }

        _storedUndefaulted.Remove(StorageKey(type, namespaceName, name));

        _count--;
        var rv = ++_resourceVersion;
        var deleted = Obj.WithMeta(obj, "resourceVersion", Obj.Str(rv.ToString(CultureInfo.InvariantCulture)));
        Publish(new HistoryEntry(rv, GroupKind(type), type.Namespaced ? namespaceName : null, KubernetesWatchEventType.Deleted, obj, deleted));
        if (GroupKind(type) == CrdGroupKind)
        {
            CustomResourceDefinitionDeleted(obj);
        }

        if (type is { Group: "", Kind: "Namespace" })
        {
            DeleteNamespaceContents(name);
        }

        if (cascade && Obj.MetaString(obj, "uid") is { } uid)
        {
            DeleteDependents(uid);
        }

        return deleted;
    }

    private void DeleteNamespaceContents(string namespaceName)
    {
        foreach (var type in _catalog.Types.Where(t => t.Namespaced).DistinctBy(GroupKind).ToList())
        {
            foreach (var (key, obj) in Bucket(type).Where(e => e.Key.StartsWith(namespaceName + "/", StringComparison.Ordinal)).ToList())
            {
                Remove(type, namespaceName, key[(namespaceName.Length + 1)..], obj, cascade: false);
            }
        }
    }

    // Garbage collection kept simple: dependents named by ownerReferences go at once.
    private void DeleteDependents(string uid)
    {
        foreach (var type in _catalog.Types.DistinctBy(GroupKind).ToList())
        {
            foreach (var (_, obj) in Bucket(type).ToList())
            {
                if (Obj.Meta(obj, "ownerReferences") is { IsList: true } owners && owners.AsList.Any(o => Obj.GetString(o, "uid") == uid))
                {
                    Remove(type, Obj.MetaString(obj, "namespace"), Obj.MetaString(obj, "name")!, obj, cascade: true);
                }
            }
        }
    }

    private void CustomResourceDefinitionWritten(SsaValue crd)
    {
        RebuildCustomResources();
        var established = CustomResourceTypes.WithEstablishedStatus(crd, Now());
        if (SsaValue.DeepEquals(Obj.Get(established, "status") ?? SsaValue.Null, Obj.Get(crd, "status") ?? SsaValue.Null))
        {
            return;
        }

        // What the API server's CRD controllers write through /status. Written directly: the engine's CRD
        // strategy keeps the old status even through the status subresource, so no managedFields entry is added.
        var type = _catalog.GetKind("apiextensions.k8s.io/v1", "CustomResourceDefinition");
        Commit(type, null, Obj.MetaString(crd, "name")!, crd, established, dryRun: false);
    }

    private void CustomResourceDefinitionDeleted(SsaValue crd)
    {
        foreach (var type in CustomResourceTypes.Of(crd).DistinctBy(GroupKind))
        {
            if (_objects.Remove(GroupKind(type), out var bucket))
            {
                _count -= bucket.Count;
            }
        }

        RebuildCustomResources();
    }

    private void RebuildCustomResources()
    {
        var crds = _objects.TryGetValue(CrdGroupKind, out var bucket) ? bucket.Values.ToList() : [];
        _engine = NewEngine(crds);
        Volatile.Write(ref _catalog, KubernetesResourceCatalog.WithCustomTypes(crds.SelectMany(CustomResourceTypes.Of)));
    }

    private static ServerSideApplyResult Engine(Func<ServerSideApplyResult> write)
    {
        try
        {
            return write();
        }
        catch (FieldManagerConflictException e)
        {
            throw new KubernetesApiException(e.ToStatus(), e);
        }
        catch (UnsupportedSubresourceException e)
        {
            throw KubernetesApiException.NotFoundPath(e.Message);
        }
        catch (GitOps.Ssa.ApiServer.KubernetesStatusException e)
        {
            throw new KubernetesApiException(e.ToStatus(), e);
        }
        catch (GitOpsException e) when (e is not KubernetesApiException)
        {
            throw KubernetesApiException.Internal(e.Message);
        }
    }

    private SsaValue Scale(KubernetesResourceType type, SsaValue parent)
    {
        try
        {
            return _engine.ToScale(parent);
        }
        catch (GitOpsException)
        {
            throw KubernetesApiException.NotFoundPath($"the server could not find the requested resource ({type.QualifiedResource} has no scale subresource)");
        }
    }

    private static void CheckSubresource(KubernetesResourceType type, string? subresource)
    {
        if (subresource is not null && !type.HasSubresource(subresource))
        {
            throw KubernetesApiException.NotFoundPath($"the server could not find the requested resource ({type.QualifiedResource}/{subresource})");
        }
    }

    private static void CheckIdentity(KubernetesResourceType type, string? namespaceName, string name, SsaValue obj, bool scale)
    {
        if (!obj.IsMap)
        {
            throw KubernetesApiException.BadRequest("the body of the request is not an object");
        }

        if (!scale && (Obj.GetString(obj, "apiVersion") is { } apiVersion && apiVersion != type.ApiVersion || Obj.GetString(obj, "kind") is { } kind && kind != type.Kind))
        {
            throw KubernetesApiException.BadRequest($"the API version in the data ({Obj.GetString(obj, "apiVersion")}) does not match the expected API version ({type.ApiVersion}) or kind ({Obj.GetString(obj, "kind")}) does not match {type.Kind}");
        }

        if (Obj.MetaString(obj, "name") is { Length: > 0 } bodyName && bodyName != name)
        {
            throw KubernetesApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        if (type.Namespaced && Obj.MetaString(obj, "namespace") is { Length: > 0 } ns && ns != namespaceName)
        {
            throw KubernetesApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        if (type.Namespaced && string.IsNullOrEmpty(namespaceName))
        {
            throw KubernetesApiException.BadRequest("the server could not find the requested resource: a namespaced resource needs a namespace");
        }
    }

    private void CheckNamespace(KubernetesResourceType type, string? namespaceName)
    {
        if (type.Namespaced && !Bucket(_catalog.GetKind("v1", "Namespace")).ContainsKey(Key(null, namespaceName!)))
        {
            throw KubernetesApiException.NamespaceNotFound(namespaceName!);
        }
    }

    // The API server takes apiVersion and kind from the request path when the body leaves them out.
    private static SsaValue WithTypeMeta(KubernetesResourceType type, SsaValue obj) =>
        Obj.Get(obj, "apiVersion") is null || Obj.Get(obj, "kind") is null
            ? Obj.With(Obj.With(obj, "apiVersion", Obj.Str(type.ApiVersion)), "kind", Obj.Str(type.Kind))
            : obj;

    private SsaValue? Find(KubernetesResourceType type, string? namespaceName, string name) =>
        _objects.TryGetValue(GroupKind(type), out var bucket) && bucket.TryGetValue(Key(type.Namespaced ? namespaceName : null, name), out var obj) ? obj : null;

    private SortedDictionary<string, SsaValue> Bucket(KubernetesResourceType type)
    {
        if (!_objects.TryGetValue(GroupKind(type), out var bucket))
        {
            bucket = new SortedDictionary<string, SsaValue>(StringComparer.Ordinal);
            _objects[GroupKind(type)] = bucket;
        }

        return bucket;
    }

    private static string GroupKind(KubernetesResourceType type) => type.Group + "/" + type.Kind;

    private static string StorageKey(KubernetesResourceType type, string? namespaceName, string name) => GroupKind(type) + "|" + Key(namespaceName, name);

    private static string Key(string? namespaceName, string name) => (namespaceName ?? string.Empty) + "/" + name;

    // Objects are stored at the version they were written; reads convert (HorizontalPodAutoscaler v1 ⇄ v2; custom resources change apiVersion only).
    private static SsaValue ToVersion(SsaValue obj, KubernetesResourceType type)
    {
        var apiVersion = Obj.GetString(obj, "apiVersion");
        if (apiVersion == type.ApiVersion || apiVersion is null)
        {
            return obj;
        }

        return KubernetesVersionConverter.CanConvert(type.Kind, apiVersion, type.ApiVersion)
            ? KubernetesVersionConverter.Convert(obj, type.ApiVersion)
            : Obj.With(obj, "apiVersion", Obj.Str(type.ApiVersion));
    }

    // Lists of built-in kinds carry items without apiVersion and kind, as kube-apiserver's typed encoding does.
    private KubernetesResourceType? CustomType(KubernetesResourceType type) => _catalog.Types.FirstOrDefault(t => t == type && !KubernetesResourceCatalog.BuiltIn.Types.Contains(t));

    private SsaValue ListItem(KubernetesResourceType type, SsaValue obj) =>
        CustomType(type) is not null ? obj : Obj.With(Obj.With(obj, "apiVersion", null), "kind", null);

    private string Now() => _options.TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[Random.Shared.Next(alphabet.Length)];
            }
        });
    }
}
