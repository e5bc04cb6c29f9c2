using GitOps.Ssa.Values;

namespace GitOps.Ssa.Schema;

/// <summary>How the elements of a list or map relate to each other for merging.</summary>
public enum ElementRelationship
{
    /// <summary>Not set: maps behave as <see cref="Separable"/>; lists cannot be merged item by item.</summary>
    Unspecified,

    /// <summary>Replaced as a whole; one owner.</summary>
    Atomic,

    /// <summary>Items are merged and owned one by one (sets, and lists of maps with keys).</summary>
    Associative,

    /// <summary>Map fields are merged and owned one by one.</summary>
    Separable,
}

#pragma warning disable CA1720 // The members are structured-merge-diff's scalar names.
/// <summary>The kinds of scalar a schema can require.</summary>
public enum ScalarType
{
    /// <summary>An integer or floating point number.</summary>
    Numeric,

    /// <summary>A string.</summary>
    String,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>Any scalar.</summary>
    Untyped,

    /// <summary>A scalar name structured-merge-diff does not know; no value validates against it.</summary>
    Unknown,
}
#pragma warning restore CA1720

/// <summary>A type: a scalar, a list, a map, or (for untyped values) several of these at once.</summary>
public sealed class Atom
{
    /// <summary>Creates an atom.</summary>
    /// <param name="scalar">The scalar type, if a scalar is allowed.</param>
    /// <param name="list">The list type, if a list is allowed.</param>
    /// <param name="map">The map type, if a map is allowed.</param>
    public Atom(ScalarType? scalar, ListType? list, MapType? map)
    {
        Scalar = scalar;
        List = list;
        Map = map;
    }

    /// <summary>The scalar type, if a scalar is allowed.</summary>
    public ScalarType? Scalar { get; }

    /// <summary>The list type, if a list is allowed.</summary>
    public ListType? List { get; }

    /// <summary>The map type, if a map is allowed.</summary>
    public MapType? Map { get; }

    internal string? UnknownScalarName { get; init; }

    internal bool IsEmpty => Scalar is null && List is null && Map is null;

    internal Atom? ScalarOnly { get; set; }

    internal Atom? ListOnly { get; set; }

    internal Atom? MapOnly { get; set; }

    internal bool SameAs(Atom other) => ReferenceEquals(this, other) ||
        (Scalar == other.Scalar && ReferenceEquals(List, other.List) && ReferenceEquals(Map, other.Map));
}

/// <summary>A reference to a type: by name, inline, optionally overriding the element relationship.</summary>
public sealed class TypeRef
{
    /// <summary>Creates a reference.</summary>
    /// <param name="namedType">The name of a type of the schema, or null for an inline type.</param>
    /// <param name="inlined">The inline type when <paramref name="namedType"/> is null.</param>
    /// <param name="elementRelationship">Overrides the element relationship of the referenced list or map.</param>
    public TypeRef(string? namedType, Atom? inlined, ElementRelationship? elementRelationship = null)
    {
        NamedType = namedType;
        Inlined = inlined;
        ElementRelationshipOverride = elementRelationship;
    }

    /// <summary>The reference to nothing (a map without element type).</summary>
    public static TypeRef Empty { get; } = new(null, null);

    /// <summary>The name of the referenced type, or null for an inline type.</summary>
    public string? NamedType { get; }

    /// <summary>The inline type.</summary>
    public Atom? Inlined { get; }

    /// <summary>The element relationship that overrides the referenced type's.</summary>
    public ElementRelationship? ElementRelationshipOverride { get; }

    /// <summary>Whether this references nothing.</summary>
    public bool IsEmpty => NamedType is null && (Inlined is null || Inlined.IsEmpty) && ElementRelationshipOverride is null;

    // One reference holds the resolution so that readers on other threads see it whole.
    internal System.Runtime.CompilerServices.StrongBox<Atom?>? Cache { get; set; }

    /// <inheritdoc />
    public override string ToString() => NamedType ?? "inlined type";
}

/// <summary>A field of a map type.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Type">The field type.</param>
/// <param name="Default">The default value the API server fills in, used for omitted list-map keys.</param>
public sealed record StructField(string Name, TypeRef Type, SsaValue? Default = null);

/// <summary>A map (object) type: declared fields and a type for other keys.</summary>
public sealed class MapType
{
    private readonly Dictionary<string, StructField> _byName;

    /// <summary>Creates a map type.</summary>
    /// <param name="fields">The declared fields.</param>
    /// <param name="elementType">The type of undeclared keys; <see cref="TypeRef.Empty"/> when none are allowed.</param>
    /// <param name="elementRelationship">Atomic or separable.</param>
    public MapType(IReadOnlyList<StructField> fields, TypeRef elementType, ElementRelationship elementRelationship)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(elementType);
        Fields = fields;
        ElementType = elementType;
        ElementRelationship = elementRelationship;
        _byName = new Dictionary<string, StructField>(fields.Count, StringComparer.Ordinal);
        foreach (var f in fields)
        {
            _byName[f.Name] = f;
        }
    }

    /// <summary>The declared fields.</summary>
    public IReadOnlyList<StructField> Fields { get; }

    /// <summary>The type of undeclared keys.</summary>
    public TypeRef ElementType { get; }

    /// <summary>Atomic or separable.</summary>
    public ElementRelationship ElementRelationship { get; }

    internal bool HasNoFields => Fields.Count == 0;

    /// <summary>Finds a declared field.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="field">The field when found.</param>
    /// <returns>True when declared.</returns>
    public bool TryGetField(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StructField? field) =>
        _byName.TryGetValue(name, out field);

    internal TypeRef FieldType(string name) => _byName.TryGetValue(name, out var f) ? f.Type : ElementType;

    internal MapType WithRelationship(ElementRelationship relationship) => new(Fields, ElementType, relationship);
}

/// <summary>A list type.</summary>
public sealed class ListType
{
    /// <summary>Creates a list type.</summary>
    /// <param name="elementType">The item type.</param>
    /// <param name="elementRelationship">Atomic, or associative (a set, or a map-list when <paramref name="keys"/> are given).</param>
    /// <param name="keys">The key fields of a map-list.</param>
    public ListType(TypeRef elementType, ElementRelationship elementRelationship, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(elementType);
        ArgumentNullException.ThrowIfNull(keys);
        ElementType = elementType;
        ElementRelationship = elementRelationship;
        Keys = keys;
    }

    /// <summary>The item type.</summary>
    public TypeRef ElementType { get; }

    /// <summary>Atomic or associative.</summary>
    public ElementRelationship ElementRelationship { get; }

    /// <summary>The key fields of a map-list (empty for sets and atomic lists).</summary>
    public IReadOnlyList<string> Keys { get; }

    internal ListType WithRelationship(ElementRelationship relationship) => new(ElementType, relationship, Keys);
}
