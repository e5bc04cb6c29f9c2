using GitOps.Ssa.Values;

namespace GitOps.Ssa.Schema.Internal;

/// <summary>Turns the structural schemas of a CustomResourceDefinition into named types.</summary>
internal static class CrdSchemaReader
{
    private const string ObjectMetaRef = "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    public static (List<KeyValuePair<string, Atom>> Types, List<(string, string, string)> Kinds) Read(SsaValue crd)
    {
        var spec = Field(crd, "spec") ?? throw new SsaFormatException("CustomResourceDefinition without spec");
        var group = Field(spec, "group")?.ToString() ?? throw new SsaFormatException("CustomResourceDefinition without spec.group");
        var kind = Field(Field(spec, "names"), "kind")?.ToString() ?? throw new SsaFormatException("CustomResourceDefinition without spec.names.kind");
        var versions = Field(spec, "versions");
        if (versions is not { IsList: true })
        {
            throw new SsaFormatException("CustomResourceDefinition without spec.versions");
        }

        var reversed = string.Join(".", group.Split('.').Reverse());
        var definitions = new List<KeyValuePair<string, SsaValue>>();
        var kinds = new List<(string, string, string)>();
        var index = 0;
        foreach (var v in versions.AsList)
        {
            var version = Field(v, "name")?.ToString() ?? throw new SsaFormatException("CRD version without name");
            var root = Field(Field(v, "schema"), "openAPIV3Schema") ?? SsaValue.FromMap([new("type", SsaValue.FromString("object")), new("x-kubernetes-preserve-unknown-fields", SsaValue.True)]);
            if (Field(root, "type") is not { Kind: SsaValueKind.String, AsString: "object" })
            {
                // The API server's structural-schema rule, with its wording.
                throw new SsaFormatException($"CustomResourceDefinition {Field(Field(crd, "metadata"), "name")}: spec.versions[{index}].schema.openAPIV3Schema.type: Required value: must be object at the root");
            }

            index++;
            var name = $"{reversed}.{version}.{kind}";
            definitions.Add(new(name, WithRootFields(WithEmbeddedResourceFields(root))));
            kinds.Add((group + "/" + version, kind, name));
        }

        return (new OpenApiConverter(preserveUnknownFields: false).Convert(definitions), kinds);
    }

    private static SsaValue WithRootFields(SsaValue root)
    {
        var props = Field(root, "properties") is { IsMap: true } p ? p.AsMap.Entries.ToList() : [];
        void Set(string key, SsaValue value, bool replace)
        {
            var i = props.FindIndex(e => e.Key == key);
            if (i < 0)
            {
                props.Add(new(key, value));
            }
            else if (replace)
            {
                props[i] = new(key, value);
            }
        }

        var str = SsaValue.FromMap([new("type", SsaValue.FromString("string"))]);
        Set("apiVersion", str, replace: false);
        Set("kind", str, replace: false);
        Set("metadata", SsaValue.FromMap([new("$ref", SsaValue.FromString(ObjectMetaRef))]), replace: true);
        var entries = root.AsMap.Entries.Where(e => e.Key != "properties").ToList();
        entries.Add(new("properties", SsaValue.FromMap(props)));
        return SsaValue.FromMap(entries);
    }

    // apiextensions' addEmbeddedProperties: an x-kubernetes-embedded-resource object gets apiVersion and kind
    // strings and ObjectMeta's metadata where its schema does not declare them, so its metadata is the typed
    // struct (owned field by field, with no "." entry of its own) even under preserve-unknown-fields.
    private static SsaValue WithEmbeddedResourceFields(SsaValue schema)
    {
        if (!schema.IsMap)
        {
            return schema;
        }

        var entries = schema.AsMap.Entries.ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            var (key, value) = (entries[i].Key, entries[i].Value);
            if (key == "properties" && value.IsMap)
            {
                entries[i] = new(key, SsaValue.FromMap(value.AsMap.Entries.Select(e => new KeyValuePair<string, SsaValue>(e.Key, WithEmbeddedResourceFields(e.Value))).ToList()));
            }
            else if (key is "items" or "additionalProperties")
            {
                entries[i] = new(key, WithEmbeddedResourceFields(value));
            }
        }

        if (Field(schema, "x-kubernetes-embedded-resource") is { Kind: SsaValueKind.Boolean, AsBoolean: true })
        {
            var index = entries.FindIndex(e => e.Key == "properties");
            var props = index >= 0 && entries[index].Value.IsMap ? entries[index].Value.AsMap.Entries.ToList() : [];
            var str = SsaValue.FromMap([new("type", SsaValue.FromString("string"))]);
            foreach (var (name, value) in (ReadOnlySpan<(string, SsaValue)>)[("apiVersion", str), ("kind", str), ("metadata", SsaValue.FromMap([new("$ref", SsaValue.FromString(ObjectMetaRef))]))])
            {
                if (!props.Exists(e => e.Key == name))
                {
                    props.Add(new(name, value));
                }
            }

            var properties = new KeyValuePair<string, SsaValue>("properties", SsaValue.FromMap(props));
            if (index >= 0)
            {
                entries[index] = properties;
            }
            else
            {
                entries.Add(properties);
            }
        }

        return SsaValue.FromMap(entries);
    }

    private static SsaValue? Field(SsaValue? v, string key) => v is { IsMap: true } && v.AsMap.TryGetValue(key, out var r) ? r : null;
}
