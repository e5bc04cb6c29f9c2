using GitOps.Ssa.Values;

namespace GitOps.Ssa.Schema.Internal;

/// <summary>
/// Converts OpenAPI (v2 definitions or v3 components.schemas) into structured-merge-diff types with the
/// rules the API server uses (kube-openapi's schemaconv): list-type / patch-strategy extensions,
/// map-type, additionalProperties, property defaults, Quantity and RawExtension as untyped.
/// </summary>
internal sealed class OpenApiConverter
{
    private const string QuantityName = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private const string RawExtensionName = "io.k8s.apimachinery.pkg.runtime.RawExtension";

    private readonly bool _preserveUnknownFields;

    public OpenApiConverter(bool preserveUnknownFields)
    {
        _preserveUnknownFields = preserveUnknownFields;
    }

    /// <summary>The API version and kind of each root type, from <c>x-kubernetes-group-version-kind</c>.</summary>
    public SortedDictionary<string, string> Kinds { get; } = new(StringComparer.Ordinal);

    /// <summary>Converts named definitions; the untyped helper types are added by <see cref="SsaSchema"/>.</summary>
    public List<KeyValuePair<string, Atom>> Convert(IEnumerable<KeyValuePair<string, SsaValue>> definitions)
    {
        var result = new List<KeyValuePair<string, Atom>>();
        foreach (var (name, spec) in definitions.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (!spec.IsMap || spec.AsMap.ContainsKey("$ref"))
            {
                continue;
            }

            if (spec.AsMap.TryGetValue("x-kubernetes-group-version-kind", out var gvks) && gvks.IsList)
            {
                foreach (var gvk in gvks.AsList.Where(g => g.IsMap))
                {
                    var g = gvk.AsMap.TryGetValue("group", out var gv) ? gv.ToString() : string.Empty;
                    var v = gvk.AsMap.TryGetValue("version", out var vv) ? vv.ToString() : string.Empty;
                    var k = gvk.AsMap.TryGetValue("kind", out var kv) ? kv.ToString() : string.Empty;
                    Kinds.TryAdd(SsaSchema.KindKey(g.Length == 0 ? v : g + "/" + v, k), name);
                }
            }

            Atom atom = name switch
            {
                QuantityName => new Atom(ScalarType.Untyped, null, null),
                RawExtensionName => UntypedAtomic(),
                _ => Visit(spec.AsMap, _preserveUnknownFields),
            };
            if (!atom.IsEmpty)
            {
                result.Add(new(name, atom));
            }
        }

        return result;
    }

    public static Atom UntypedAtomic() => new(
        ScalarType.Untyped,
        new ListType(SsaSchema.Named(SsaSchema.AtomicTypeName), ElementRelationship.Atomic, []),
        new MapType([], SsaSchema.Named(SsaSchema.AtomicTypeName), ElementRelationship.Atomic));

    public Atom Visit(SsaMap spec, bool preserveUnknown)
    {
        if (spec.TryGetValue("x-kubernetes-preserve-unknown-fields", out var p) && p.Kind == SsaValueKind.Boolean && p.AsBoolean)
        {
            preserveUnknown = true;
        }

        var type = spec.TryGetValue("type", out var t) ? (t.Kind == SsaValueKind.String ? t.AsString : t.IsList && t.AsList.Count > 0 ? t.AsList[0].AsString : string.Empty) : string.Empty;
        switch (type)
        {
            case "":
                return new Atom(ScalarType.Untyped, ParseList(spec, preserveUnknown), ParseObject(spec, preserveUnknown));
            case "object":
                return new Atom(null, null, ParseObject(spec, preserveUnknown));
            case "array":
                return new Atom(null, ParseList(spec, preserveUnknown), null);
            case "integer" or "number":
                return new Atom(ScalarType.Numeric, null, null);
            case "boolean":
                return new Atom(ScalarType.Boolean, null, null);
            case "string":
                var format = spec.TryGetValue("format", out var f) && f.Kind == SsaValueKind.String ? f.AsString : string.Empty;
                return new Atom(format is "" or "byte" ? ScalarType.String : ScalarType.Untyped, null, null);
            default:
                throw new SsaFormatException($"unrecognized type: '{type}'");
        }
    }

    private TypeRef Ref(SsaValue specValue, bool preserveUnknown)
    {
        var spec = specValue.IsMap ? specValue.AsMap : SsaMap.Empty;
        var reference = RefName(spec);
        if (reference is not null)
        {
            ElementRelationship? er = MapRelationship(spec) is var r and not ElementRelationship.Unspecified ? r : null;
            return new TypeRef(reference, null, er);
        }

        return new TypeRef(null, Visit(spec, preserveUnknown));
    }

