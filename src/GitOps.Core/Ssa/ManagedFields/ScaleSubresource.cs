using System.Diagnostics.CodeAnalysis;
using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.ManagedFields.Internal;
using GitOps.Ssa.Merge;
using GitOps.Ssa.Typed;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.ManagedFields;

/// <summary>
/// The <c>/scale</c> subresource of a workload, as the API server serves it: an <c>autoscaling/v1</c>
/// <c>Scale</c> view of the parent object (its replicas and label selector), and the translation of
/// managedFields between the parent's replicas path and the Scale's <c>.spec.replicas</c>.
/// </summary>
/// <remarks>
/// Writes through <c>/scale</c> run the field manager on the Scale object. Before the write, every
/// parent manager that owns the replicas path is shown to the Scale as owning <c>.spec.replicas</c>
/// (<see cref="ToSubresourceManagedFields"/>); after it, the result is folded back into the parent
/// (<see cref="ToParentManagedFields"/>): a parent manager that lost replicas in the Scale loses the
/// replicas path, managers that only exist in the Scale get an entry owning the replicas path at the
/// parent's API version (with the time of a parent entry of the same identity, i.e. usually none), and
/// parent entries at API versions the subresource does not know are dropped. This is what the API
/// server's scale handler does.
/// </remarks>
public sealed class ScaleSubresource
{
    /// <summary>The API version of Scale objects.</summary>
    public const string ScaleApiVersion = "autoscaling/v1";

    /// <summary>The name of the subresource.</summary>
    public const string Name = "scale";

    private static readonly FieldPath ReplicasInScale = FieldPath.OfFields("spec", "replicas");
    private static readonly FieldPath SpecReplicas = FieldPath.OfFields("spec", "replicas");
    private static readonly FieldPath StatusReplicas = FieldPath.OfFields("status", "replicas");
    private readonly IReadOnlyDictionary<string, FieldPath?> _replicasPaths;
    private readonly FieldPath _statusReplicasPath;
    private readonly Func<SsaValue, string> _selector;

    /// <summary>Creates the subresource of one parent kind.</summary>
    /// <param name="apiVersion">The parent's API version requests use (e.g. <c>apps/v1</c>).</param>
    /// <param name="replicasPaths">
    /// The replicas path of the parent in each API version it is served at; it must contain
    /// <paramref name="apiVersion"/> with a path. A version mapped to null has no scale subresource
    /// (its managers are kept as they are); managers at versions not listed are dropped.
    /// </param>
    /// <param name="statusReplicasPath">Where <c>status.replicas</c> of the Scale is read; default <c>.status.replicas</c>.</param>
    /// <param name="selector">Gives the parent's label selector for <c>status.selector</c>; default: <c>.spec.selector</c> formatted as a label selector.</param>
    public ScaleSubresource(string apiVersion, IReadOnlyDictionary<string, FieldPath?> replicasPaths, FieldPath? statusReplicasPath = null, Func<SsaValue, string>? selector = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentNullException.ThrowIfNull(replicasPaths);
        if (!replicasPaths.TryGetValue(apiVersion, out var path) || path is null)
        {
            throw new ArgumentException("the replicas paths must map the parent's API version " + apiVersion, nameof(replicasPaths));
        }

        ApiVersion = apiVersion;
        ReplicasPath = path;
        _replicasPaths = replicasPaths;
        _statusReplicasPath = statusReplicasPath ?? StatusReplicas;
        _selector = selector ?? (parent => LabelSelectors.Format(KubernetesDefaults.Get(KubernetesDefaults.Get(parent, "spec"), "selector")));
    }

    /// <summary>The parent's API version.</summary>
    public string ApiVersion { get; }

    /// <summary>The replicas path of the parent at <see cref="ApiVersion"/>.</summary>
    public FieldPath ReplicasPath { get; }

