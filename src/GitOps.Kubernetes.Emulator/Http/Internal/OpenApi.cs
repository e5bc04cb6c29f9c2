using GitOps.Kubernetes.Emulator.Resources;
using GitOps.Kubernetes.Emulator.Store.Internal;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Http.Internal;

/// <summary>
/// OpenAPI v3 (per group version) and v2 documents generated from the embedded structural schema: types,
/// list types and keys (which also give kubectl its strategic-merge keys), group-version-kind extensions
/// for <c>kubectl explain</c>, and PATCH operations that declare <c>fieldValidation</c> so that kubectl
/// leaves validation to the server. Descriptions are not in the embedded schema.
/// </summary>
internal static class OpenApi
{
    private static readonly SsaValue Parameters = SsaValue.ParseJson("""
        [{"name":"fieldValidation","in":"query","schema":{"type":"string"}},{"name":"fieldManager","in":"query","schema":{"type":"string"}},{"name":"dryRun","in":"query","schema":{"type":"string"}},{"name":"force","in":"query","schema":{"type":"boolean"}}]
        """);

    public static SsaValue V3Root(KubernetesResourceCatalog catalog)
    {
        var paths = catalog.Types.Select(t => t.GroupVersionPath.TrimStart('/')).Distinct(StringComparer.Ordinal)
            .Select(p => new KeyValuePair<string, SsaValue>(p, Obj.Map(("serverRelativeURL", Obj.Str("/openapi/v3/" + p + "?hash=" + catalog.Types.Count)))));
        return Obj.Map(("paths", SsaValue.FromMap(paths)));
    }

    public static SsaValue? V3(KubernetesResourceCatalog catalog, SsaSchema schema, string groupVersionPath)
    {
        var types = catalog.Types.Where(t => t.GroupVersionPath == "/" + groupVersionPath).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var (schemas, paths) = Build(types, schema, "#/components/schemas/");
        return Obj.Map(
            ("openapi", Obj.Str("3.0.0")),
            ("info", Obj.Map(("title", Obj.Str("Kubernetes")), ("version", Obj.Str("v1.36.2")))),
            ("paths", paths),
            ("components", Obj.Map(("schemas", schemas))));
    }

    public static SsaValue V2(KubernetesResourceCatalog catalog, SsaSchema schema)
    {
        var (definitions, paths) = Build(catalog.Types, schema, "#/definitions/");
        return Obj.Map(
            ("swagger", Obj.Str("2.0")),
            ("info", Obj.Map(("title", Obj.Str("Kubernetes")), ("version", Obj.Str("v1.36.2")))),
            ("paths", paths),
            ("definitions", definitions));
    }

    private static (SsaValue Schemas, SsaValue Paths) Build(IReadOnlyList<KubernetesResourceType> types, SsaSchema schema, string refPrefix)
    {
        var named = new Dictionary<string, SsaValue>(StringComparer.Ordinal);
        var kinds = new Dictionary<string, List<SsaValue>>(StringComparer.Ordinal);
        var paths = new List<KeyValuePair<string, SsaValue>>();
        foreach (var type in types)
        {
            if (!schema.TryGetKindType(type.ApiVersion, type.Kind, out var typeRef) || typeRef.NamedType is not { } name)
            {
                continue;
            }

            var gvk = Obj.Map(("group", Obj.Str(type.Group)), ("kind", Obj.Str(type.Kind)), ("version", Obj.Str(type.Version)));
            if (!kinds.TryGetValue(name, out var list))
            {
                kinds[name] = list = [];
            }

            list.Add(gvk);
            Collect(schema, name, named, refPrefix);
            var item = type.GroupVersionPath + (type.Namespaced ? "/namespaces/{namespace}/" : "/") + type.Resource + "/{name}";
            var operation = Obj.Map(("x-kubernetes-group-version-kind", gvk), ("parameters", Parameters), ("responses", Obj.Map(("200", Obj.Map(("description", Obj.Str("OK")))))));
            paths.Add(new(item, Obj.Map(("get", operation), ("put", operation), ("patch", operation), ("delete", operation))));
        }

        var schemas = named.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new KeyValuePair<string, SsaValue>(
            Sanitize(e.Key),
            kinds.TryGetValue(e.Key, out var gvks) ? Obj.With(e.Value, "x-kubernetes-group-version-kind", SsaValue.FromList(gvks)) : e.Value));
        return (SsaValue.FromMap(schemas), SsaValue.FromMap(paths.DistinctBy(p => p.Key)));
    }

    private static void Collect(SsaSchema schema, string name, Dictionary<string, SsaValue> named, string refPrefix)
    {
        if (named.ContainsKey(name) || !schema.TryGetType(name, out var atom) || atom is null)
        {
            return;
        }

        named[name] = SsaValue.EmptyMap;
        var pending = new List<string>();
        named[name] = Describe(atom, pending, refPrefix);
        foreach (var next in pending)
        {
            Collect(schema, next, named, refPrefix);
        }
    }

    private static SsaValue Describe(TypeRef type, List<string> pending, string refPrefix)
    {
        if (type.NamedType is { } name)
        {
            if (name is SsaSchema.AtomicTypeName or SsaSchema.DeducedTypeName)
            {
                return Obj.Map(("x-kubernetes-preserve-unknown-fields", SsaValue.True));
            }

            pending.Add(name);
            return Obj.Map(("$ref", Obj.Str(refPrefix + Sanitize(name))));
        }

        return type.Inlined is { } atom ? Describe(atom, pending, refPrefix) : SsaValue.EmptyMap;
    }

    private static SsaValue Describe(Atom atom, List<string> pending, string refPrefix)
    {
        if (atom.Map is { } map)
        {
            if (map.Fields.Count == 0 && !map.ElementType.IsEmpty)
            {
                return Obj.Map(("type", Obj.Str("object")), ("additionalProperties", Describe(map.ElementType, pending, refPrefix)));
            }

            var properties = map.Fields.Select(f => new KeyValuePair<string, SsaValue>(f.Name, Describe(f.Type, pending, refPrefix)));
            return Obj.Map(
                ("type", Obj.Str("object")),
                ("properties", SsaValue.FromMap(properties)),
                ("x-kubernetes-map-type", map.ElementRelationship == ElementRelationship.Atomic ? Obj.Str("atomic") : null));
        }

        if (atom.List is { } list)
        {
            var associative = list.ElementRelationship == ElementRelationship.Associative;
            var keyed = associative && list.Keys.Count > 0;
            return Obj.Map(
                ("type", Obj.Str("array")),
                ("items", Describe(list.ElementType, pending, refPrefix)),
                ("x-kubernetes-list-type", Obj.Str(keyed ? "map" : associative ? "set" : "atomic")),
                ("x-kubernetes-list-map-keys", keyed ? SsaValue.FromList(list.Keys.Select(Obj.Str)) : null),
                ("x-kubernetes-patch-merge-key", keyed ? Obj.Str(list.Keys[0]) : null),
                ("x-kubernetes-patch-strategy", keyed ? Obj.Str("merge") : null));
        }

        return atom.Scalar switch
        {
            ScalarType.String => Obj.Map(("type", Obj.Str("string"))),
            ScalarType.Boolean => Obj.Map(("type", Obj.Str("boolean"))),
            ScalarType.Numeric => Obj.Map(("type", Obj.Str("number"))),
            ScalarType.Untyped => Obj.Map(("x-kubernetes-int-or-string", SsaValue.True)),
            _ => SsaValue.EmptyMap,
        };
    }

    private static string Sanitize(string name) => name.Replace('/', '.').Replace(':', '.');
}
