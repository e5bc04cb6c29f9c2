using System.Globalization;
using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.FieldPaths.Internal;
using GitOps.Ssa.ManagedFields.Internal;
using GitOps.Ssa.Merge;
using GitOps.Ssa.Merge.Internal;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Typed;
using GitOps.Ssa.Typed.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.ManagedFields;

/// <summary>
/// The API server's managedFields layer over <see cref="Updater"/>, for one resource (type, API
/// version, subresource): decodes and encodes <c>metadata.managedFields</c>, never owns identity and
/// bookkeeping fields, records <c>time</c> only when a write changed the object, attributes fields of an
/// object without managedFields to <c>before-first-apply</c>, merges the oldest update managers into
/// <c>ancient-changes</c>, keeps kubectl's last-applied annotation in sync, and reports conflicts as the
/// API server does.
/// </summary>
public sealed class FieldManager
{
    private const string CurrentOperation = "current-operation";
    private const string BeforeFirstApply = "before-first-apply";
    private const string AncientChanges = "ancient-changes";
    private const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    private static readonly FieldSet StripSet = FieldSet.Of(ManagerIdentity.StripPaths);

    private readonly SsaSchema _schema;
    private readonly TypeRef _type;
    private readonly string _apiVersion;
    private readonly string? _subresource;
    private readonly FieldManagerOptions _options;
    private readonly Updater _updater;