    private static string? RefName(SsaMap spec)
    {
        string? reference = null;
        if (spec.TryGetValue("$ref", out var r) && r.Kind == SsaValueKind.String)
        {
            reference = r.AsString;
        }
        else if (spec.TryGetValue("allOf", out var all) && all.IsList && all.AsList.Count == 1 && all.AsList[0].IsMap && all.AsList[0].AsMap.TryGetValue("$ref", out var r2))
        {
            reference = r2.AsString;
        }

        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var slash = reference.LastIndexOf('/');
        var name = reference[(slash + 1)..];
        return name.Length == 0 ? null : name;
    }

    private MapType ParseObject(SsaMap spec, bool preserveUnknown)
    {
        var fields = new List<StructField>();
        var hasProperties = spec.TryGetValue("properties", out var props) && props.IsMap && props.AsMap.Count > 0;
        if (hasProperties)
        {
            foreach (var (name, member) in props!.AsMap.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                SsaValue? def = member.IsMap && member.AsMap.TryGetValue("default", out var d) ? d : null;
                fields.Add(new StructField(name, Ref(member, preserveUnknown), def));
            }
        }

        TypeRef elementType;
        if (!spec.TryGetValue("additionalProperties", out var ap))
        {
            elementType = preserveUnknown || !hasProperties ? SsaSchema.Named(SsaSchema.DeducedTypeName) : TypeRef.Empty;
        }
        else if (ap.IsMap)
        {
            elementType = Ref(ap, preserveUnknown);
        }
        else if (ap.Kind == SsaValueKind.Boolean && ap.AsBoolean)
        {
            elementType = SsaSchema.Named(SsaSchema.DeducedTypeName);
        }
        else
        {
            elementType = TypeRef.Empty;
        }

        return new MapType(fields, elementType, MapRelationship(spec));
    }

    private ListType ParseList(SsaMap spec, bool preserveUnknown)
    {
        var (relationship, keys) = ListRelationship(spec);
        TypeRef elementType;
        if (spec.TryGetValue("items", out var items) && items.IsMap)
        {
            elementType = Ref(items, preserveUnknown);
        }
        else
        {
            elementType = SsaSchema.Named(SsaSchema.AtomicTypeName);
        }

        return new ListType(elementType, relationship, keys);
    }

    private static (ElementRelationship, string[]) ListRelationship(SsaMap ext)
    {
        if (ext.TryGetValue("x-kubernetes-list-type", out var lt) && lt.Kind == SsaValueKind.String)
        {
            switch (lt.AsString)
            {
                case "atomic":
                    return (ElementRelationship.Atomic, []);
                case "set":
                    return (ElementRelationship.Associative, []);
                case "map":
                    if (!ext.TryGetValue("x-kubernetes-list-map-keys", out var keys) || !keys.IsList)
                    {
                        throw new SsaFormatException("missing map keys");
                    }

                    if (keys.AsList.Any(k => k.Kind != SsaValueKind.String))
                    {
                        throw new SsaFormatException($"uninterpreted map keys: {keys.ToJson()}");
                    }

                    return (ElementRelationship.Associative, keys.AsList.Select(k => k.AsString).ToArray());
                default:
                    throw new SsaFormatException($"unknown list type {lt.AsString}");
            }
        }

        if (ext.TryGetValue("x-kubernetes-patch-strategy", out var ps) && ps.Kind == SsaValueKind.String)
        {
            switch (ps.AsString)
            {
                case "merge" or "merge,retainKeys":
                    return ext.TryGetValue("x-kubernetes-patch-merge-key", out var key) && key.Kind == SsaValueKind.String
                        ? (ElementRelationship.Associative, [key.AsString])
                        : (ElementRelationship.Associative, []);
                case "retainKeys":
                    return (ElementRelationship.Atomic, []);
                default:
                    throw new SsaFormatException($"unknown patch strategy {ps.AsString}");
            }
        }

        return (ElementRelationship.Atomic, []);
    }

    private static ElementRelationship MapRelationship(SsaMap ext)
    {
        if (!ext.TryGetValue("x-kubernetes-map-type", out var mt))
        {
            return ElementRelationship.Unspecified;
        }

        return mt.Kind == SsaValueKind.String ? mt.AsString switch
        {
            "atomic" => ElementRelationship.Atomic,
            "granular" => ElementRelationship.Separable,
            _ => throw new SsaFormatException($"unknown map type {mt.AsString}"),
        } : throw new SsaFormatException("unknown map type");
    }
}
