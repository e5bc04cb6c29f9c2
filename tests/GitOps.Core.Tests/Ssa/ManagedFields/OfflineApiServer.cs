using GitOps.Ssa.ApiServer;
using GitOps.Ssa.ApiServer.Internal;
using GitOps.Ssa.Conversion;
using GitOps.Ssa.ManagedFields;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;
using GitOps.Ssa.ManagedFields.Internal;
using static GitOps.Ssa.ManagedFields.Internal.KubernetesDefaults;

namespace GitOps.Core.Tests.Ssa.ManagedFields;

/// <summary>
/// Replays recorded API server requests offline: a store of objects in one namespace, the field manager
/// of GitOps.Ssa, the built-in defaulting and strategies of KubernetesDefaults, and the
/// recorder's normalisation of volatile values (uid, timestamps, resourceVersions, namespace).
/// </summary>
internal sealed class OfflineApiServer
{
    private static readonly DateTimeOffset Clock = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Dictionary<string, SsaValue> _store = new(StringComparer.Ordinal);
    private readonly HashSet<string> _storedUndefaulted = new(StringComparer.Ordinal);
    private readonly List<(string ApiVersion, string Kind, string TypeName)> _crdKinds = [];
    private SsaSchema _schema = SsaSchema.Kubernetes;
    private readonly ServiceClusterIPAllocator _allocator;
    private int _resourceVersion;

    private readonly string _namespace;
    private readonly bool _uniqueUids;
    private int _uid;

    /// <summary>Creates the server.</summary>
    /// <param name="allocator">Cluster IPs; default <see cref="ServiceClusterIPAllocator.Default"/>.</param>
    /// <param name="ns">The namespace objects live in (the recordings' placeholder by default).</param>
    /// <param name="uniqueUids">Give each object its own uid (as the server does) instead of the placeholder.</param>
    public OfflineApiServer(ServiceClusterIPAllocator? allocator = null, string ns = "$NS", bool uniqueUids = false)
    {
        _allocator = allocator ?? ServiceClusterIPAllocator.Default;
        _namespace = ns;
        _uniqueUids = uniqueUids;
    }

    public (int Status, SsaValue Response) Handle(SsaValue step)
    {
        var op = Get(step, "op")!.AsString;
        try
        {
            return op switch
            {
                "apply" => Apply(step),
                "get" => GetObject(step),
                "create" => Create(step),
                "update" => Update(step, Get(step, "mergePatch") ?? SsaValue.EmptyMap, "merge"),
                "patch" => Update(step, Get(step, "patch")!, Get(step, "type")?.ToString() ?? "merge"),
                _ => throw new NotSupportedException("op " + op),
            };
        }
        catch (KubernetesStatusException e)
        {
            return (e.Code, e.ToStatus());
        }
    }

    private static string Key(string kind, string name) => kind + "/" + name;

