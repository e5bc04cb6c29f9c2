using GitOps.Ssa.ApiServer;
using GitOps.Ssa.ApiServer.Internal;
using GitOps.Ssa.Conversion;
using GitOps.Ssa.ManagedFields;
using GitOps.Ssa.ManagedFields.Internal;
using GitOps.Ssa.Merge.Internal;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Typed;
using GitOps.Ssa.Values;

namespace GitOps.Ssa;

/// <summary>Options of <see cref="ServerSideApply"/>.</summary>
public sealed class ServerSideApplyOptions
{
    /// <summary>The schema of built-in types. Default: <see cref="SsaSchema.Kubernetes"/> (v1.36.2).</summary>
    public SsaSchema? Schema { get; set; }

    /// <summary>CustomResourceDefinition objects whose kinds can be applied. Default: none.</summary>
    public IList<SsaValue> CustomResourceDefinitions { get; } = [];

    /// <summary>The clock for managedFields times. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Update entries kept before the oldest merge into <c>ancient-changes</c>. Default 10.</summary>
    public int MaxUpdateManagers { get; set; } = 10;

    /// <summary>
    /// Picks the cluster IP of a Service being created (a real API server allocates a random free
    /// address). Default: <see cref="ServiceClusterIPAllocator.Default"/>, a deterministic address of
    /// <c>10.96.0.0/12</c> derived from the Service's namespace and name, IPv4 single stack.
    /// </summary>
    public ServiceClusterIPAllocator ServiceClusterIPAllocator { get; set; } = ServiceClusterIPAllocator.Default;

    /// <summary>
    /// Lists the stored objects of a kind (arguments: apiVersion, kind, namespace or null for all) for the
    /// admission plugins that read other objects when a new object is created: LimitRanger (LimitRanges of
    /// the namespace), Priority (PriorityClasses), RuntimeClass (RuntimeClasses), DefaultStorageClass
    /// (StorageClasses). Default: null, as a cluster holding none of them.
    /// </summary>
    public Func<string, string, string?, IEnumerable<SsaValue>>? ClusterObjects { get; set; }

    /// <summary>
    /// The user the writes are made by, for what the server records of its requester (a
    /// CertificateSigningRequest's user fields). Default: <see cref="KubernetesUserInfo.Admin"/>.
    /// </summary>
    public KubernetesUserInfo User { get; set; } = KubernetesUserInfo.Admin;
}

/// <summary>What a write would do to an object.</summary>
/// <param name="Value">The resulting object, with its managedFields.</param>
/// <param name="Changed">Whether the API server would write (false: the request changes nothing).</param>
/// <param name="ManagedFields">The managedFields entries of the result.</param>
public sealed record ServerSideApplyResult(SsaValue Value, bool Changed, IReadOnlyList<ManagedFieldsEntry> ManagedFields);