    /// <summary>
    /// The scale subresource a CustomResourceDefinition declares for one of its versions
    /// (<c>spec.versions[].subresources.scale</c>: <c>specReplicasPath</c>, <c>statusReplicasPath</c>,
    /// optional <c>labelSelectorPath</c> whose string value becomes <c>status.selector</c>).
    /// </summary>
    /// <param name="crd">The CustomResourceDefinition.</param>
    /// <param name="apiVersion">The custom resource's API version (<c>group/version</c>).</param>
    /// <param name="scale">The subresource.</param>
    /// <returns>False when that version declares no scale subresource.</returns>
    /// <exception cref="SsaFormatException">A path is not a simple <c>.a.b</c> JSON path.</exception>
    public static bool TryGetForCustomResource(SsaValue crd, string apiVersion, [NotNullWhen(true)] out ScaleSubresource? scale)
    {
        ArgumentNullException.ThrowIfNull(crd);
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        scale = null;
        var spec = KubernetesDefaults.Get(crd, "spec");
        var group = KubernetesDefaults.Get(spec, "group")?.ToString();
        var paths = new Dictionary<string, FieldPath?>(StringComparer.Ordinal);
        SsaValue? own = null;
        foreach (var version in KubernetesDefaults.Get(spec, "versions")?.AsList ?? [])
        {
            var name = group + "/" + KubernetesDefaults.Get(version, "name");
            var declared = KubernetesDefaults.Get(KubernetesDefaults.Get(version, "subresources"), "scale") is { IsMap: true } s ? s : null;
            paths[name] = declared is null ? null : JsonPath(KubernetesDefaults.Get(declared, "specReplicasPath")?.ToString());
            if (name == apiVersion)
            {
                own = declared;
            }
        }

        if (own is null)
        {
            return false;
        }

        var selectorPath = KubernetesDefaults.Get(own, "labelSelectorPath")?.ToString() is { Length: > 0 } text ? JsonPath(text) : null;
        scale = new ScaleSubresource(apiVersion, paths, JsonPath(KubernetesDefaults.Get(own, "statusReplicasPath")?.ToString()),
            parent => selectorPath is not null && Read(parent, selectorPath) is { Kind: SsaValueKind.String } v ? v.AsString : string.Empty);
        return true;
    }

    private static FieldPath JsonPath(string? path)
    {
        if (path is not { Length: > 1 } || path[0] != '.' || path.Contains('[', StringComparison.Ordinal))
        {
            throw new SsaFormatException($"unsupported scale subresource path \"{path}\": expected .field(.field)*");
        }

        return FieldPath.OfFields(path[1..].Split('.'));
    }

    /// <summary>
    /// The scale subresource of a built-in kind: <c>apps/v1</c> Deployment, ReplicaSet and StatefulSet
    /// (replicas at <c>.spec.replicas</c> in <c>apps/v1</c>, <c>v1beta1</c>, <c>v1beta2</c>), and
    /// <c>v1</c> ReplicationController (selector as a plain label map).
    /// </summary>
    /// <param name="apiVersion">The parent's API version.</param>
    /// <param name="kind">The parent's kind.</param>
    /// <param name="scale">The subresource.</param>
    /// <returns>False when the kind has no built-in scale subresource.</returns>
    public static bool TryGetBuiltIn(string apiVersion, string kind, [NotNullWhen(true)] out ScaleSubresource? scale)
    {
        scale = (apiVersion, kind) switch
        {
            ("apps/v1", "Deployment" or "ReplicaSet" or "StatefulSet") => new ScaleSubresource(apiVersion, new Dictionary<string, FieldPath?>(StringComparer.Ordinal)
            {
                ["apps/v1"] = SpecReplicas,
                ["apps/v1beta1"] = SpecReplicas,
                ["apps/v1beta2"] = SpecReplicas,
            }),
            ("v1", "ReplicationController") => new ScaleSubresource(apiVersion, new Dictionary<string, FieldPath?>(StringComparer.Ordinal) { ["v1"] = SpecReplicas }, null,
                parent => LabelSelectors.FormatMap(KubernetesDefaults.Get(KubernetesDefaults.Get(parent, "spec"), "selector"))),
            _ => null,
        };
        return scale is not null;
    }

    /// <summary>
    /// The Scale object the API server returns for a parent: name, namespace, uid, resourceVersion and
    /// creationTimestamp of the parent (no managedFields), <c>spec.replicas</c> from the replicas path,
    /// <c>status.replicas</c> and <c>status.selector</c> from the parent.
    /// </summary>
    /// <param name="parent">The parent object.</param>
    /// <returns>The Scale.</returns>
    public SsaValue ToScale(SsaValue parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var metadata = new List<KeyValuePair<string, SsaValue>>();
        foreach (var key in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (ObjectAccess.MetadataField(parent, key) is { IsNull: false } v)
            {
                metadata.Add(new(key, v));
            }
        }

        metadata.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var replicas = Read(parent, ReplicasPath) ?? SsaValue.FromInt64(0);
        var statusReplicas = Read(parent, _statusReplicasPath) ?? SsaValue.FromInt64(0);
        var status = new List<KeyValuePair<string, SsaValue>> { new("replicas", statusReplicas) };
        var selector = _selector(parent);
        if (selector.Length > 0)
        {
            status.Add(new("selector", SsaValue.FromString(selector)));
        }

        return SsaValue.FromMap(
        [
            new("apiVersion", SsaValue.FromString(ScaleApiVersion)),
            new("kind", SsaValue.FromString("Scale")),
            new("metadata", SsaValue.FromMap(metadata)),
            new("spec", SsaValue.FromMap([new("replicas", replicas)])),
            new("status", SsaValue.FromMap(status)),
        ]);
    }

