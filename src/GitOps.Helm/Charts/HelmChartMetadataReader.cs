using System.Text.RegularExpressions;
using GitOps.GoFormat.Internal;
using GitOps.Helm.Index.Internal;
using GitOps.Ssa.Values;
using GitOps.Ssa.Values.Internal;
using GitOps.Yaml;
using GitOps.Yaml.Internal;

namespace GitOps.Helm.Charts;

/// <summary>
/// Reads Chart.yaml (and a v1 chart's requirements.yaml) as Helm's chart loader does: through Core's YAML reader in
/// the Kubernetes dialect (sigs.k8s.io/yaml: YAML 1.1 scalars, a repeated key keeps its last value, merge keys),
/// numbers and booleans turned into strings where a string is expected, unknown fields ignored, then Helm's
/// metadata validation (name, version, type, dependency aliases).
/// </summary>
public static partial class HelmChartMetadataReader
{
    /// <summary>Reads Chart.yaml text; <paramref name="requirementsYaml"/> supplies a v1 chart's dependencies.</summary>
    /// <exception cref="HelmChartException">The file is not valid chart metadata.</exception>
    public static HelmChartMetadata Parse(string chartYaml, string? requirementsYaml = null)
    {
        ArgumentNullException.ThrowIfNull(chartYaml);
        var tree = ParseTree(chartYaml, "Chart.yaml") ?? throw new HelmChartException("validation: chart.metadata.apiVersion is required");
        if (tree is not YamlMapping)
        {
            throw new HelmChartException("cannot load Chart.yaml: not a map");
        }

        var apiVersion = String(tree, "apiVersion");
        var dependencies = Dependencies(Field(tree, "dependencies"));
        if (apiVersion == "v1" && requirementsYaml is not null && ParseTree(requirementsYaml, "requirements.yaml") is YamlMapping requirements)
        {
            dependencies = Dependencies(Field(requirements, "dependencies"));
        }

        var metadata = new HelmChartMetadata
        {
            ApiVersion = apiVersion ?? string.Empty,
            Name = MetadataText.Sanitize(String(tree, "name") ?? string.Empty),
            Version = String(tree, "version") ?? string.Empty,
            AppVersion = Sanitized(String(tree, "appVersion")),
            Description = Sanitized(String(tree, "description")),
            Type = String(tree, "type"),
            KubeVersion = Sanitized(String(tree, "kubeVersion")),
            Deprecated = Field(tree, "deprecated") is YamlScalar deprecated && ScalarResolver.ResolveKubernetes(deprecated) is { Type: ResolvedType.Bool, Text: "true" },
            Keywords = Strings(Field(tree, "keywords"), "keywords"),
            Annotations = Map(Field(tree, "annotations")),
            Dependencies = dependencies,
        };
        Validate(metadata);
        return metadata;
    }

    private static string? Sanitized(string? value) => value is null ? null : MetadataText.Sanitize(value);

    private static readonly YamlReaderOptions ReaderOptions = new() { Dialect = YamlDialect.Kubernetes };

    /// <summary>The first document, as sigs.k8s.io/yaml decodes only that one; null for an empty or null document.</summary>
    private static YamlNode? ParseTree(string text, string file)
    {
        try
        {
            var documents = YamlReader.ReadDocuments(text, ReaderOptions);
            return documents.Count == 0 || IsNull(documents[0]) ? null : documents[0];
        }
        catch (YamlException ex)
        {
            throw Invalid(file, ex);
        }
    }

    private static HelmChartException Invalid(string file, GitOpsException ex) =>
        new($"cannot load {file}: error converting YAML to JSON: {ex.Message}", ex);

    private static bool IsNull(YamlNode? node) => node is null || (node is YamlScalar s && s.GetValueType(YamlDialect.Kubernetes) == YamlValueType.Null);

    private static YamlNode? Field(YamlNode map, string key) => ((YamlMapping)map)[key];