/// <summary>
/// Computes offline what the Kubernetes API server does for a server-side apply or a plain write of one
/// object: the merged object, its managedFields and conflicts. Built-in kinds use the embedded schema and
/// the defaulting the API server applies to them (Deployment and pod template defaults, container port
/// protocol, Service defaults, HorizontalPodAutoscaler defaults, ConfigMap/Secret string maps, Secret
/// stringData); custom resources use their CRD's schema and defaults.
/// </summary>
/// <remarks>
/// <para>
/// A live object at another API version than the request is converted to the request's version first,
/// and managers recorded at other versions are compared through <see cref="KubernetesVersionConverter"/>;
/// custom resources are served as with the CRD conversion strategy <c>None</c> (only <c>apiVersion</c>
/// changes, and managers at other versions keep their fields).
/// A created Service gets a cluster IP from <see cref="ServerSideApplyOptions.ServiceClusterIPAllocator"/>,
/// single-stack <c>ipFamilies</c>/<c>ipFamilyPolicy</c>, and node ports when its type needs them; updates
/// keep allocated values they leave out. <c>status</c> is reset on the main resource
/// and only <c>status</c> is kept through the <c>status</c> subresource. Through the <c>scale</c>
/// subresource, <c>live</c> is the parent (Deployment, ReplicaSet, StatefulSet, ReplicationController,
/// or a custom resource whose CRD version declares <c>subresources.scale</c>),
/// the written object is an <c>autoscaling/v1</c> Scale, and the result is the updated parent (see
/// <see cref="ScaleSubresource"/>, and <see cref="ToScale"/> for the Scale the API server answers with).
/// </para>
/// <para>
/// All 30 scenarios recorded against kube-apiserver v1.36.2 (shared conformance data) replay
/// identically. Known differences from a real API server: cluster IPs, node ports and health-check
/// node ports are picked deterministically (not at random, and without knowing which are already
/// taken in a cluster) from one single-stack service CIDR and 30000-32767; the only conversion between versions is
/// HorizontalPodAutoscaler <c>autoscaling/v1</c> ⇄ <c>autoscaling/v2</c>, so live objects of other built-in
/// kinds must already be at the request's version, CRD conversion webhooks are not run, and converting a partial object does not add the Go zero
/// values of structs it leaves out; defaulting covers the kinds listed above (other built-in kinds only
/// get the string-map round trip); admission, validation and controllers are not simulated.
/// </para>
/// </remarks>
public sealed class ServerSideApply
{
    private readonly ServerSideApplyOptions _options;
    private readonly SsaSchema _schema;
    private readonly Dictionary<string, SsaValue> _customKinds = new(StringComparer.Ordinal);

    /// <summary>Creates the applier.</summary>
    /// <param name="options">Options; defaults when null.</param>
    public ServerSideApply(ServerSideApplyOptions? options = null)
    {
        _options = options ?? new ServerSideApplyOptions();
        var schema = _options.Schema ?? SsaSchema.Kubernetes;
        foreach (var crd in _options.CustomResourceDefinitions)
        {
            schema = schema.WithCustomResourceDefinition(crd);
            var spec = KubernetesDefaults.Get(crd, "spec");
            var group = KubernetesDefaults.Get(spec, "group")?.ToString();
            var kind = KubernetesDefaults.Get(KubernetesDefaults.Get(spec, "names"), "kind")?.ToString();
            foreach (var v in KubernetesDefaults.Get(spec, "versions")?.AsList ?? [])
            {
                _customKinds[group + "/" + KubernetesDefaults.Get(v, "name") + ":" + kind] = crd;
            }
        }

        _schema = schema;
    }

    /// <summary>Server-side applies a configuration.</summary>
    /// <param name="live">The live object, or null when it does not exist yet.</param>
    /// <param name="config">The applied configuration (with apiVersion, kind and metadata.name).</param>
    /// <param name="manager">The field manager.</param>
    /// <param name="force">Take over conflicting fields.</param>
    /// <param name="subresource">The subresource applied through: one of <see cref="SupportedSubresources"/>, or null (or empty) for the main resource.</param>
    /// <param name="namespaceName">
    /// The request's namespace for an object the apply creates: set after the merge, before admission and the
    /// strategies, as the API server's BeforeCreate does (so messages about the applied configuration name the
    /// namespace only when the configuration itself gives it). Null leaves the metadata as merged.
    /// </param>
    /// <returns>The result.</returns>
    /// <exception cref="FieldManagerConflictException">Conflicts, when not forced (the API server's 409).</exception>
    /// <exception cref="UnsupportedSubresourceException"><paramref name="subresource"/> is not one of <see cref="SupportedSubresources"/>.</exception>
    /// <exception cref="KubernetesStatusException">The server's refusal: the 500 of a configuration the typed patch cannot hold (duplicate keys, wrong types), or validation's 422.</exception>
    /// <exception cref="GitOpsException">Invalid input.</exception>
    public ServerSideApplyResult Apply(SsaValue? live, SsaValue config, string manager, bool force = false, string? subresource = null, string? namespaceName = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(manager);
        subresource = CheckSubresource(subresource);
        if (subresource == ScaleSubresource.Name)
        {
            return WriteScale(live, (fm, scale) => fm.Apply(scale, config, manager, force));
        }

        var (apiVersion, kind) = Identify(config);
        live = ToVersion(live, apiVersion, kind);
        FieldManagerResult result;
        try
        {
            result = ManagerFor(apiVersion, kind, subresource).Apply(live, config, manager, force);
        }
        catch (SsaValidationException e)
        {
            var metadata = KubernetesDefaults.Get(config, "metadata");
            throw ApiServerPipeline.TypedPatchFailure(e, apiVersion, kind, KubernetesDefaults.Get(metadata, "namespace")?.ToString(), KubernetesDefaults.Get(metadata, "name")?.ToString());
        }

        if (live is null && !string.IsNullOrEmpty(namespaceName))
        {
            result = result with { Value = ObjectAccess.WithMetadataField(result.Value, "namespace", SsaValue.FromString(namespaceName)) };
        }

        return Finish(apiVersion, kind, subresource, live, result, IsCustom(apiVersion, kind));
    }

