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

    private const string EmbeddedKubernetesResource = "GitOps.Ssa.Schema.kubernetes.json";
    private static readonly Lazy<SsaSchema> EmbeddedKubernetes = new(LoadEmbeddedKubernetes);

    private readonly Dictionary<string, Atom> _types;
    private readonly List<KeyValuePair<string, Atom>> _ordered = [];
    private readonly Dictionary<string, string> _kinds = new(StringComparer.Ordinal);

    /// <summary>Creates a schema from named types.</summary>
    /// <param name="types">The types by name.</param>
    public SsaSchema(IEnumerable<KeyValuePair<string, Atom>> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        _types = new Dictionary<string, Atom>(StringComparer.Ordinal);
        foreach (var (name, atom) in types)
        {
            if (_types.TryAdd(name, atom))
            {
                _ordered.Add(new(name, atom));
            }
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

    /// <summary>
    /// The built-in Kubernetes types (v1.36.2), derived from the API server's OpenAPI v3 documents (which
    /// carry the defaults that list-map keys such as a port's <c>protocol</c> need) and embedded.
    /// </summary>
    public static SsaSchema Kubernetes => EmbeddedKubernetes.Value;

    /// <summary>Converts OpenAPI v3 documents (their <c>components.schemas</c>) with the API server's rules.</summary>
    /// <param name="documents">The JSON documents; a definition repeated in several keeps its first form.</param>
    /// <param name="preserveUnknownFields">Treat objects without properties as free-form (as for CRDs).</param>
    /// <returns>The schema, including the untyped helper types.</returns>
    public static SsaSchema FromOpenApiV3Documents(IEnumerable<string> documents, bool preserveUnknownFields = false)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var definitions = new Dictionary<string, SsaValue>(StringComparer.Ordinal);
        foreach (var json in documents)
        {
            var doc = SsaValue.ParseJson(json);
            if (doc.IsMap && doc.AsMap.TryGetValue("components", out var c) && c.IsMap && c.AsMap.TryGetValue("schemas", out var schemas) && schemas.IsMap)
            {
                foreach (var (name, spec) in schemas.AsMap.Entries)
                {
                    definitions.TryAdd(name, spec);
                }
            }
        }

        return FromOpenApiDefinitions(definitions, preserveUnknownFields);
    }

    /// <summary>Converts named OpenAPI schemas with the API server's rules.</summary>
    /// <param name="definitions">The schemas by definition name.</param>
    /// <param name="preserveUnknownFields">Treat objects without properties as free-form.</param>
    /// <returns>The schema, including the untyped helper types.</returns>
    public static SsaSchema FromOpenApiDefinitions(IEnumerable<KeyValuePair<string, SsaValue>> definitions, bool preserveUnknownFields = false)
    {
        var converter = new OpenApiConverter(preserveUnknownFields);
        var types = converter.Convert(definitions);
        types.AddRange(Deduced._ordered);
        var schema = new SsaSchema(types);
        foreach (var (key, name) in converter.Kinds)
        {
            schema._kinds[key] = name;
        }

        return schema;
    }

    /// <summary>Reads a schema written by <see cref="ToCompactJson"/>.</summary>
    /// <param name="json">The compact JSON.</param>
    /// <returns>The schema.</returns>
    public static SsaSchema FromCompactJson(string json)
    {
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        var schema = new SsaSchema(CompactSchemaFormat.Read(json, kinds));
        foreach (var (key, name) in kinds)
        {
            schema._kinds[key] = name;
        }

        return schema;
    }

    /// <summary>Writes the schema in GitOps' compact JSON form (one type per line).</summary>
    /// <param name="source">Where the schema came from, recorded in the document.</param>
    /// <returns>The JSON text.</returns>
    public string ToCompactJson(string source) =>
        CompactSchemaFormat.Write(_ordered, _kinds.OrderBy(k => k.Key, StringComparer.Ordinal), source);

    /// <summary>A schema with the types of this one and others added (existing names keep their type).</summary>
    /// <param name="types">The types to add.</param>
    /// <returns>The new schema.</returns>
    public SsaSchema WithTypes(IEnumerable<KeyValuePair<string, Atom>> types) => WithTypes(types, []);

    /// <summary>A schema with types and kinds added (existing names keep their type).</summary>
    /// <param name="types">The types to add.</param>
    /// <param name="kinds">Root type names by API version and kind.</param>
    /// <returns>The new schema.</returns>
    public SsaSchema WithTypes(IEnumerable<KeyValuePair<string, Atom>> types, IEnumerable<(string ApiVersion, string Kind, string TypeName)> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var schema = new SsaSchema(_ordered.Concat(types));
        foreach (var (key, name) in _kinds)
        {
            schema._kinds[key] = name;
        }

        foreach (var (apiVersion, kind, typeName) in kinds)
        {
            schema._kinds[KindKey(apiVersion, kind)] = typeName;
        }

        return schema;
    }

    /// <summary>
    /// A schema with the kinds a CustomResourceDefinition (apiextensions.k8s.io/v1) serves added, from each
    /// version's <c>openAPIV3Schema</c>; <c>metadata</c> is typed as ObjectMeta, as the API server does.
    /// </summary>
    /// <param name="crd">The CustomResourceDefinition object.</param>
    /// <returns>The new schema.</returns>
    /// <exception cref="SsaFormatException">The object is not a CRD with structural schemas.</exception>
    public SsaSchema WithCustomResourceDefinition(SsaValue crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var (types, kinds) = CrdSchemaReader.Read(crd);
        return WithTypes(types, kinds);
    }

    /// <summary>Finds the root type of an API version and kind (e.g. <c>apps/v1</c>, <c>Deployment</c>).</summary>
    /// <param name="apiVersion">The API version.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="type">A reference to the type when found.</param>
    /// <returns>True when found.</returns>
    public bool TryGetKindType(string apiVersion, string kind, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TypeRef? type)
    {
        type = _kinds.TryGetValue(KindKey(apiVersion, kind), out var name) ? Named(name) : null;
        return type is not null;
    }

    internal static string KindKey(string apiVersion, string kind) => apiVersion + ":" + kind;

    private static SsaSchema LoadEmbeddedKubernetes()
    {
        using var stream = typeof(SsaSchema).Assembly.GetManifestResourceStream(EmbeddedKubernetesResource)
            ?? throw new InvalidOperationException("embedded Kubernetes schema is missing");
        using var reader = new StreamReader(stream);
        return FromCompactJson(reader.ReadToEnd());
    }

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
