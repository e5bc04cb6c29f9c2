using GitOps.Kustomize.Internal.Patches;
using GitOps.Yaml;

namespace GitOps.Kustomize.Internal;

internal sealed class GeneratorOptions
{
    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Annotations { get; set; } = new(StringComparer.Ordinal);

    public bool DisableNameSuffixHash { get; set; }

    public bool Immutable { get; set; }

    public bool HasLabels { get; set; }

    public bool HasAnnotations { get; set; }
}

internal sealed class GeneratorArgs
{
    public string Kind { get; set; } = "ConfigMap";

    public string Name { get; set; } = string.Empty;

    public string Namespace { get; set; } = string.Empty;

    public string Behavior { get; set; } = string.Empty;

    public List<string> Literals { get; } = [];

    public List<string> Files { get; } = [];

    public List<string> Envs { get; } = [];

    public GeneratorOptions? Options { get; set; }

    public string Type { get; set; } = string.Empty;
}

internal sealed record ImageArgs(string Name, string NewName, string NewTag, string Digest, string TagSuffix);

internal sealed record ReplicaArgs(string Name, long Count);

internal sealed record LabelArgs(Dictionary<string, string> Pairs, bool IncludeSelectors, bool IncludeTemplates, List<FieldSpec> Fields);

internal sealed class SortOptionsArgs
{
    public string Order { get; set; } = string.Empty;

    public List<string>? OrderFirst { get; set; }

    public List<string>? OrderLast { get; set; }

    public bool HasLegacyOptions { get; set; }
}