    private static void Validate(HelmChartMetadata md)
    {
        if (md.ApiVersion.Length == 0)
        {
            throw new HelmChartException("validation: chart.metadata.apiVersion is required");
        }

        if (md.Name.Length == 0)
        {
            throw new HelmChartException("validation: chart.metadata.name is required");
        }

        if (md.Name is "." or ".." || (md.Name.Contains('/', StringComparison.Ordinal) && md.Name != "/"))
        {
            throw new HelmChartException($"validation: chart.metadata.name \"{md.Name}\" is invalid");
        }

        if (md.Version.Length == 0)
        {
            throw new HelmChartException("validation: chart.metadata.version is required");
        }

        if (!Versioning.HelmVersion.IsValid(md.Version))
        {
            throw new HelmChartException($"validation: chart.metadata.version \"{md.Version}\" is invalid");
        }

        if (md.Type is not (null or "" or "application" or "library"))
        {
            throw new HelmChartException("validation: chart.metadata.type must be application or library");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in md.Dependencies)
        {
            if (!string.IsNullOrEmpty(d.Alias) && !AliasFormat().IsMatch(d.Alias))
            {
                throw new HelmChartException($"validation: dependency \"{d.Name}\" has disallowed characters in the alias");
            }

            if (!seen.Add(d.EffectiveName))
            {
                throw new HelmChartException($"validation: more than one dependency with name or alias \"{d.EffectiveName}\"");
            }
        }
    }

    private static string? String(YamlNode map, string key) => Scalar(Field(map, key), key);

    /// <summary>A value where Go expects a string: sigs.k8s.io/yaml spells numbers and booleans (floats in float32 precision).</summary>
    private static string? Scalar(YamlNode? node, string field)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is not YamlScalar scalar)
        {
            throw new HelmChartException(
                $"cannot load Chart.yaml: json: cannot unmarshal {(node is YamlMapping ? "object" : "array")} into Go struct field .{field} of type string");
        }

        ResolvedScalar r;
        try
        {
            r = ScalarResolver.ResolveKubernetes(scalar);
        }
        catch (YamlException ex)
        {
            throw Invalid("Chart.yaml", ex);
        }

        return r.Type == ResolvedType.Float ? GoFloat.Format(r.Float, 'g', bitSize: 32) : r.Text;
    }

    private static List<string> Strings(YamlNode? node, string field)
    {
        if (IsNull(node))
        {
            return [];
        }

        if (node is not YamlSequence items)
        {
            throw new HelmChartException($"cannot load Chart.yaml: {field} must be a list");
        }

        return items.Select(i => Scalar(i, field) ?? string.Empty).ToList();
    }

    private static Dictionary<string, string> Map(YamlNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (IsNull(node))
        {
            return map;
        }

        if (node is not YamlMapping pairs)
        {
            throw new HelmChartException("cannot load Chart.yaml: annotations must be a map");
        }

        foreach (var (key, value) in pairs)
        {
            string name;
            try
            {
                name = YamlValueConverter.KeyText(key, YamlDialect.Kubernetes, value);
            }
            catch (SsaFormatException ex)
            {
                throw Invalid("Chart.yaml", ex);
            }

            map[name] = Scalar(value, "annotations") ?? string.Empty;
        }

        return map;
    }

    private static List<HelmChartDependency> Dependencies(YamlNode? node)
    {
        if (IsNull(node))
        {
            return [];
        }

        if (node is not YamlSequence items)
        {
            throw new HelmChartException("cannot load Chart.yaml: dependencies must be a list");
        }

        var list = new List<HelmChartDependency>();
        foreach (var item in items)
        {
            if (IsNull(item))
            {
                throw new HelmChartException("validation: dependencies must not contain empty or null nodes");
            }

            if (item is not YamlMapping)
            {
                throw new HelmChartException("cannot load Chart.yaml: a dependency must be a map");
            }

            list.Add(new HelmChartDependency
            {
                Name = MetadataText.Sanitize(String(item, "name") ?? string.Empty),
                Version = Sanitized(String(item, "version")),
                Repository = Sanitized(String(item, "repository")),
                Condition = Sanitized(String(item, "condition")),
                Tags = Strings(Field(item, "tags"), "tags").Select(MetadataText.Sanitize).ToList(),
                Alias = String(item, "alias"),
            });
        }

        return list;
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex AliasFormat();
}