    /// <summary>A non-apply write (create, update) of a whole object by a manager.</summary>
    /// <param name="live">The live object, or null for a create.</param>
    /// <param name="updated">The object as written.</param>
    /// <param name="manager">The field manager.</param>
    /// <param name="subresource">The subresource written through: one of <see cref="SupportedSubresources"/>, or null (or empty) for the main resource.</param>
    /// <returns>The result.</returns>
    /// <exception cref="UnsupportedSubresourceException"><paramref name="subresource"/> is not one of <see cref="SupportedSubresources"/>.</exception>
    /// <exception cref="GitOpsException">Invalid input.</exception>
    public ServerSideApplyResult Update(SsaValue? live, SsaValue updated, string manager, string? subresource = null)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentException.ThrowIfNullOrEmpty(manager);
        subresource = CheckSubresource(subresource);
        if (subresource == ScaleSubresource.Name)
        {
            return WriteScale(live, (fm, scale) => fm.Update(scale, Default(ScaleSubresource.ScaleApiVersion, "Scale", updated), manager));
        }

        var (apiVersion, kind) = Identify(updated);
        live = ToVersion(live, apiVersion, kind);
        var result = ManagerFor(apiVersion, kind, subresource).Update(live, Default(apiVersion, kind, updated), manager);
        return Finish(apiVersion, kind, subresource, live, result, IsCustom(apiVersion, kind));
    }

    /// <summary>The subresources writes can go through: <c>status</c>, <c>scale</c> and a Pod's <c>ephemeralcontainers</c>.</summary>
    public static IReadOnlyList<string> SupportedSubresources { get; } = ["status", ScaleSubresource.Name, "ephemeralcontainers"];

    private static string? CheckSubresource(string? subresource) =>
        string.IsNullOrEmpty(subresource) ? null
        : SupportedSubresources.Contains(subresource, StringComparer.Ordinal) ? subresource
        : throw new UnsupportedSubresourceException($"unsupported subresource \"{subresource}\": expected one of {string.Join(", ", SupportedSubresources)}") { Subresource = subresource };

    /// <summary>The <c>autoscaling/v1</c> Scale the API server shows for a parent object through its <c>scale</c> subresource.</summary>
    /// <param name="parent">The parent object (e.g. a Deployment).</param>
    /// <returns>The Scale (without managedFields, as the API server returns it).</returns>
    /// <exception cref="SsaFormatException">The kind has no scale subresource (built-in, or declared by its CRD).</exception>
    public SsaValue ToScale(SsaValue parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return ScaleFor(parent).ToScale(parent);
    }

    private ScaleSubresource ScaleFor(SsaValue parent)
    {
        var (apiVersion, kind) = Identify(parent);
        if (_customKinds.TryGetValue(apiVersion + ":" + kind, out var crd))
        {
            return ScaleSubresource.TryGetForCustomResource(crd, apiVersion, out var custom)
                ? custom
                : throw new SsaFormatException($"{apiVersion} {kind} has no scale subresource");
        }

        return ScaleSubresource.TryGetBuiltIn(apiVersion, kind, out var scale)
            ? scale
            : throw new SsaFormatException($"{apiVersion} {kind} has no scale subresource");
    }

    // Writes through /scale run the field manager on the Scale view of the parent, then fold replicas
    // and managedFields back into the parent.
    private ServerSideApplyResult WriteScale(SsaValue? parent, Func<FieldManager, SsaValue, FieldManagerResult> write)
    {
        if (parent is null)
        {
            throw new SsaFormatException("a write through the scale subresource needs the live parent object");
        }

        var (apiVersion, kind) = Identify(parent);
        var handler = ScaleFor(parent);
        var scale = handler.ToScale(parent);
        scale = ObjectAccess.WithMetadataField(scale, "managedFields", handler.ToSubresourceManagedFields(parent));
        var written = write(ManagerFor(ScaleSubresource.ScaleApiVersion, "Scale", ScaleSubresource.Name), scale);
        return Finish(apiVersion, kind, ScaleSubresource.Name, parent, handler.ToParent(parent, written.Value), IsCustom(apiVersion, kind));
    }

    // The API server converts the stored object to the request's version first. Custom resources are
    // served without a conversion webhook (strategy None): only apiVersion changes.
    private SsaValue? ToVersion(SsaValue? live, string apiVersion, string kind) =>
        live is null ? null
        : IsCustom(apiVersion, kind) ? ObjectAccess.With(live, "apiVersion", SsaValue.FromString(apiVersion))
        : KubernetesVersionConverter.Convert(live, apiVersion);

    private bool IsCustom(string apiVersion, string kind) => _customKinds.ContainsKey(apiVersion + ":" + kind);

    private ServerSideApplyResult Finish(string apiVersion, string kind, string? subresource, SsaValue? live, FieldManagerResult result, bool customResource)
    {
        var obj = ApiServerPipeline.Finish(apiVersion, kind, subresource, live, result.Value, customResource, _options.ServiceClusterIPAllocator, _options.ClusterObjects, _options.TimeProvider.GetUtcNow(), _options.User);
        var changed = live is null || !SsaValue.DeepEquals(live, obj);
        return new ServerSideApplyResult(obj, changed, result.ManagedFields);
    }

    private static (string ApiVersion, string Kind) Identify(SsaValue obj)
    {
        var apiVersion = KubernetesDefaults.Get(obj, "apiVersion");
        var kind = KubernetesDefaults.Get(obj, "kind");
        if (apiVersion is not { Kind: SsaValueKind.String } || kind is not { Kind: SsaValueKind.String })
        {
            throw new SsaFormatException("the object needs apiVersion and kind");
        }

        return (apiVersion.AsString, kind.AsString);
    }

    private SsaValue Default(string apiVersion, string kind, SsaValue obj)
    {
        obj = KubernetesDefaults.Default(apiVersion, kind, obj);
        if (IsCustom(apiVersion, kind) && _schema.TryGetKindType(apiVersion, kind, out var type))
        {
            obj = SchemaDefaulter.Apply(_schema, type, obj);
        }

        return obj;
    }

    private FieldManager ManagerFor(string apiVersion, string kind, string? subresource)
    {
        if (!_schema.TryGetKindType(apiVersion, kind, out var type))
        {
            throw new SsaFormatException($"no schema for {apiVersion} {kind}; pass its CustomResourceDefinition");
        }

        var hasStatus = _schema.Resolve(type)?.Map?.TryGetField("status", out _) == true;
        var reset = ApiServerPipeline.ResetFields(kind, subresource, hasStatus);
        return new FieldManager(_schema, type, apiVersion, subresource, new FieldManagerOptions
        {
            TimeProvider = _options.TimeProvider,
            MaxUpdateManagers = _options.MaxUpdateManagers,
            // Managers of a custom resource at its other versions keep their fields as they are (strategy None).
            Converter = IsCustom(apiVersion, kind) ? IdentityVersionConverter.Instance : new KubernetesVersionConverter(_schema),
            ResetFields = reset is null ? null : KubernetesVersionConverter.VersionsOf(kind, apiVersion).ToDictionary(v => v, _ => reset, StringComparer.Ordinal),
            Defaulter = o => Default(apiVersion, kind, o),
        });
    }
}