    /// <summary>Creates a field manager for one resource.</summary>
    /// <param name="schema">The schema of the resource's type.</param>
    /// <param name="type">The resource's root type.</param>
    /// <param name="apiVersion">The API version requests use (e.g. <c>apps/v1</c>).</param>
    /// <param name="subresource">The subresource written through, or null for the main resource.</param>
    /// <param name="options">Options; defaults when null.</param>
    public FieldManager(SsaSchema schema, TypeRef type, string apiVersion, string? subresource = null, FieldManagerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        _schema = schema;
        _type = type;
        _apiVersion = apiVersion;
        _subresource = string.IsNullOrEmpty(subresource) ? null : subresource;
        _options = options ?? new FieldManagerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxUpdateManagers);
        _updater = new Updater(new UpdaterOptions
        {
            Converter = _options.Converter,
            IgnoreFilter = _options.ResetFields?.ToDictionary(p => p.Key, p => (IFieldSetFilter)new ExcludeFieldSetFilter(p.Value), StringComparer.Ordinal),
        });
    }

    /// <summary>Server-side applies a configuration.</summary>
    /// <param name="live">The stored object, or null when it does not exist yet.</param>
    /// <param name="config">The applied configuration.</param>
    /// <param name="manager">The field manager.</param>
    /// <param name="force">Take over conflicting fields.</param>
    /// <returns>The resulting object with its managedFields.</returns>
    /// <exception cref="FieldManagerConflictException">Conflicts, when not forced.</exception>
    /// <exception cref="SsaValidationException">Invalid configuration or object.</exception>
    public FieldManagerResult Apply(SsaValue? live, SsaValue config, string manager, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(manager);
        live ??= SsaValue.EmptyMap;
        var state = Decode(live, out var error) ?? throw new SsaValidationException("failed to decode managed fields: " + error);
        if (config.IsMap && config.AsMap.TryGetValue("apiVersion", out var av) && av.Kind == SsaValueKind.String && av.AsString != _apiVersion)
        {
            throw new SsaValidationException($"Incorrect version specified in apply patch. Specified patch version: {av.AsString}, expected: {_apiVersion}");
        }

        var obj = ApplyLastApplied(live, config, state, manager, force);
        return Encode(obj, state);
    }

    /// <summary>Records a non-apply write (create, update, patch) by a manager.</summary>
    /// <param name="live">The stored object, or null for a create.</param>
    /// <param name="updated">The object as written (after the server's defaulting).</param>
    /// <param name="manager">The field manager.</param>
    /// <returns>The written object with its managedFields.</returns>
    public FieldManagerResult Update(SsaValue? live, SsaValue updated, string manager)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(manager);
        live ??= SsaValue.EmptyMap;
        var state = DecodeLiveOrNew(live, updated);
        if (state is null)
        {
            return new FieldManagerResult(updated, []);
        }

        updated = ObjectAccess.WithMetadataField(updated, "managedFields", null);
        if (state.Fields.Count == 0 && ObjectAccess.MetadataString(live, "uid") is { Length: > 0 })
        {
            // The API server does not start tracking an existing untracked object on update.
            return Encode(updated, state);
        }

        var obj = UpdateCapped(live, updated, state, manager);
        return Encode(obj, state);
    }

    internal sealed class State
    {
        public Dictionary<string, VersionedFieldSet> Fields { get; set; } = new(StringComparer.Ordinal);

        public Dictionary<string, DateTimeOffset?> Times { get; } = new(StringComparer.Ordinal);
    }

    private State? DecodeLiveOrNew(SsaValue live, SsaValue updated)
    {
        if (_subresource is not null)
        {
            return Decode(live, out _) ?? new State();
        }

        var fromRequest = ObjectAccess.MetadataField(updated, "managedFields");
        if (fromRequest is { IsList: true } list && (list.AsList.Count == 0 || (list.AsList.Count == 1 && list.AsList[0].IsMap && list.AsList[0].AsMap.Count == 0)))
        {
            return new State();
        }

        var decoded = Decode(updated, out _);
        if (decoded is null || decoded.Fields.Count == 0)
        {
            return Decode(live, out _) ?? new State();
        }

        return decoded;
    }

    internal static State? Decode(SsaValue obj, out string? error)
    {
        error = null;
        var state = new State();
        var entries = ObjectAccess.MetadataField(obj, "managedFields");
        if (entries is null || entries.IsNull)
        {
            return state;
        }

        if (!entries.IsList)
        {
            error = "managedFields must be a list";
            return null;
        }

        var i = 0;
        foreach (var e in entries.AsList)
        {
            var m = e.IsMap ? e.AsMap : SsaMap.Empty;
            string Str(string key) => m.TryGetValue(key, out var v) && v.Kind == SsaValueKind.String ? v.AsString : string.Empty;
            var operation = Str("operation") switch
            {
                "Apply" => ManagedFieldsOperation.Apply,
                "Update" => ManagedFieldsOperation.Update,
                _ => (ManagedFieldsOperation?)null,
            };
            if (operation is null)
            {
                error = "operation must be `Apply` or `Update`";
                return null;
            }

            var apiVersion = Str("apiVersion");
            if (apiVersion.Length == 0)
            {
                error = "apiVersion must not be empty";
                return null;
            }

            switch (Str("fieldsType"))
            {
                case "FieldsV1":
                    break;
                case "":
                    error = $"missing fieldsType in managed fields entry {i}";
                    return null;
                default:
                    error = $"invalid fieldsType \"{Str("fieldsType")}\" in managed fields entry {i}";
                    return null;
            }

            FieldSet set;
            try
            {
                set = m.TryGetValue("fieldsV1", out var f) && !f.IsNull ? FieldSet.FromFieldsV1Json(f.ToJson()) : new FieldSet();
            }
            catch (SsaFormatException ex)
            {
                error = "error decoding set: " + ex.Message;
                return null;
            }

            var subresource = Str("subresource");
            var id = ManagerIdentity.Build(Str("manager"), operation.Value, apiVersion, subresource);
            state.Fields[id] = new VersionedFieldSet(set, apiVersion, operation == ManagedFieldsOperation.Apply);
            state.Times[id] = m.TryGetValue("time", out var t) && t.Kind == SsaValueKind.String && DateTimeOffset.TryParse(t.AsString, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
            i++;
        }

        return state;
    }

    internal static FieldManagerResult Encode(SsaValue obj, State state)
    {
        var entries = new List<ManagedFieldsEntry>();
        foreach (var (id, vs) in state.Fields)
        {
            var parts = ManagerIdentity.Parse(id);
            state.Times.TryGetValue(id, out var time);
            entries.Add(new ManagedFieldsEntry(parts.Manager, vs.Applied ? ManagedFieldsOperation.Apply : parts.Operation, vs.ApiVersion, time, vs.Set, parts.Subresource));
        }

        entries.Sort(static (p, q) =>
        {
            if (p.Operation != q.Operation)
            {
                return p.Operation == ManagedFieldsOperation.Apply ? -1 : 1;
            }

            var ps = p.Time?.ToUnixTimeSeconds() ?? 0;
            var qs = q.Time?.ToUnixTimeSeconds() ?? 0;
            if (ps != qs)
            {
                return ps < qs ? -1 : 1;
            }

            var c = string.CompareOrdinal(p.Manager, q.Manager);
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(p.ApiVersion, q.ApiVersion);
            return c != 0 ? c : string.CompareOrdinal(p.Subresource ?? string.Empty, q.Subresource ?? string.Empty);
        });

        var encoded = entries.Count == 0 ? null : SsaValue.FromList(entries.Select(ToValue));
        return new FieldManagerResult(ObjectAccess.WithMetadataField(obj, "managedFields", encoded), entries);
    }

    /// <summary>Writes a managedFields entry the way the API server serializes it.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>The JSON-like value.</returns>
    public static SsaValue ToValue(ManagedFieldsEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var fields = new List<KeyValuePair<string, SsaValue>>
        {
            new("manager", SsaValue.FromString(entry.Manager)),
            new("operation", SsaValue.FromString(entry.Operation == ManagedFieldsOperation.Apply ? "Apply" : "Update")),
            new("apiVersion", SsaValue.FromString(entry.ApiVersion)),
        };
        if (entry.Time is { } t)
        {
            fields.Add(new("time", SsaValue.FromString(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))));
        }

        fields.Add(new("fieldsType", SsaValue.FromString("FieldsV1")));
        fields.Add(new("fieldsV1", SsaValue.ParseJson(entry.Fields.ToFieldsV1Json())));
        if (!string.IsNullOrEmpty(entry.Subresource))
        {
            fields.Add(new("subresource", SsaValue.FromString(entry.Subresource)));
        }

        return SsaValue.FromMap(fields);
    }

    private DateTimeOffset Now()
    {
        var now = _options.TimeProvider.GetUtcNow();
        return DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
    }

    // kubectl's last-applied annotation: conflicts it explains are forced, and it is kept in sync.
    private SsaValue ApplyLastApplied(SsaValue live, SsaValue config, State state, string manager, bool force)
    {
        SsaValue obj;
        var snapshot = state.Fields;
        try
        {
            obj = ApplySkipNonApplied(live, config, state, manager, force);
        }
        catch (FieldManagerConflictException e) when (manager == "kubectl" && AllowedByLastApplied(live) is { } allowed)
        {
            var remaining = e.Conflicts.Where(c => !allowed.Has(c.Path)).ToList();
            if (remaining.Count > 0)
            {
                throw;
            }

            state.Fields = snapshot;
            obj = ApplySkipNonApplied(live, config, state, manager, force: true);
        }

        if (manager == "kubectl" && ObjectAccess.MetadataField(obj, "annotations") is { IsMap: true } annotations
            && annotations.AsMap.TryGetValue(LastAppliedAnnotation, out var existing) && existing.Kind == SsaValueKind.String && existing.AsString.Length > 0)
        {
            var configAnnotations = ObjectAccess.MetadataField(config, "annotations");
            var lastConfig = configAnnotations is { IsMap: true }
                ? ObjectAccess.WithMetadataField(config, "annotations", ObjectAccess.With(configAnnotations, LastAppliedAnnotation, null))
                : config;
            var value = SsaValue.FromString(lastConfig.ToJson() + "\n");
            obj = ObjectAccess.WithMetadataField(obj, "annotations", ObjectAccess.With(annotations, LastAppliedAnnotation, value));
        }

        return obj;
    }

    private FieldSet? AllowedByLastApplied(SsaValue live)
    {
        if (ObjectAccess.MetadataField(live, "annotations") is not { IsMap: true } annotations
            || !annotations.AsMap.TryGetValue(LastAppliedAnnotation, out var text) || text.Kind != SsaValueKind.String || text.AsString.Length == 0)
        {
            return null;
        }

        try
        {
            var lastApplied = SsaValue.ParseJson(text.AsString);
            if (!lastApplied.IsMap || !lastApplied.AsMap.TryGetValue("apiVersion", out var v) || v.ToString() != _apiVersion)
            {
                return null;
            }

            var last = TypedValue.Create(lastApplied, _schema, _type);
            var liveTyped = TypedValue.Create(live, _schema, _type);
            var cmp = last.Compare(liveTyped);
            return last.ToFieldSet().Difference(cmp.Modified).Difference(cmp.Added).Difference(cmp.Removed);
        }
        catch (GitOpsException)
        {
            return null;
        }
    }

    private SsaValue ApplySkipNonApplied(SsaValue live, SsaValue config, State state, string manager, bool force)
    {
        if (state.Fields.Count == 0)
        {
            live = UpdateCapped(SsaValue.EmptyMap, live, state, BeforeFirstApply);
        }

        var id = ManagerIdentity.Build(manager, ManagedFieldsOperation.Apply, _apiVersion, _subresource);
        var result = ApplyStructured(live, config, state, id, force);
        StripMeta(state, id);
        if (result is not null)
        {
            state.Times[id] = Now();
            return result;
        }

        return ObjectAccess.WithMetadataField(live, "managedFields", null);
    }

    private SsaValue? ApplyStructured(SsaValue live, SsaValue config, State state, string id, bool force)
    {
        if (ObjectAccess.MetadataField(config, "managedFields") is { IsNull: false })
        {
            throw new SsaValidationException("metadata.managedFields must be nil");
        }

        var configTyped = TypedValue.Create(config, _schema, _type);
        var liveTyped = TypedValue.Create(live, _schema, _type, allowDuplicates: true);
        UpdateResult result;
        try
        {
            result = _updater.Apply(liveTyped, configTyped, _apiVersion, state.Fields, id, force);
        }
        catch (SsaConflictException e)
        {
            throw new FieldManagerConflictException(e.Conflicts);
        }

        state.Fields = new Dictionary<string, VersionedFieldSet>(result.Managers, StringComparer.Ordinal);
        if (result.NewObject is null)
        {
            return null;
        }

        var obj = result.NewObject.Value;
        return _options.Defaulter is { } d ? d(obj) : obj;
    }

    private SsaValue UpdateCapped(SsaValue live, SsaValue updated, State state, string manager)
    {
        var obj = UpdateTracked(live, updated, state, manager);
        CapUpdateManagers(state);
        return obj;
    }

    private SsaValue UpdateTracked(SsaValue live, SsaValue updated, State state, string manager)
    {
        var id = ManagerIdentity.Build(manager, ManagedFieldsOperation.Update, _apiVersion, _subresource);
        var liveTyped = TypedValue.Create(live, _schema, _type, allowDuplicates: true);
        var newTyped = TypedValue.Create(updated, _schema, _type, allowDuplicates: true);
        var result = _updater.Update(liveTyped, newTyped, _apiVersion, state.Fields, CurrentOperation);
        state.Fields = new Dictionary<string, VersionedFieldSet>(result.Managers, StringComparer.Ordinal);
        StripMeta(state, CurrentOperation);
        if (state.Fields.Remove(CurrentOperation, out var vs))
        {
            state.Fields[id] = state.Fields.TryGetValue(id, out var previous)
                ? vs with { Set = vs.Set.Union(previous.Set) }
                : vs;
            state.Times[id] = Now();
        }

        return updated;
    }

    private static void StripMeta(State state, string id)
    {
        if (state.Fields.TryGetValue(id, out var vs))
        {
            var set = vs.Set.Difference(StripSet);
            if (set.IsEmpty)
            {
                state.Fields.Remove(id);
            }
            else
            {
                state.Fields[id] = vs with { Set = set };
            }
        }
    }

    // The oldest update managers beyond the cap are merged, per API version, into "ancient-changes".
    private void CapUpdateManagers(State state)
    {
        var updaters = state.Fields.Where(f => !f.Value.Applied).Select(f => f.Key).ToList();
        if (updaters.Count <= _options.MaxUpdateManagers)
        {
            return;
        }

        long Seconds(string id) => state.Times.TryGetValue(id, out var t) && t is { } time ? time.ToUnixTimeSeconds() : 0;
        updaters.Sort((a, b) =>
        {
            var c = Seconds(a).CompareTo(Seconds(b));
            return c != 0 ? c : string.CompareOrdinal(a, b);
        });
        var firstByVersion = new Dictionary<string, string>(StringComparer.Ordinal);
        var length = updaters.Count;
        for (var i = 0; i < updaters.Count && length > _options.MaxUpdateManagers; i++)
        {
            var id = updaters[i];
            var vs = state.Fields[id];
            state.Times.TryGetValue(id, out var time);
            var bucket = ManagerIdentity.Build(AncientChanges, ManagedFieldsOperation.Update, vs.ApiVersion, null);
            if (firstByVersion.TryGetValue(vs.ApiVersion, out var first))
            {
                if (!state.Fields.TryGetValue(bucket, out var existing))
                {
                    existing = state.Fields[first];
                    state.Fields.Remove(first);
                }

                state.Fields[bucket] = vs with { Set = vs.Set.Union(existing.Set) };
                state.Fields.Remove(id);
                length--;
                state.Times[bucket] = time;
            }
            else
            {
                firstByVersion[vs.ApiVersion] = id;
            }
        }
    }
}
