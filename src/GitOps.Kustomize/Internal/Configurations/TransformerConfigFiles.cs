using GitOps.Yaml;

namespace GitOps.Kustomize.Internal.Configurations;

/// <summary>
/// The <c>configurations</c> field: files of custom field specs (kustomize's TransformerConfig), merged with
/// the builtin ones, as kustomize's <c>api/internal/plugins/builtinconfig</c> (loaddefaultconfig.go,
/// transformerconfig.go) does.
/// </summary>
internal static class TransformerConfigFiles
{
    private const string Prefix = "error unmarshaling JSON: while decoding JSON: json: ";

    /// <summary>The builtin configuration merged with every file's (the default alone when there are none).</summary>
    public static TransformerConfig Load(FileLoader ldr, IReadOnlyList<string> paths)
    {
        var fromFiles = TransformerConfig.Empty();
        foreach (var path in paths)
        {
            fromFiles = fromFiles.Merge(Parse(ldr.Load(path)));
        }

        // kubectl kustomize keeps the custom entries first: a builtin entry on the same path whose kinds a
        // custom entry narrows is dropped (a custom 'metadata/name of kind Foo' replaces 'metadata/name').
        return paths.Count == 0 ? TransformerConfig.Default : fromFiles.Merge(TransformerConfig.Default);
    }

    /// <summary>One configuration document, decoded strictly (unknown fields and wrong types are errors).</summary>
    public static TransformerConfig Parse(string text)
    {
        YamlNode doc;
        try
        {
            doc = YamlReader.ReadDocument(text);
        }
        catch (YamlException ex)
        {
            throw new KustomizeException("error converting YAML to JSON: " + ex.Message, ex);
        }

        if (doc is YamlScalar { IsNull: true })
        {
            return TransformerConfig.Empty();
        }

        if (doc is not YamlMapping map)
        {
            throw new KustomizeException(Prefix + "cannot unmarshal " + Kustomization.JsonKind(doc) + " into Go value of type builtinconfig.TransformerConfig");
        }

        List<FieldSpec> namePrefix = [], nameSuffix = [], nameSpace = [], commonLabels = [], templateLabels = [], labels = [];
        List<FieldSpec> commonAnnotations = [], images = [], replicas = [], varReference = [];
        List<NameBackReference> nameReference = [];
        foreach (var (key, value) in map)
        {
            if (value is YamlScalar { IsNull: true })
            {
                continue;
            }

            switch (key.Value)
            {
                case "namePrefix": namePrefix = FieldSpecs(value, key.Value); break;
                case "nameSuffix": nameSuffix = FieldSpecs(value, key.Value); break;
                case "namespace": nameSpace = FieldSpecs(value, key.Value); break;
                case "commonLabels": commonLabels = FieldSpecs(value, key.Value); break;
                case "labels": labels = FieldSpecs(value, key.Value); break;
                case "templateLabels": templateLabels = FieldSpecs(value, key.Value); break;
                case "commonAnnotations": commonAnnotations = FieldSpecs(value, key.Value); break;
                case "images": images = FieldSpecs(value, key.Value); break;
                case "replicas": replicas = FieldSpecs(value, key.Value); break;
                case "varReference": varReference = FieldSpecs(value, key.Value); break;
                case "nameReference": nameReference = BackReferences(value); break;
                default: throw new KustomizeException(Prefix + $"unknown field \"{key.Value}\"");
            }
        }

        return new TransformerConfig
        {
            NamePrefix = namePrefix,
            NameSuffix = nameSuffix,
            NameSpace = nameSpace,
            CommonLabels = commonLabels,
            Labels = labels,
            TemplateLabels = templateLabels,
            CommonAnnotations = commonAnnotations,
            Images = images,
            Replicas = replicas,
            VarReference = varReference,
            NameReference = nameReference,
        };
    }

    private static List<FieldSpec> FieldSpecs(YamlNode node, string field)
    {
        if (node is not YamlSequence seq)
        {
            throw new KustomizeException(Prefix + $"cannot unmarshal {Kustomization.JsonKind(node)} into Go struct field TransformerConfig.{field} of type types.FsSlice");
        }

        var result = new List<FieldSpec>();
        foreach (var item in seq)
        {
            result = TransformerConfig.MergeOne(result, ParseFieldSpec(item, field));
        }

        return result;
    }

    private static FieldSpec ParseFieldSpec(YamlNode node, string field)
    {
        if (node is not YamlMapping m)
        {
            throw new KustomizeException(Prefix + $"cannot unmarshal {Kustomization.JsonKind(node)} into Go struct field TransformerConfig.{field} of type types.FieldSpec");
        }

        string g = string.Empty, v = string.Empty, k = string.Empty, path = string.Empty;
        var create = false;
        foreach (var (key, value) in m)
        {
            switch (key.Value)
            {
                case "group": g = Text(value, field + ".group"); break;
                case "version": v = Text(value, field + ".version"); break;
                case "kind": k = Text(value, field + ".kind"); break;
                case "path": path = Text(value, field + ".path"); break;
                case "create":
                    create = value is YamlScalar { Yaml11Type: YamlValueType.Bool } b
                        ? b.Value is "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y"
                        : value is YamlScalar { IsNull: true } ? false : throw new KustomizeException(Prefix + $"cannot unmarshal {Kustomization.JsonKind(value)} into Go struct field FieldSpec.{field}.create of type bool");
                    break;
                default: throw new KustomizeException(Prefix + $"unknown field \"{key.Value}\"");
            }
        }

        return new FieldSpec(g, v, k, path, create);
    }

    private static List<NameBackReference> BackReferences(YamlNode node)
    {
        if (node is not YamlSequence seq)
        {
            throw new KustomizeException(Prefix + $"cannot unmarshal {Kustomization.JsonKind(node)} into Go struct field TransformerConfig.nameReference of type builtinconfig.nbrSlice");
        }

        var result = new List<NameBackReference>();
        foreach (var item in seq)
        {
            if (item is not YamlMapping m)
            {
                throw new KustomizeException(Prefix + $"cannot unmarshal {Kustomization.JsonKind(item)} into Go struct field TransformerConfig.nameReference of type builtinconfig.NameBackReferences");
            }

            string g = string.Empty, v = string.Empty, k = string.Empty;
            var referrers = new List<FieldSpec>();
            foreach (var (key, value) in m)
            {
                switch (key.Value)
                {
                    case "group": g = Text(value, "nameReference.group"); break;
                    case "version": v = Text(value, "nameReference.version"); break;
                    case "kind": k = Text(value, "nameReference.kind"); break;
                    case "fieldSpecs":
                        if (value is not YamlScalar { IsNull: true })
                        {
                            referrers = FieldSpecs(value, "nameReference.fieldSpecs");
                        }

                        break;
                    default: throw new KustomizeException(Prefix + $"unknown field \"{key.Value}\"");
                }
            }

            result = TransformerConfig.MergeBackReferences(result, [new NameBackReference(g, v, k, referrers)]);
        }

        return result;
    }

    private static string Text(YamlNode node, string field) => node switch
    {
        YamlScalar { IsNull: true } => string.Empty,
        YamlScalar s when s.Yaml11Type is YamlValueType.Text or YamlValueType.Timestamp => s.Value,
        _ => throw new KustomizeException(Prefix + $"cannot unmarshal {Kustomization.JsonKind(node)} into Go struct field {field} of type string"),
    };

}
