using GitOps.Ssa.Schema.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.Schema;

/// <summary>
/// A set of named types with structured-merge-diff semantics. Build one from smd schema YAML
/// (<see cref="FromSmdYaml"/>), from Kubernetes OpenAPI v3 documents or from a CRD's openAPIV3Schema.
/// </summary>
public sealed class SsaSchema
{
    /// <summary>The name of the type that deduces structure from the value itself.</summary>
    public const string DeducedTypeName = "__untyped_deduced_";

    /// <summary>The name of the type that treats any value as one atomic leaf.</summary>
    public const string AtomicTypeName = "__untyped_atomic_";

    private readonly Dictionary<string, Atom> _types;

    /// <summary>Creates a schema from named types.</summary>
    /// <param name="types">The types by name.</param>
    public SsaSchema(IEnumerable<KeyValuePair<string, Atom>> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        _types = new Dictionary<string, Atom>(StringComparer.Ordinal);
        foreach (var (name, atom) in types)
        {
            _types.TryAdd(name, atom);
        }
    }

    /// <summary>The names of the types, in no particular order.</summary>
    public IEnumerable<string> TypeNames => _types.Keys;

    /// <summary>The schema with only the deduced and atomic untyped types.</summary>
    public static SsaSchema Deduced { get; } = FromSmdYaml(DeducedSchemaYaml.Text);

    /// <summary>Parses the schema YAML format structured-merge-diff uses (<c>types: [{name, scalar|list|map}]</c>).</summary>
    /// <param name="yaml">The schema YAML.</param>
    /// <returns>The schema.</returns>
    public static SsaSchema FromSmdYaml(string yaml) => SmdSchemaReader.Read(yaml);

    /// <summary>Finds a named type.</summary>
    /// <param name="name">The type name.</param>
    /// <param name="atom">The type when found.</param>
    /// <returns>True when found.</returns>
    public bool TryGetType(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Atom? atom) =>
        _types.TryGetValue(name, out atom);

    /// <summary>A reference to one of the named types.</summary>
    /// <param name="name">The type name.</param>
    /// <returns>The reference.</returns>
    public static TypeRef Named(string name) => new(name, null);

    /// <summary>Resolves a reference to its type, applying an element relationship override.</summary>
    /// <param name="typeRef">The reference.</param>
    /// <returns>The type, or null when the name is unknown (or an override targets a scalar).</returns>
    public Atom? Resolve(TypeRef typeRef)
    {
        ArgumentNullException.ThrowIfNull(typeRef);
        if (typeRef.Cache is { } cached)
        {
            return cached.Value;
        }

        Atom? result;
        if (typeRef.NamedType is not null)
        {
            result = _types.GetValueOrDefault(typeRef.NamedType);
        }
        else
        {
            result = typeRef.Inlined ?? EmptyAtom;
        }

        if (result is not null && typeRef.ElementRelationshipOverride is { } er)
        {
            if (result.Map is not null)
            {
                result = new Atom(null, null, result.Map.WithRelationship(er));
            }
            else if (result.List is not null)
            {
                result = new Atom(null, result.List.WithRelationship(er), null);
            }
            else
            {
                result = null;
            }
        }

        typeRef.Cache = new System.Runtime.CompilerServices.StrongBox<Atom?>(result);
        return result;
    }

    internal static Atom EmptyAtom { get; } = new(null, null, null);

    internal static SsaValue? DefaultOf(StructField? field) => field?.Default;
}
