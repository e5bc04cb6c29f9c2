using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.Typed.Internal;

/// <summary>
/// A value together with its schema and type: the unit structured merge works on (merge, compare,
/// field sets, removal and extraction of fields).
/// </summary>
internal sealed class TypedValue
{
    private TypedValue(SsaValue? value, SsaSchema schema, TypeRef typeRef)
    {
        RawValue = value;
        Schema = schema;
        TypeRef = typeRef;
    }

    /// <summary>The value (<see cref="SsaValue.Null"/> for an empty object).</summary>
    public SsaValue Value => RawValue ?? SsaValue.Null;

    /// <summary>The schema the type comes from.</summary>
    public SsaSchema Schema { get; }

    /// <summary>The type of the value.</summary>
    public TypeRef TypeRef { get; }

    // Null when a merge produced nothing at all (SMD's nil value), which compares as absent.
    internal SsaValue? RawValue { get; }

    /// <summary>Types a value and validates it.</summary>
    /// <param name="value">The value.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="typeRef">The type.</param>
    /// <param name="allowDuplicates">Whether associative lists may hold duplicate keys (live objects may; applied configs may not).</param>
    /// <returns>The typed value.</returns>
    /// <exception cref="SsaValidationException">The value does not match the type.</exception>
    public static TypedValue Create(SsaValue value, SsaSchema schema, TypeRef typeRef, bool allowDuplicates = false)
    {
        var tv = CreateUnvalidated(value, schema, typeRef);
        tv.Validate(allowDuplicates);
        return tv;
    }

    /// <summary>Types a value without validating it.</summary>
    /// <param name="value">The value.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="typeRef">The type.</param>
    /// <returns>The typed value.</returns>
    public static TypedValue CreateUnvalidated(SsaValue value, SsaSchema schema, TypeRef typeRef)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(typeRef);
        return new TypedValue(value, schema, typeRef);
    }

    internal TypedValue With(SsaValue? value) => new(value, Schema, TypeRef);

    /// <summary>Validates the value against its type.</summary>
    /// <param name="allowDuplicates">Whether associative lists may hold duplicate keys.</param>
    /// <exception cref="SsaValidationException">The value does not match the type.</exception>
    public void Validate(bool allowDuplicates = false)
    {
        var w = new ValidateWalker(Schema, allowDuplicates);
        w.Validate(Value, TypeRef);
        if (w.Errors.Count > 0)
        {
            throw new SsaValidationException(w.Errors);
        }
    }

    /// <summary>The set of fields the value sets.</summary>
    /// <returns>The field set.</returns>
    /// <exception cref="SsaValidationException">The value does not match the type.</exception>
    public FieldSet ToFieldSet()
    {
        var w = new FieldSetWalker(Schema);
        w.Walk(Value, TypeRef);
        if (w.Errors.Count > 0)
        {
            throw new SsaValidationException(w.Errors);
        }

        return w.Set;
    }

    /// <summary>Merges another value of the same type over this one.</summary>
    /// <param name="other">The value whose fields win.</param>
    /// <returns>The merged value.</returns>
    /// <exception cref="SsaValidationException">The values do not match the type.</exception>
    public TypedValue Merge(TypedValue other)
    {
        CheckSameType(other);
        var w = new MergeWalker(Schema);
        var result = w.Merge(RawValue, other.RawValue, TypeRef);
        if (w.Errors.Count > 0)
        {
            throw new SsaValidationException(w.Errors);
        }

        return With(result);
    }

    /// <summary>Compares this (old) value with another (new) value of the same type.</summary>
    /// <param name="other">The new value.</param>
    /// <returns>The fields added, modified and removed.</returns>
    /// <exception cref="SsaValidationException">The values do not match the type.</exception>
    public Comparison Compare(TypedValue other)
    {
        CheckSameType(other);
        var w = new CompareWalker(Schema);
        w.Compare(RawValue, other.RawValue, TypeRef);
        if (w.Errors.Count > 0)
        {
            throw new SsaValidationException(w.Errors);
        }

        return new Comparison(w.Added, w.Modified, w.Removed);
    }

    /// <summary>A copy without the given fields.</summary>
    /// <param name="fields">The fields to remove.</param>
    /// <returns>The new value.</returns>
    public TypedValue RemoveItems(FieldSet fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return With(RemoveWalker.Run(Schema, Value, fields, TypeRef, extract: false));
    }

    /// <summary>A copy with only the given fields.</summary>
    /// <param name="fields">The fields to keep.</param>
    /// <param name="appendKeyFields">Also keep the key fields of every kept map-list item.</param>
    /// <returns>The new value.</returns>
    public TypedValue ExtractItems(FieldSet fields, bool appendKeyFields = false)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (appendKeyFields)
        {
            fields = AppendKeyFields(fields);
        }

        return With(RemoveWalker.Run(Schema, Value, fields, TypeRef, extract: true));
    }

    private FieldSet AppendKeyFields(FieldSet items)
    {
        FieldSet own;
        try
        {
            own = ToFieldSet();
        }
        catch (SsaValidationException)
        {
            return items;
        }

        var keyPaths = new FieldSet();
        foreach (var path in items.EnumeratePaths())
        {
            if (!own.Has(path))
            {
                continue;
            }

            for (var i = 0; i < path.Count; i++)
            {
                if (path[i].Kind != PathElementKind.Key)
                {
                    continue;
                }

                foreach (var k in path[i].Keys)
                {
                    var p = new PathElement[i + 2];
                    for (var j = 0; j <= i; j++)
                    {
                        p[j] = path[j];
                    }

                    p[i + 1] = PathElement.Field(k.Name);
                    keyPaths.Insert(p);
                }
            }
        }

        return items.Union(keyPaths);
    }

    /// <summary>Makes every named field with owned children also owned itself (used before pruning).</summary>
    /// <param name="set">The set.</param>
    /// <returns>The completed set; like the set operations, it may share unchanged subtrees (or be the set itself when nothing changes).</returns>
    public FieldSet EnsureNamedFieldsAreMembers(FieldSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return TypedHelpers.EnsureNamedFieldsAreMembers(set, Schema, TypeRef);
    }

    /// <summary>Rewrites a managed field set for fields that became atomic in this value's schema.</summary>
    /// <param name="set">The managed set.</param>
    /// <returns>The reconciled set, or null when unchanged.</returns>
    public FieldSet? ReconcileFieldSet(FieldSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new ReconcileWalker(Schema).Reconcile(set, TypeRef);
    }

    private void CheckSameType(TypedValue other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!ReferenceEquals(Schema, other.Schema))
        {
            throw new SsaValidationException("expected objects with types from the same schema");
        }

        if (!ReferenceEquals(TypeRef, other.TypeRef) && (TypeRef.NamedType is null || TypeRef.NamedType != other.TypeRef.NamedType))
        {
            throw new SsaValidationException($"expected objects of the same type, but got {TypeRef} and {other.TypeRef}");
        }
    }
}