    /// <summary>The parent's managedFields as the Scale sees them: managers of the replicas path own <c>.spec.replicas</c> at <c>autoscaling/v1</c>.</summary>
    /// <param name="parent">The parent object (its <c>metadata.managedFields</c> are read).</param>
    /// <returns>The Scale's managedFields list, or null when no manager owns replicas.</returns>
    /// <exception cref="SsaValidationException">The parent's managedFields cannot be decoded.</exception>
    public SsaValue? ToSubresourceManagedFields(SsaValue parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var state = DecodeOrThrow(parent);
        var result = new FieldManager.State();
        foreach (var (id, vs) in state.Fields)
        {
            if (_replicasPaths.TryGetValue(vs.ApiVersion, out var path) && path is not null && vs.Set.Has(path))
            {
                result.Fields[id] = new VersionedFieldSet(FieldSet.Of(ReplicasInScale), ScaleApiVersion, vs.Applied);
                result.Times[id] = state.Times.GetValueOrDefault(id);
            }
        }

        return ObjectAccess.MetadataField(FieldManager.Encode(SsaValue.EmptyMap, result).Value, "managedFields");
    }

    /// <summary>Folds the Scale's managedFields after a write back into the parent's.</summary>
    /// <param name="parent">The parent object before the write (its <c>metadata.managedFields</c> are read).</param>
    /// <param name="scale">The Scale after the write (its <c>metadata.managedFields</c> are read).</param>
    /// <returns>The parent's new managedFields entries, in the API server's order.</returns>
    /// <exception cref="SsaValidationException">Either managedFields cannot be decoded.</exception>
    public IReadOnlyList<ManagedFieldsEntry> ToParentManagedFields(SsaValue parent, SsaValue scale)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(scale);
        var parentState = DecodeOrThrow(parent);
        var scaleFields = new Dictionary<string, VersionedFieldSet>(DecodeOrThrow(scale).Fields, StringComparer.Ordinal);
        var result = new FieldManager.State();
        foreach (var (id, vs) in parentState.Fields)
        {
            if (!_replicasPaths.TryGetValue(vs.ApiVersion, out var path))
            {
                continue;
            }

            if (path is null || !vs.Set.Has(path) || scaleFields.Remove(id))
            {
                result.Fields[id] = vs;
                result.Times[id] = parentState.Times.GetValueOrDefault(id);
                continue;
            }

            var rest = vs.Set.Difference(FieldSet.Of(path));
            if (!rest.IsEmpty)
            {
                result.Fields[id] = vs with { Set = rest };
                result.Times[id] = parentState.Times.GetValueOrDefault(id);
            }
        }

        foreach (var (id, vs) in scaleFields)
        {
            result.Fields[id] = new VersionedFieldSet(FieldSet.Of(ReplicasPath), ApiVersion, vs.Applied);
            result.Times[id] = parentState.Times.GetValueOrDefault(id);
        }

        return FieldManager.Encode(SsaValue.EmptyMap, result).ManagedFields;
    }

    /// <summary>The parent after a write through <c>/scale</c>: replicas from the Scale, managedFields folded back.</summary>
    /// <param name="parent">The parent before the write.</param>
    /// <param name="scale">The Scale after the write, with its managedFields.</param>
    /// <returns>The parent object and its managedFields entries.</returns>
    public FieldManagerResult ToParent(SsaValue parent, SsaValue scale)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(scale);
        var entries = ToParentManagedFields(parent, scale);
        var replicas = Read(scale, ReplicasInScale) ?? SsaValue.FromInt64(0);
        var updated = Write(parent, ReplicasPath, replicas);
        updated = ObjectAccess.WithMetadataField(updated, "managedFields", entries.Count == 0 ? null : SsaValue.FromList(entries.Select(FieldManager.ToValue)));
        return new FieldManagerResult(updated, entries);
    }

    private static FieldManager.State DecodeOrThrow(SsaValue obj) =>
        FieldManager.Decode(obj, out var error) ?? throw new SsaValidationException("failed to decode managed fields: " + error);

    private static SsaValue? Read(SsaValue obj, FieldPath path)
    {
        var current = obj;
        foreach (var element in path)
        {
            if (element.Kind != PathElementKind.Field || KubernetesDefaults.Get(current, element.FieldName) is not { } next)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    private static SsaValue Write(SsaValue obj, FieldPath path, SsaValue value, int index = 0)
    {
        if (index == path.Count)
        {
            return value;
        }

        if (path[index].Kind != PathElementKind.Field)
        {
            throw new SsaFormatException("a replicas path must consist of field names: " + path);
        }

        var name = path[index].FieldName;
        var child = KubernetesDefaults.Get(obj, name) ?? SsaValue.EmptyMap;
        return KubernetesDefaults.With(obj.IsMap ? obj : SsaValue.EmptyMap, name, Write(child, path, value, index + 1));
    }
}