/// <summary>A kustomization file, decoded with kustomize's strictness (unknown fields and wrong types are errors).</summary>
internal sealed class Kustomization
{
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "apiVersion", "kind", "metadata", "openapi", "namePrefix", "nameSuffix", "namespace", "commonLabels", "labels",
        "commonAnnotations", "patchesStrategicMerge", "patchesJson6902", "patches", "images", "imageTags", "replacements",
        "replicas", "vars", "sortOptions", "resources", "components", "crds", "bases", "configMapGenerator", "secretGenerator",
        "helmGlobals", "helmCharts", "helmChartInflationGenerator", "generatorOptions", "configurations", "generators",
        "transformers", "validators", "buildMetadata",
    };

    private static readonly string[] Unsupported =
    [
        "replacements", "vars", "configurations", "generators",
        "transformers", "validators", "helmGlobals", "helmCharts", "helmChartInflationGenerator",
    ];

    public string ApiVersion { get; private set; } = string.Empty;

    public string Kind { get; private set; } = string.Empty;

    public string NamePrefix { get; private set; } = string.Empty;

    public string NameSuffix { get; private set; } = string.Empty;

    public string Namespace { get; private set; } = string.Empty;

    public Dictionary<string, string>? CommonLabels { get; private set; }

    public List<LabelArgs> Labels { get; } = [];

    public Dictionary<string, string>? CommonAnnotations { get; private set; }

    public List<ImageArgs> Images { get; } = [];

    public List<ReplicaArgs> Replicas { get; } = [];

    public SortOptionsArgs? SortOptions { get; private set; }

    public List<string> Resources { get; } = [];

    public List<string> Components { get; } = [];

    public List<string> Crds { get; } = [];

    public List<GeneratorArgs> ConfigMapGenerator { get; } = [];

    public List<GeneratorArgs> SecretGenerator { get; } = [];

    public GeneratorOptions? GeneratorOptions { get; private set; }

    public List<string> BuildMetadata { get; set; } = [];

    public List<PatchEntry> Patches { get; } = [];

    public List<string> PatchesStrategicMerge { get; } = [];

    public List<Json6902Entry> PatchesJson6902 { get; } = [];

    public Dictionary<string, string>? OpenApi { get; private set; }

    public List<string> Warnings { get; } = [];

    public bool IsComponent => Kind == "Component";

    public static Kustomization Parse(string text, string root)
    {
        YamlNode doc;
        try
        {
            doc = YamlReader.ReadDocument(text, new YamlReaderOptions { AllowDuplicateKeys = true });
        }
        catch (YamlException ex)
        {
            throw new KustomizeException("invalid Kustomization: " + ex.Message, ex);
        }

        var k = new Kustomization();
        if (doc is YamlScalar { IsNull: true })
        {
            throw new KustomizeException("kustomization.yaml is empty");
        }

        if (doc is not YamlMapping map)
        {
            throw new KustomizeException("invalid Kustomization: json: cannot unmarshal " + JsonKind(doc) + " into Go value of type types.Kustomization");
        }

        foreach (var (keyNode, value) in map)
        {
            var key = keyNode.Value;
            if (!KnownFields.Contains(key))
            {
                // Go's encoding/json matches field names case-insensitively (patchesJSON6902 is patchesJson6902).
                key = KnownFields.FirstOrDefault(f => string.Equals(f, keyNode.Value, StringComparison.OrdinalIgnoreCase)) ?? key;
            }

            if (!KnownFields.Contains(key))
            {
                throw new KustomizeException($"invalid Kustomization: json: unknown field \"{key}\"");
            }

            if (IsNull(value))
            {
                continue;
            }

            if (Array.IndexOf(Unsupported, key) >= 0)
            {
                throw new KustomizeException($"the kustomization field '{key}' is not supported by this build yet (in {root})");
            }

            switch (key)
            {
                case "apiVersion": k.ApiVersion = Str(value, key); break;
                case "kind": k.Kind = Str(value, key); break;
                case "metadata": _ = Map(value, key); break;
                case "namePrefix": k.NamePrefix = Str(value, key); break;
                case "nameSuffix": k.NameSuffix = Str(value, key); break;
                case "namespace": k.Namespace = Str(value, key); break;
                case "commonLabels": k.CommonLabels = StrMap(value, key); k.Warnings.Add("# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically."); break;
                case "commonAnnotations": k.CommonAnnotations = StrMap(value, key); break;
                case "labels": k.Labels.AddRange(Seq(value, key).Select(ParseLabel)); break;
                case "images": k.Images.AddRange(Seq(value, key).Select(ParseImage)); break;
                case "imageTags": k.Images.AddRange(Seq(value, key).Select(ParseImage)); break;
                case "replicas": k.Replicas.AddRange(Seq(value, key).Select(ParseReplica)); break;
                case "sortOptions": k.SortOptions = ParseSortOptions(value); break;
                case "resources": k.Resources.InsertRange(0, StrList(value, key)); break;
                case "bases": k.Warnings.Add("# Warning: 'bases' is deprecated. Please use 'resources' instead. Run 'kustomize edit fix' to update your Kustomization automatically."); break;
                case "components": k.Components.AddRange(StrList(value, key)); break;
                case "crds": k.Crds.AddRange(StrList(value, key)); break;
                case "configMapGenerator": k.ConfigMapGenerator.AddRange(Seq(value, key).Select(n => ParseGenerator(n, "ConfigMap"))); break;
                case "secretGenerator": k.SecretGenerator.AddRange(Seq(value, key).Select(n => ParseGenerator(n, "Secret"))); break;
                case "generatorOptions": k.GeneratorOptions = ParseGeneratorOptions(value); break;
                case "buildMetadata": k.BuildMetadata = StrList(value, key); break;
                case "patches": k.Patches.AddRange(Seq(value, key).Select(PatchArgs.ParsePatch)); break;
                case "patchesStrategicMerge": k.PatchesStrategicMerge.AddRange(PatchArgs.ParseStrategicMerge(value)); k.Warnings.Add("# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically."); break;
                case "patchesJson6902": k.PatchesJson6902.AddRange(Seq(value, key).Select(PatchArgs.ParseJson6902)); k.Warnings.Add("# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically."); break;
                case "openapi": k.OpenApi = PatchArgs.ParseOpenApi(value); break;
            }
        }

        // bases are appended after resources, as kustomize's FixKustomization does.
        if (map["bases"] is { } bases && !IsNull(bases))
        {
            k.Resources.AddRange(StrList(bases, "bases"));
        }

        if (k.Kind.Length == 0)
        {
            k.Kind = "Kustomization";
        }

        if (k.ApiVersion.Length == 0)
        {
            k.ApiVersion = k.Kind == "Component" ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1";
        }

        if (map.Count == 0 || map.Keys.All(key => key is "apiVersion" or "kind"))
        {
            throw new KustomizeException("kustomization.yaml is empty");
        }

        var errs = new List<string>();
        if (k.Kind != "Kustomization" && k.Kind != "Component")
        {
            errs.Add("kind should be Kustomization or Component");
        }

        var required = k.Kind == "Component" ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1";
        if (k.ApiVersion != required)
        {
            errs.Add("apiVersion for " + k.Kind + " should be " + required);
        }

        if (errs.Count > 0)
        {
            throw new KustomizeException($"Failed to read kustomization file under {root}:\n" + string.Join('\n', errs));
        }

        return k;
    }

    private static bool IsNull(YamlNode n) => n is YamlScalar s && s.Yaml11Type == YamlValueType.Null;

    private static string JsonKind(YamlNode n) => n switch
    {
        YamlSequence => "array",
        YamlMapping => "object",
        YamlScalar s => s.Yaml11Type switch
        {
            YamlValueType.Bool => "bool",
            YamlValueType.WholeNumber or YamlValueType.Real => "number",
            _ => "string",
        },
        _ => "value",
    };

    private static KustomizeException TypeError(YamlNode n, string field, string type) =>
        new($"invalid Kustomization: json: cannot unmarshal {JsonKind(n)} into Go struct field Kustomization.{field} of type {type}");

    private static string Str(YamlNode n, string field)
    {
        if (n is YamlScalar s && (s.Yaml11Type == YamlValueType.Text || s.Yaml11Type == YamlValueType.Timestamp))
        {
            return s.Value;
        }

        if (n is YamlScalar { Yaml11Type: YamlValueType.Null })
        {
            return string.Empty;
        }

        throw TypeError(n, field, "string");
    }

    private static bool Bool(YamlNode n, string field)
    {
        if (n is YamlScalar s)
        {
            if (s.Yaml11Type == YamlValueType.Null)
            {
                return false;
            }

            if (s.Yaml11Type == YamlValueType.Bool)
            {
                return s.Value is "true" or "True" or "TRUE" or "y" or "Y" or "yes" or "Yes" or "YES" or "on" or "On" or "ON";
            }
        }

        throw TypeError(n, field, "bool");
    }

    private static YamlMapping Map(YamlNode n, string field) => n as YamlMapping ?? throw TypeError(n, field, "map");

    private static IEnumerable<YamlNode> Seq(YamlNode n, string field) => n as YamlSequence ?? throw TypeError(n, field, "[]");

    private static List<string> StrList(YamlNode n, string field) => Seq(n, field).Select(x => Str(x, field)).ToList();

    private static Dictionary<string, string> StrMap(YamlNode n, string field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in Map(n, field))
        {
            result[k.Value] = Str(v, field);
        }

        return result;
    }

    private static LabelArgs ParseLabel(YamlNode n)
    {
        var m = Map(n, "labels");
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        bool sel = false, tmpl = false;
        var fields = new List<FieldSpec>();
        foreach (var (k, v) in m)
        {
            switch (k.Value)
            {
                case "pairs": if (!IsNull(v)) { pairs = StrMap(v, "labels.pairs"); } break;
                case "includeSelectors": sel = Bool(v, "labels.includeSelectors"); break;
                case "includeTemplates": tmpl = Bool(v, "labels.includeTemplates"); break;
                case "fields": if (!IsNull(v)) { fields.AddRange(Seq(v, "labels.fields").Select(ParseFieldSpec)); } break;
                default: throw new KustomizeException($"invalid Kustomization: json: unknown field \"{k.Value}\"");
            }
        }

        return new LabelArgs(pairs, sel, tmpl, fields);
    }

    public static FieldSpec ParseFieldSpec(YamlNode n)
    {
        var m = Map(n, "fieldSpec");
        string g = string.Empty, v = string.Empty, kind = string.Empty, path = string.Empty;
        var create = false;
        foreach (var (k, val) in m)
        {
            switch (k.Value)
            {
                case "group": g = Str(val, "group"); break;
                case "version": v = Str(val, "version"); break;
                case "kind": kind = Str(val, "kind"); break;
                case "path": path = Str(val, "path"); break;
                case "create": create = Bool(val, "create"); break;
                default: throw new KustomizeException($"invalid Kustomization: json: unknown field \"{k.Value}\"");
            }
        }

        return new FieldSpec(g, v, kind, path, create);
    }

    private static ImageArgs ParseImage(YamlNode n)
    {
        var m = Map(n, "images");
        string name = string.Empty, newName = string.Empty, newTag = string.Empty, digest = string.Empty, tagSuffix = string.Empty;
        foreach (var (k, v) in m)
        {
            switch (k.Value)
            {
                case "name": name = Str(v, "images.name"); break;
                case "newName": newName = Str(v, "images.newName"); break;
                case "newTag": newTag = Str(v, "images.newTag"); break;
                case "digest": digest = Str(v, "images.digest"); break;
                case "tagSuffix": tagSuffix = Str(v, "images.tagSuffix"); break;
                default: throw new KustomizeException($"invalid Kustomization: json: unknown field \"{k.Value}\"");
            }
        }

        return new ImageArgs(name, newName, newTag, digest, tagSuffix);
    }

    private static ReplicaArgs ParseReplica(YamlNode n)
    {
        var m = Map(n, "replicas");
        var name = string.Empty;
        long count = 0;
        foreach (var (k, v) in m)
        {
            switch (k.Value)
            {
                case "name": name = Str(v, "replicas.name"); break;
                case "count":
                    if (v is YamlScalar s && s.Yaml11Type == YamlValueType.WholeNumber && long.TryParse(s.Value.Replace("_", string.Empty, StringComparison.Ordinal), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var c))
                    {
                        count = c;
                    }
                    else if (!IsNull(v))
                    {
                        throw TypeError(v, "replicas.count", "int64");
                    }

                    break;
                default: throw new KustomizeException($"invalid Kustomization: json: unknown field \"{k.Value}\"");
            }
        }

        return new ReplicaArgs(name, count);
    }

    private static SortOptionsArgs ParseSortOptions(YamlNode n)
    {
        var m = Map(n, "sortOptions");
        var o = new SortOptionsArgs();
        foreach (var (k, v) in m)
        {
            switch (k.Value)
            {
                case "order": o.Order = Str(v, "sortOptions.order"); break;
                case "legacySortOptions":
                    if (IsNull(v))
                    {
                        break;
                    }

                    o.HasLegacyOptions = true;
                    foreach (var (lk, lv) in Map(v, "legacySortOptions"))
                    {
                        switch (lk.Value)
                        {
                            case "orderFirst": o.OrderFirst = IsNull(lv) ? null : StrList(lv, "orderFirst"); break;
                            case "orderLast": o.OrderLast = IsNull(lv) ? null : StrList(lv, "orderLast"); break;
                            default: throw new KustomizeException($"invalid Kustomization: json: unknown field \"{lk.Value}\"");
                        }
                    }

                    break;
                default: throw new KustomizeException($"invalid Kustomization: json: unknown field \"{k.Value}\"");
            }
        }

        return o;
    }

    private static GeneratorOptions ParseGeneratorOptions(YamlNode n)
    {
        var o = new GeneratorOptions();
        foreach (var (k, v) in Map(n, "generatorOptions"))
        {
            switch (k.Value)
            {
                case "labels": if (!IsNull(v)) { o.Labels = StrMap(v, "generatorOptions.labels"); o.HasLabels = true; } break;
                case "annotations": if (!IsNull(v)) { o.Annotations = StrMap(v, "generatorOptions.annotations"); o.HasAnnotations = true; } break;
                case "disableNameSuffixHash": o.DisableNameSuffixHash = Bool(v, "disableNameSuffixHash"); break;
                case "immutable": o.Immutable = Bool(v, "immutable"); break;
                default: throw new KustomizeException($"invalid Kustomization: json: unknown field \"{k.Value}\"");
            }
        }

        return o;
    }

    private static GeneratorArgs ParseGenerator(YamlNode n, string kind)
    {
        var g = new GeneratorArgs { Kind = kind };
        var field = kind == "ConfigMap" ? "configMapGenerator" : "secretGenerator";
        string? env = null;
        foreach (var (k, v) in Map(n, field))
        {
            if (IsNull(v))
            {
                continue;
            }

            switch (k.Value)
            {
                case "name": g.Name = Str(v, field + ".name"); break;
                case "namespace": g.Namespace = Str(v, field + ".namespace"); break;
                case "behavior": g.Behavior = Str(v, field + ".behavior"); break;
                case "literals": g.Literals.AddRange(StrList(v, field + ".literals")); break;
                case "files": g.Files.AddRange(StrList(v, field + ".files")); break;
                case "envs": g.Envs.AddRange(StrList(v, field + ".envs")); break;
                case "env": env = Str(v, field + ".env"); break;
                case "options": g.Options = ParseGeneratorOptions(v); break;
                case "type" when kind == "Secret": g.Type = Str(v, field + ".type"); break;
                default: throw new KustomizeException($"invalid Kustomization: json: unknown field \"{k.Value}\"");
            }
        }

        if (!string.IsNullOrEmpty(env))
        {
            g.Envs.Add(env);
        }

        return g;
    }
}