    private (int, SsaValue) GetObject(SsaValue step)
    {
        var reference = Get(step, "ref")!;
        var kind = Get(reference, "kind")!.AsString;
        var name = Get(reference, "name")!.AsString;
        if (_store.TryGetValue(Key(kind, name), out var obj))
        {
            return (200, Normalize(KubernetesVersionConverter.Convert(obj, Get(reference, "apiVersion")!.AsString)));
        }

        var plural = kind.ToLowerInvariant() + "s";
        return (404, SsaValue.ParseJson($$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{plural}} \"{{name}}\" not found","reason":"NotFound","details":{"name":"{{name}}","kind":"{{plural}}"},"code":404}"""));
    }

    private FieldManager ManagerFor(string apiVersion, string kind, string? subresource)
    {
        if (!_schema.TryGetKindType(apiVersion, kind, out var type))
        {
            throw new NotSupportedException($"no schema for {apiVersion} {kind}");
        }

        var reset = ApiServerPipeline.ResetFields(kind, subresource, _schema.Resolve(type)?.Map?.TryGetField("status", out _) == true);
        return new FieldManager(_schema, type, apiVersion, subresource, new FieldManagerOptions
        {
            TimeProvider = new FixedTime(),
            Converter = new KubernetesVersionConverter(_schema),
            ResetFields = reset is null ? null : KubernetesVersionConverter.VersionsOf(kind, apiVersion).ToDictionary(v => v, _ => reset),
            Defaulter = o => DefaultObject(apiVersion, kind, o),
        });
    }

    private SsaValue DefaultObject(string apiVersion, string kind, SsaValue obj)
    {
        obj = Default(apiVersion, kind, obj);
        if (_crdKinds.Any(k => k.ApiVersion == apiVersion && k.Kind == kind) && _schema.TryGetKindType(apiVersion, kind, out var type))
        {
            obj = SchemaDefaulter.Apply(_schema, type, obj);
        }

        return obj;
    }

    private (int, SsaValue) Apply(SsaValue step)
    {
        var obj = Get(step, "object")!;
        var apiVersion = Get(obj, "apiVersion")!.AsString;
        var kind = Get(obj, "kind")!.AsString;
        var name = Get(Get(obj, "metadata"), "name")!.AsString;
        var subresource = Get(step, "subresource")?.ToString();
        var dryRun = Get(step, "dryRun") is { Kind: SsaValueKind.Boolean } d && d.AsBoolean;
        var force = Get(step, "force") is { Kind: SsaValueKind.Boolean } f && f.AsBoolean;
        if (_store.TryGetValue(Key(kind, name), out var live))
        {
            live = KubernetesVersionConverter.Convert(live, apiVersion);
        }

        FieldManagerResult result;
        try
        {
            result = ManagerFor(apiVersion, kind, subresource).Apply(live, obj, Get(step, "manager")!.AsString, force);
        }
        catch (FieldManagerConflictException e)
        {
            return (409, e.ToStatus());
        }
        catch (GitOps.Ssa.Typed.SsaValidationException e)
        {
            throw ApiServerPipeline.TypedPatchFailure(e, apiVersion, kind, live is null ? string.Empty : Get(Get(live, "metadata"), "namespace")?.ToString(), name);
        }

        return Write(kind, name, apiVersion, subresource, live, result.Value, dryRun);
    }

    private (int, SsaValue) Create(SsaValue step)
    {
        var obj = Get(step, "object")!;
        var apiVersion = Get(obj, "apiVersion")!.AsString;
        var kind = Get(obj, "kind")!.AsString;
        var name = Get(Get(obj, "metadata"), "name")!.AsString;
        var body = DefaultObject(apiVersion, kind, obj);
        var result = ManagerFor(apiVersion, kind, null).Update(null, body, Get(step, "manager")!.AsString);
        return Write(kind, name, apiVersion, null, null, result.Value, dryRun: false);
    }

    private (int, SsaValue) Update(SsaValue step, SsaValue patch, string patchType)
    {
        var reference = Get(step, "ref")!;
        var apiVersion = Get(reference, "apiVersion")!.AsString;
        var kind = Get(reference, "kind")!.AsString;
        var name = Get(reference, "name")!.AsString;
        var subresource = Get(step, "subresource")?.ToString();
        if (!_store.TryGetValue(Key(kind, name), out var stored))
        {
            return GetObject(step);
        }

        var live = KubernetesVersionConverter.Convert(stored, apiVersion);
        if (subresource == ScaleSubresource.Name)
        {
            return UpdateScale(kind, name, apiVersion, live, patch, patchType, Get(step, "manager")!.AsString);
        }

        if (subresource is not null and not "status" and not "ephemeralcontainers")
        {
            throw new NotSupportedException("subresource " + subresource);
        }

        if (!_schema.TryGetKindType(apiVersion, kind, out var type))
        {
            throw new NotSupportedException($"no schema for {apiVersion} {kind}");
        }

        var body = patchType switch
        {
            "merge" => Patches.MergePatch(live, patch),
            "strategic" => Patches.StrategicMergePatch(_schema, type, live, patch),
            _ => throw new NotSupportedException("patch type " + patchType),
        };
        if (Get(Get(body, "metadata"), "name")?.ToString() is { } bodyName && bodyName != name)
        {
            throw new KubernetesStatusException(400, "BadRequest", $"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        body = DefaultObject(apiVersion, kind, body);
        var result = ManagerFor(apiVersion, kind, subresource).Update(live, body, Get(step, "manager")!.AsString);
        return Write(kind, name, apiVersion, subresource, live, result.Value, dryRun: false);
    }

    // A patch of the Scale view of a parent; the answer is the Scale of the written parent.
    private (int, SsaValue) UpdateScale(string kind, string name, string apiVersion, SsaValue live, SsaValue patch, string patchType, string manager)
    {
        if (!ScaleSubresource.TryGetBuiltIn(apiVersion, kind, out var handler) || patchType != "merge")
        {
            throw new NotSupportedException($"scale of {apiVersion} {kind} with a {patchType} patch");
        }

        var scale = ObjectAccess.WithMetadataField(handler.ToScale(live), "managedFields", handler.ToSubresourceManagedFields(live));
        var body = Patches.MergePatch(scale, patch);
        var result = ManagerFor(ScaleSubresource.ScaleApiVersion, "Scale", ScaleSubresource.Name).Update(scale, body, manager);
        var (status, _) = Write(kind, name, apiVersion, ScaleSubresource.Name, live, handler.ToParent(live, result.Value).Value, dryRun: false);
        return (status, handler.ToScale(_store[Key(kind, name)]));
    }

    private (int, SsaValue) Write(string kind, string name, string apiVersion, string? subresource, SsaValue? live, SsaValue obj, bool dryRun)
    {
        if (live is null)
        {
            // The system fields a create fills in before admission and the strategy run.
            var created = Get(obj, "metadata") ?? SsaValue.EmptyMap;
            if (ResourceScopes.IsNamespaced(apiVersion, kind) && !IsClusterScopedCustom(apiVersion, kind))
            {
                created = With(created, "namespace", SsaValue.FromString(_namespace));
            }

            var uid = _uniqueUids ? $"0b5e{++_uid:x4}-6a1c-4c3e-9f0e-3c2d1e0f{_uid:x4}" : "<uid>";
            obj = With(obj, "metadata", With(created, "uid", SsaValue.FromString(uid)));
        }

        obj = ApiServerPipeline.Finish(apiVersion, kind, subresource, live, obj, _crdKinds.Any(k => k.ApiVersion == apiVersion && k.Kind == kind), _allocator, Objects, Clock);
        if (live is null)
        {
            var metadata = Get(obj, "metadata") ?? SsaValue.EmptyMap;
            metadata = With(metadata, "creationTimestamp", SsaValue.FromString("<timestamp>"));
            if (!dryRun)
            {
                metadata = With(metadata, "resourceVersion", SsaValue.FromString("rv-" + ++_resourceVersion));
            }

            obj = With(obj, "metadata", metadata);
            if (!dryRun)
            {
                _store[Key(kind, name)] = obj;
                if (ApiServerPipeline.FirstWriteChangesStorage(ApiServerPipeline.GroupOf(apiVersion), kind))
                {
                    _storedUndefaulted.Add(Key(kind, name));
                }

                Register(obj);
            }

            return (201, Normalize(obj));
        }

        if (dryRun || (SsaValue.DeepEquals(obj, live) && !_storedUndefaulted.Contains(Key(kind, name))))
        {
            return (200, Normalize(obj));
        }

        obj = With(obj, "metadata", With(Get(obj, "metadata")!, "resourceVersion", SsaValue.FromString("rv-" + ++_resourceVersion)));
        _store[Key(kind, name)] = obj;
        _storedUndefaulted.Remove(Key(kind, name));
        Register(obj);
        return (200, Normalize(obj));
    }

    private IEnumerable<SsaValue> Objects(string apiVersion, string kind, string? ns) =>
        _store.Values.Where(o => Get(o, "kind")?.ToString() == kind && (ns is null || Get(Get(o, "metadata"), "namespace")?.ToString() == ns));

    private bool IsClusterScopedCustom(string apiVersion, string kind) =>
        _crdKinds.Any(k => k.ApiVersion == apiVersion && k.Kind == kind && k.TypeName == "Cluster");

    // A stored CRD serves its kinds with the schema of its versions.
    private void Register(SsaValue obj)
    {
        if (Get(obj, "kind")?.ToString() != "CustomResourceDefinition")
        {
            return;
        }

        _schema = _schema.WithCustomResourceDefinition(obj);
        var group = Get(Get(obj, "spec"), "group")!.AsString;
        var kind = Get(Get(Get(obj, "spec"), "names"), "kind")!.AsString;
        foreach (var v in Get(Get(obj, "spec"), "versions")!.AsList)
        {
            _crdKinds.Add((group + "/" + Get(v, "name")!.AsString, kind, Get(Get(obj, "spec"), "scope")?.ToString() ?? "Namespaced"));
        }
    }

    // managedFields times are volatile; the recorder replaced them with a placeholder.
    private static SsaValue Normalize(SsaValue obj)
    {
        if (Get(Get(obj, "metadata"), "managedFields") is not { IsList: true } entries)
        {
            return obj;
        }

        var normalized = SsaValue.FromList(entries.AsList.Select(e => Get(e, "time") is null ? e : With(e, "time", SsaValue.FromString("<timestamp>"))));
        return With(obj, "metadata", With(Get(obj, "metadata")!, "managedFields", normalized));
    }

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Clock;
    }
}
