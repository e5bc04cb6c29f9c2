using System.Text;
using System.Text.Json;
using GitOps.Yaml;

namespace GitOps.Patching.Internal;

/// <summary>
/// Reads the <c>definitions</c> of an OpenAPI v2 (swagger) document, as kyaml's openapi package does:
/// every definition by name, and the definitions that name an <c>x-kubernetes-group-version-kind</c> by
/// apiVersion and kind. Also writes the reduced form embedded in the assembly.
/// </summary>
internal static class SchemaReader
{
    private const string RefPrefix = "#/definitions/";

    public static (Dictionary<string, SchemaNode> Definitions, Dictionary<string, string> Kinds) Read(YamlNode document)
    {
        var definitions = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        if (document is not YamlMapping root || root.GetMapping("definitions") is not { } defs)
        {
            return (definitions, kinds);
        }

        foreach (var (key, value) in defs)
        {
            if (value is not YamlMapping def)
            {
                continue;
            }

            definitions[key.Value] = ReadNode(def);
            if (def.GetSequence("x-kubernetes-group-version-kind") is { } gvks)
            {
                foreach (var gvk in gvks.OfType<YamlMapping>())
                {
                    var group = gvk.GetString("group") ?? string.Empty;
                    var version = gvk.GetString("version") ?? string.Empty;
                    var kind = gvk.GetString("kind") ?? string.Empty;
                    var apiVersion = group.Length > 0 ? group + "/" + version : version;
                    kinds[KindKey(apiVersion, kind)] = key.Value;
                }
            }
        }

        return (definitions, kinds);
    }

    public static string KindKey(string apiVersion, string kind) => apiVersion + "\n" + kind;

    private static SchemaNode ReadNode(YamlMapping m)
    {
        Dictionary<string, SchemaNode>? properties = null;
        if (m.GetMapping("properties") is { } props)
        {
            properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
            foreach (var (k, v) in props)
            {
                properties[k.Value] = v is YamlMapping pm ? ReadNode(pm) : new SchemaNode();
            }
        }

        var reference = m.GetString("$ref");
        return new SchemaNode
        {
            Ref = reference is not null && reference.StartsWith(RefPrefix, StringComparison.Ordinal) ? reference[RefPrefix.Length..] : reference,
            IsArray = IsArrayType(m["type"]),
            Properties = properties,
            AdditionalProperties = m.GetMapping("additionalProperties") is { } ap ? ReadNode(ap) : null,
            Items = m.GetMapping("items") is { } items ? ReadNode(items) : null,
            PatchStrategy = m.GetString("x-kubernetes-patch-strategy"),
            MergeKey = m.GetString("x-kubernetes-patch-merge-key"),
            ListMapKeys = m.GetSequence("x-kubernetes-list-map-keys") is { } keys ? keys.OfType<YamlScalar>().Select(s => s.Value).ToArray() : null,
        };
    }

    private static bool IsArrayType(YamlNode? type) => type switch
    {
        YamlScalar s => s.Value == "array",
        YamlSequence { Count: 1 } seq => seq[0] is YamlScalar { Value: "array" },
        _ => false,
    };

    /// <summary>
    /// The reduced document embedded in the assembly: every definition and property kept (a known field
    /// with no schema of interest still stops kyaml from looking for an embedded object's own schema), but
    /// only <c>$ref</c>, array types, properties, additional properties, items, the group-version-kinds and
    /// the patch extensions. One definition per line, in source order.
    /// </summary>
    public static string Reduce(YamlNode swagger, string source)
    {
        var sb = new StringBuilder();
        sb.Append("{\"format\":\"gitops-patch-schema/1\",\"source\":").Append(JsonSerializerString(source)).Append(",\"definitions\":{");
        var first = true;
        if (swagger is YamlMapping root && root.GetMapping("definitions") is { } defs)
        {
            foreach (var (key, value) in defs)
            {
                if (value is not YamlMapping def)
                {
                    continue;
                }

                sb.Append(first ? "\n" : ",\n");
                first = false;
                sb.Append(JsonSerializerString(key.Value)).Append(':');
                WriteReduced(sb, def, topLevel: true);
            }
        }

        sb.Append("\n}}\n");
        return sb.ToString();
    }

    private static void WriteReduced(StringBuilder sb, YamlMapping m, bool topLevel)
    {
        sb.Append('{');
        var sep = string.Empty;
        void Name(string n)
        {
            sb.Append(sep).Append(JsonSerializerString(n)).Append(':');
            sep = ",";
        }

        if (m.GetString("$ref") is { } r)
        {
            Name("$ref");
            sb.Append(JsonSerializerString(r));
        }

        if (IsArrayType(m["type"]))
        {
            Name("type");
            sb.Append("\"array\"");
        }

        foreach (var ext in (string[])["x-kubernetes-patch-strategy", "x-kubernetes-patch-merge-key"])
        {
            if (m.GetString(ext) is { } v)
            {
                Name(ext);
                sb.Append(JsonSerializerString(v));
            }
        }

        if (m.GetSequence("x-kubernetes-list-map-keys") is { } keys)
        {
            Name("x-kubernetes-list-map-keys");
            sb.Append('[').AppendJoin(',', keys.OfType<YamlScalar>().Select(k => JsonSerializerString(k.Value))).Append(']');
        }

        if (topLevel && m.GetSequence("x-kubernetes-group-version-kind") is { } gvks)
        {
            Name("x-kubernetes-group-version-kind");
            sb.Append('[').AppendJoin(',', gvks.OfType<YamlMapping>().Select(g =>
                "{\"group\":" + JsonSerializerString(g.GetString("group") ?? string.Empty) +
                ",\"kind\":" + JsonSerializerString(g.GetString("kind") ?? string.Empty) +
                ",\"version\":" + JsonSerializerString(g.GetString("version") ?? string.Empty) + "}")).Append(']');
        }

        foreach (var nested in (string[])["items", "additionalProperties"])
        {
            if (m.GetMapping(nested) is { } n)
            {
                Name(nested);
                WriteReduced(sb, n, topLevel: false);
            }
        }

        if (m.GetMapping("properties") is { } props)
        {
            Name("properties");
            sb.Append('{');
            var psep = string.Empty;
            foreach (var (k, v) in props)
            {
                sb.Append(psep).Append(JsonSerializerString(k.Value)).Append(':');
                psep = ",";
                if (v is YamlMapping pm)
                {
                    WriteReduced(sb, pm, topLevel: false);
                }
                else
                {
                    sb.Append("{}");
                }
            }

            sb.Append('}');
        }

        sb.Append('}');
    }

    private static string JsonSerializerString(string s)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStringValue(s);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
