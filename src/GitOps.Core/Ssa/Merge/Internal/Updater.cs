using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.FieldPaths.Internal;
using GitOps.Ssa.Typed;
using GitOps.Ssa.Typed.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.Merge.Internal;

/// <summary>
/// Applies configurations and updates objects on behalf of field managers, tracking who owns which
/// field: server-side apply's core (structured-merge-diff's merge.Updater), without the API server's
/// managedFields encoding.
/// </summary>
internal sealed class Updater
{
    private readonly IVersionConverter _converter;
    private readonly IDictionary<string, FieldSet>? _ignoredFields;
    private readonly IDictionary<string, IFieldSetFilter>? _ignoreFilter;
    private readonly bool _returnInputOnNoop;

    /// <summary>Creates an updater with default options.</summary>
    public Updater()
        : this(new UpdaterOptions())
    {
    }

    /// <summary>Creates an updater.</summary>
    /// <param name="options">The options.</param>
    public Updater(UpdaterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.IgnoredFields is not null && options.IgnoreFilter is not null)
        {
            throw new ArgumentException("IgnoredFields and IgnoreFilter may not both be set", nameof(options));
        }

        _converter = options.Converter ?? IdentityVersionConverter.Instance;
        _ignoredFields = options.IgnoredFields;
        _ignoreFilter = options.IgnoreFilter;
        _returnInputOnNoop = options.ReturnInputOnNoop;
    }

    /// <summary>The version converter in use.</summary>
    /// <returns>The converter.</returns>
    public IVersionConverter GetConverter() => _converter;

    /// <summary>Applies a configuration for a manager.</summary>
    /// <param name="live">The live object (its value is null when the object does not exist).</param>
    /// <param name="config">The applied configuration, typed at <paramref name="version"/>.</param>
    /// <param name="version">The API version of the configuration.</param>
    /// <param name="managers">The managers of the live object.</param>
    /// <param name="manager">The applying manager.</param>
    /// <param name="force">Take over conflicting fields instead of failing.</param>
    /// <returns>The new object (null when nothing changed) and managers.</returns>
    /// <exception cref="SsaConflictException">Conflicts, when not forced.</exception>
    public UpdateResult Apply(TypedValue live, TypedValue config, string version, IReadOnlyDictionary<string, VersionedFieldSet> managers, string manager, bool force)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(managers);
        ArgumentNullException.ThrowIfNull(manager);
        var owned = ReconcileWithSchema(live, managers);
        TypedValue merged;
        try
        {
            merged = live.Merge(config);
        }
        catch (SsaValidationException e)
        {
            throw new SsaValidationException("failed to merge config: " + e.Message, e);
        }

        owned.TryGetValue(manager, out var lastSet);
        FieldSet set;
        try
        {
            set = config.ToFieldSet();
        }
        catch (SsaValidationException e)
        {
            throw new SsaValidationException("failed to get field set: " + e.Message, e);
        }

        set = Filter(set, version);
        owned[manager] = new VersionedFieldSet(set, version, Applied: true);
        var result = Prune(merged, owned, manager, lastSet);
        Update(live, result, version, owned, manager, force);
        if (!_returnInputOnNoop && result.RawValue is { } rv && live.RawValue is { } lv && SsaValue.DeepEquals(lv, rv))
        {
            return new UpdateResult(null, owned);
        }

        return new UpdateResult(result, owned);
    }

    /// <summary>Records a non-apply write (create, update, patch) by a manager: it takes over what it changed.</summary>
    /// <param name="live">The live object.</param>
    /// <param name="updated">The object as written, typed at <paramref name="version"/>.</param>
    /// <param name="version">The API version of the write.</param>
    /// <param name="managers">The managers of the live object.</param>
    /// <param name="manager">The writing manager.</param>
    /// <returns>The written object and the managers afterwards.</returns>
    public UpdateResult Update(TypedValue live, TypedValue updated, string version, IReadOnlyDictionary<string, VersionedFieldSet> managers, string manager)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(managers);
        ArgumentNullException.ThrowIfNull(manager);
        var owned = ReconcileWithSchema(live, managers);
        var compare = Update(live, updated, version, owned, manager, force: true);
        var previous = owned.TryGetValue(manager, out var p) ? p.Set : new FieldSet();
        var set = previous.Difference(compare.Removed).Union(compare.Modified).Union(compare.Added);
        set = Filter(set, version);
        if (set.IsEmpty)
        {
            owned.Remove(manager);
        }
        else
        {
            owned[manager] = new VersionedFieldSet(set, version, Applied: false);
        }

        return new UpdateResult(updated, owned);
    }

    private FieldSet Filter(FieldSet set, string version)
    {
        if (_ignoredFields is not null)
        {
            return _ignoredFields.TryGetValue(version, out var ignored) ? set.RecursiveDifference(ignored) : set;
        }

        return _ignoreFilter is not null && _ignoreFilter.TryGetValue(version, out var filter) ? filter.Filter(set) : set;
    }

    private Comparison Exclude(Comparison c, string version)
    {
        if (_ignoredFields is not null)
        {
            return c.ExcludeFields(_ignoredFields.TryGetValue(version, out var ignored) ? ignored : null);
        }

        return c.Filter(_ignoreFilter is not null && _ignoreFilter.TryGetValue(version, out var filter) ? filter : null);
    }

    // Takes what changed between old and new away from the other managers; fails on conflicts unless forced.
    private Comparison Update(TypedValue oldObject, TypedValue newObject, string version, Dictionary<string, VersionedFieldSet> managers, string workflow, bool force)
    {
        Comparison compare;
        try
        {
            compare = oldObject.Compare(newObject);
        }
        catch (SsaValidationException e)
        {
            throw new SsaValidationException("failed to compare objects: " + e.Message, e);
        }

        var versions = new Dictionary<string, Comparison>(StringComparer.Ordinal) { [version] = Exclude(compare, version) };
        var conflicts = new List<(string Manager, FieldSet Set)>();
        var removed = new List<(string Manager, FieldSet Set)>();
        foreach (var (name, owned) in managers.ToList())
        {
            if (name == workflow)
            {
                continue;
            }

            if (!versions.TryGetValue(owned.ApiVersion, out var cmp))
            {
                if (!_converter.TryConvert(oldObject, owned.ApiVersion, out var oldAt) || !_converter.TryConvert(newObject, owned.ApiVersion, out var newAt))
                {
                    managers.Remove(name);
                    continue;
                }

                try
                {
                    cmp = oldAt.Compare(newAt);
                }
                catch (SsaValidationException e)
                {
                    throw new SsaValidationException("failed to compare objects: " + e.Message, e);
                }

                cmp = Exclude(cmp, owned.ApiVersion);
                versions[owned.ApiVersion] = cmp;
            }

            var conflictSet = owned.Set.Intersection(cmp.Modified.Union(cmp.Added));
            if (!conflictSet.IsEmpty)
            {
                conflicts.Add((name, conflictSet));
            }

            if (!cmp.Removed.IsEmpty)
            {
                removed.Add((name, cmp.Removed));
            }
        }

        if (!force && conflicts.Count > 0)
        {
            var list = new List<SsaConflict>();
            foreach (var (name, set) in conflicts.OrderBy(c => c.Manager, StringComparer.Ordinal))
            {
                list.AddRange(set.EnumeratePaths().Select(p => new SsaConflict(name, p)));
            }

            throw new SsaConflictException(list);
        }

        foreach (var (name, set) in conflicts)
        {
            var m = managers[name];
            managers[name] = m with { Set = m.Set.Difference(set) };
        }

        foreach (var (name, set) in removed)
        {
            var m = managers[name];
            managers[name] = m with { Set = m.Set.Difference(set) };
        }

        foreach (var (name, m) in managers.ToList())
        {
            if (m.Set.IsEmpty)
            {
                managers.Remove(name);
            }
        }

        return compare;
    }

    // Removes the fields the applier owned before and no longer sets, unless someone else owns them.
    private TypedValue Prune(TypedValue merged, Dictionary<string, VersionedFieldSet> managers, string applyingManager, VersionedFieldSet? lastSet)
    {
        if (lastSet is null || lastSet.Set.IsEmpty)
        {
            return merged;
        }

        var version = lastSet.ApiVersion;
        if (!_converter.TryConvert(merged, version, out var convertedMerged))
        {
            return merged;
        }

        var pruned = convertedMerged.RemoveItems(convertedMerged.EnsureNamedFieldsAreMembers(lastSet.Set));
        var cache = new OwnSetCache();
        pruned = AddBackOwnedItems(convertedMerged, pruned, version, managers, cache);
        pruned = AddBackDanglingItems(convertedMerged, pruned, lastSet, cache);
        var target = managers[applyingManager].ApiVersion;
        if (!_converter.TryConvert(pruned, target, out var result))
        {
            throw new SsaValidationException($"failed to prune fields: cannot convert to version {target}");
        }

        return result;
    }

    private TypedValue AddBackOwnedItems(TypedValue merged, TypedValue pruned, string prunedVersion, Dictionary<string, VersionedFieldSet> managers, OwnSetCache cache)
    {
        var managedAtVersion = new Dictionary<string, FieldSet>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var m in managers.Values)
        {
            if (managedAtVersion.TryGetValue(m.ApiVersion, out var s))
            {
                managedAtVersion[m.ApiVersion] = s.Union(m.Set);
            }
            else
            {
                managedAtVersion[m.ApiVersion] = new FieldSet().Union(m.Set);
                order.Add(m.ApiVersion);
            }
        }

        if (managedAtVersion.TryGetValue(prunedVersion, out var atPruned))
        {
            (merged, pruned) = AddBackOwnedItemsForVersion(merged, pruned, prunedVersion, atPruned, cache);
            order.Remove(prunedVersion);
        }

        foreach (var v in order)
        {
            (merged, pruned) = AddBackOwnedItemsForVersion(merged, pruned, v, managedAtVersion[v], cache);
        }

        return pruned;
    }

    private (TypedValue Merged, TypedValue Pruned) AddBackOwnedItemsForVersion(TypedValue merged, TypedValue pruned, string version, FieldSet managed, OwnSetCache cache)
    {
        if (!_converter.TryConvert(merged, version, out var m))
        {
            return (merged, pruned);
        }

        merged = m;
        if (!_converter.TryConvert(pruned, version, out var p))
        {
            return (merged, pruned);
        }

        pruned = p;
        var mergedSet = cache.Get(merged);
        var prunedSet = merged.EnsureNamedFieldsAreMembers(pruned.ToFieldSet());
        var keep = prunedSet.Union(merged.EnsureNamedFieldsAreMembers(managed));
        pruned = merged.RemoveItems(mergedSet.Difference(keep));
        return (merged, pruned);
    }

    private TypedValue AddBackDanglingItems(TypedValue merged, TypedValue pruned, VersionedFieldSet lastSet, OwnSetCache cache)
    {
        if (!_converter.TryConvert(pruned, lastSet.ApiVersion, out var convertedPruned))
        {
            return merged;
        }

        var prunedSet = merged.EnsureNamedFieldsAreMembers(convertedPruned.ToFieldSet());
        var mergedSet = cache.Get(merged);
        var last = merged.EnsureNamedFieldsAreMembers(lastSet.Set);
        return merged.RemoveItems(mergedSet.Difference(prunedSet).Intersection(last));
    }

    // A schema change may have made fields atomic; ownership of their children becomes ownership of them.
    private Dictionary<string, VersionedFieldSet> ReconcileWithSchema(TypedValue live, IReadOnlyDictionary<string, VersionedFieldSet> managers)
    {
        var result = new Dictionary<string, VersionedFieldSet>(StringComparer.Ordinal);
        foreach (var (name, owned) in managers)
        {
            if (!_converter.TryConvert(live, owned.ApiVersion, out var tv))
            {
                continue;
            }

            var reconciled = tv.ReconcileFieldSet(owned.Set);
            result[name] = reconciled is null ? owned : owned with { Set = reconciled };
        }

        return result;
    }

    // The fields a merged object sets (named fields made members), computed once per pruning: sets are never
    // changed after they are built, so sharing one between the steps that read it is safe.
    private sealed class OwnSetCache
    {
        private TypedValue? _value;
        private FieldSet? _set;

        public FieldSet Get(TypedValue value)
        {
            if (_set is null || !ReferenceEquals(_value, value))
            {
                _set = value.EnsureNamedFieldsAreMembers(value.ToFieldSet());
                _value = value;
            }

            return _set;
        }
    }
}
