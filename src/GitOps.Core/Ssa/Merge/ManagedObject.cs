using System.Collections.ObjectModel;
using GitOps.Ssa.Merge.Internal;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Typed;
using GitOps.Ssa.Typed.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.Merge;

/// <summary>
/// An object and the fields each of its managers owns, under the bare structured merge: structured-merge-diff's
/// <c>merge.Updater</c> (apply and update of a typed value against a set of managers) without the API server's
/// managedFields encoding, version conversion, defaulting or field resets, which <see cref="ServerSideApply"/>
/// adds. Immutable: each <see cref="Apply"/> or <see cref="Update"/> returns a new object and leaves this one as it
/// was, so objects can be shared between threads.
/// </summary>
/// <example>
/// <code>
/// var live = ManagedObject.Create(SsaValue.ParseJson("{}"), SsaSchema.Kubernetes, SsaSchema.Named("io.k8s.api.core.v1.ConfigMap"));
/// var applied = live.Apply(config, "v1", "kubectl");          // SsaConflictException when another manager owns a field
/// var owned = applied.Managers["kubectl"].Set;                  // what kubectl owns now
/// </code>
/// </example>
public sealed class ManagedObject
{
    private static readonly IReadOnlyDictionary<string, VersionedFieldSet> NoManagers =
        new ReadOnlyDictionary<string, VersionedFieldSet>(new Dictionary<string, VersionedFieldSet>(StringComparer.Ordinal));

    // Stateless (default options), so one instance serves every object and thread.
    private static readonly Updater Engine = new();

    private readonly TypedValue _typed;
    private readonly bool _changed;

    // After an update: the value before it, compared only when Changed is read (the comparison walks the object).
    private readonly SsaValue? _before;

    private ManagedObject(TypedValue typed, IReadOnlyDictionary<string, VersionedFieldSet> managers, bool changed, SsaValue? before = null)
    {
        _typed = typed;
        Managers = managers;
        _changed = changed;
        _before = before;
    }

    /// <summary>The object's value.</summary>
    public SsaValue Value => _typed.Value;

    /// <summary>The schema the object's type comes from.</summary>
    public SsaSchema Schema => _typed.Schema;

    /// <summary>The object's type in <see cref="Schema"/>.</summary>
    public TypeRef Type => _typed.TypeRef;

    /// <summary>The fields each manager owns, by manager name.</summary>
    public IReadOnlyDictionary<string, VersionedFieldSet> Managers { get; }

    /// <summary>
    /// Whether the operation that returned this object changed its value: false for <see cref="Create"/> and for an
    /// apply that changes only who owns what (the Go updater's nil object).
    /// </summary>
    public bool Changed => _before is null ? _changed : !SsaValue.DeepEquals(_before, Value);

    /// <summary>Types and validates a live object; its associative lists may hold duplicate keys, as live objects may.</summary>
    /// <param name="value">The object (<see cref="SsaValue.Null"/> for one that does not exist yet).</param>
    /// <param name="schema">The schema, such as <see cref="SsaSchema.Kubernetes"/> or <see cref="SsaSchema.Deduced"/>.</param>
    /// <param name="type">The object's type in <paramref name="schema"/> (<see cref="SsaSchema.Named"/>).</param>
    /// <param name="managers">The fields each manager owns already; none when null.</param>
    /// <returns>The object.</returns>
    /// <exception cref="SsaValidationException">The value does not match the type.</exception>
    public static ManagedObject Create(SsaValue value, SsaSchema schema, TypeRef type, IReadOnlyDictionary<string, VersionedFieldSet>? managers = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(type);
        var owned = managers is null || managers.Count == 0
            ? NoManagers
            : new ReadOnlyDictionary<string, VersionedFieldSet>(new Dictionary<string, VersionedFieldSet>(managers, StringComparer.Ordinal));
        return new ManagedObject(TypedValue.Create(value, schema, type, allowDuplicates: true), owned, changed: false);
    }

    /// <summary>
    /// Applies a configuration for <paramref name="manager"/>: merges it into the object, makes the manager own
    /// exactly the configuration's fields, and removes fields it applied before and no longer sets when nobody
    /// else owns them.
    /// </summary>
    /// <param name="config">The applied configuration (validated; duplicate keys in associative lists are refused).</param>
    /// <param name="apiVersion">The API version of the configuration.</param>
    /// <param name="manager">The applying manager.</param>
    /// <param name="force">Take over fields other managers own instead of failing.</param>
    /// <returns>The object afterwards.</returns>
    /// <exception cref="SsaConflictException">Other managers own fields the configuration changes, and <paramref name="force"/> is false.</exception>
    /// <exception cref="SsaValidationException">The configuration does not match the type.</exception>
    public ManagedObject Apply(SsaValue config, string apiVersion, string manager, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(apiVersion);
        ArgumentNullException.ThrowIfNull(manager);
        var result = Engine.Apply(_typed, TypedValue.Create(config, Schema, Type), apiVersion, Managers, manager, force);
        var managers = new ReadOnlyDictionary<string, VersionedFieldSet>(result.Managers);
        return result.NewObject is null ? new(_typed, managers, changed: false) : new(result.NewObject, managers, changed: true);
    }

    /// <summary>
    /// Records a write that is not an apply (create, update, patch) by <paramref name="manager"/>: the object becomes
    /// <paramref name="updated"/>, and the manager takes over every field it added or changed.
    /// </summary>
    /// <param name="updated">The object as written (validated; duplicate keys in associative lists are allowed).</param>
    /// <param name="apiVersion">The API version of the write.</param>
    /// <param name="manager">The writing manager.</param>
    /// <returns>The object afterwards.</returns>
    /// <exception cref="SsaValidationException">The object does not match the type.</exception>
    public ManagedObject Update(SsaValue updated, string apiVersion, string manager)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(apiVersion);
        ArgumentNullException.ThrowIfNull(manager);
        var result = Engine.Update(_typed, TypedValue.Create(updated, Schema, Type, allowDuplicates: true), apiVersion, Managers, manager);
        return new(result.NewObject!, new ReadOnlyDictionary<string, VersionedFieldSet>(result.Managers), changed: true, before: Value);
    }
}
