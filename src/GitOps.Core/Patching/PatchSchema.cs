using GitOps.Patching.Internal;
using GitOps.Yaml;

namespace GitOps.Patching;

/// <summary>
/// The merge keys and patch strategies strategic merge reads (<c>x-kubernetes-patch-merge-key</c>,
/// <c>x-kubernetes-patch-strategy</c>, <c>x-kubernetes-list-map-keys</c>), by resource type, from OpenAPI
/// v2 definitions. <see cref="Kubernetes"/> holds the built-in types; <see cref="FromOpenApi"/> reads a
/// custom schema such as the file a kustomization's <c>openapi: {path: ...}</c> names. Immutable and
/// safe to share between concurrent patches.
/// </summary>
public sealed class PatchSchema
{
    private const string EmbeddedKubernetesResource = "GitOps.Patching.Schema.kubernetes.json";
    private static readonly Lazy<PatchSchema> EmbeddedKubernetes = new(LoadEmbedded);

    private readonly Dictionary<string, SchemaNode> _definitions;
    private readonly Dictionary<string, string> _kinds;

    private PatchSchema(Dictionary<string, SchemaNode> definitions, Dictionary<string, string> kinds)
    {
        _definitions = definitions;
        _kinds = kinds;
    }

    /// <summary>
    /// The built-in Kubernetes types (v1.36.2), reduced from the API's OpenAPI v2 document
    /// (<c>schemas/kubernetes/v1.36.2/swagger.json</c>) and embedded.
    /// </summary>
    public static PatchSchema Kubernetes => EmbeddedKubernetes.Value;

    /// <summary>A schema that knows no type: every list is replaced by a patch, as for unknown resources.</summary>
    public static PatchSchema Empty { get; } = new(new(StringComparer.Ordinal), new(StringComparer.Ordinal));

    /// <summary>How many types name a group, version and kind.</summary>
    public int ResourceTypeCount => _kinds.Count;

    /// <summary>Reads an OpenAPI v2 document (JSON, or YAML as kustomize also accepts) and its <c>definitions</c>.</summary>
    /// <param name="document">The document's text.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="PatchException">The text is not valid JSON or YAML.</exception>
    public static PatchSchema FromOpenApi(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        YamlNode root;
        try
        {
            root = YamlReader.ReadDocument(document, new YamlReaderOptions { MaxDepth = 1000 });
        }
        catch (YamlException ex)
        {
            throw new PatchException("invalid schema file: " + ex.Message, ex);
        }

        var (definitions, kinds) = SchemaReader.Read(root);
        return new PatchSchema(definitions, kinds);
    }

    /// <summary>
    /// One schema with the definitions and resource types of all of <paramref name="schemas"/>; on the same
    /// name the later schema wins (as kyaml's global schema when a custom file is read before the built-in one).
    /// </summary>
    /// <param name="schemas">The schemas, in order.</param>
    /// <returns>The combined schema.</returns>
    public static PatchSchema Combine(params IEnumerable<PatchSchema> schemas)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        var definitions = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in schemas)
        {
            foreach (var (k, v) in s._definitions)
            {
                definitions[k] = v;
            }

            foreach (var (k, v) in s._kinds)
            {
                kinds[k] = v;
            }
        }

        return new PatchSchema(definitions, kinds);
    }

    /// <summary>Whether the schema has a type for <paramref name="apiVersion"/> and <paramref name="kind"/>.</summary>
    /// <param name="apiVersion">The apiVersion, such as <c>apps/v1</c>.</param>
    /// <param name="kind">The kind, such as <c>Deployment</c>.</param>
    public bool HasResourceType(string apiVersion, string kind) => ForResourceType(apiVersion, kind) is not null;

    /// <summary>The reduced form of a full OpenAPI v2 document, as embedded (used to regenerate it).</summary>
    internal static string Reduce(string swagger, string source) =>
        SchemaReader.Reduce(YamlReader.ReadDocument(swagger, new YamlReaderOptions { MaxDepth = 1000 }), source);

    internal SchemaNode? ForResourceType(string apiVersion, string kind) =>
        _kinds.TryGetValue(SchemaReader.KindKey(apiVersion, kind), out var name) ? Resolve(_definitions[name]) : null;

    /// <summary>kyaml's Field: the property's schema, else the additional properties' schema, references resolved.</summary>
    internal SchemaNode? Field(SchemaNode schema, string name)
    {
        SchemaNode? s = null;
        if (schema.Properties is not null && schema.Properties.TryGetValue(name, out var p))
        {
            s = p;
        }
        else if (schema.AdditionalProperties is not null)
        {
            s = schema.AdditionalProperties;
        }

        return s is null ? null : Resolve(s);
    }

    /// <summary>kyaml's Elements: the items' schema of an array schema, references resolved.</summary>
    internal SchemaNode? Elements(SchemaNode schema) =>
        schema.IsArray && schema.Items is not null ? Resolve(schema.Items) : null;

    private SchemaNode? Resolve(SchemaNode s)
    {
        var guard = 0;
        while (s.Ref is not null)
        {
            if (!_definitions.TryGetValue(s.Ref, out var next) || ++guard > 64)
            {
                return null;
            }

            s = next;
        }

        return s;
    }

    private static PatchSchema LoadEmbedded()
    {
        using var stream = typeof(PatchSchema).Assembly.GetManifestResourceStream(EmbeddedKubernetesResource)
            ?? throw new InvalidOperationException("the embedded Kubernetes patch schema is missing");
        using var reader = new StreamReader(stream);
        return FromOpenApi(reader.ReadToEnd());
    }
}
