using System.Text.RegularExpressions;
using GitOps.Helm.Index;
using GitOps.Helm.Index.Internal;

namespace GitOps.Helm.Charts;

/// <summary>
/// Reads Chart.yaml (and a v1 chart's requirements.yaml) as Helm's chart loader does: YAML 1.1 scalars,
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
        if (tree.Kind != TokenKind.MappingStart)
        {
            throw new HelmChartException("cannot load Chart.yaml: not a map");
        }

        var apiVersion = String(tree, "apiVersion");
        var dependencies = Dependencies(tree["dependencies"]);
        if (apiVersion == "v1" && requirementsYaml is not null && ParseTree(requirementsYaml, "requirements.yaml") is { } requirements)
        {
            dependencies = Dependencies(requirements["dependencies"]);
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
            Deprecated = tree["deprecated"] is { Kind: TokenKind.Scalar, Type: ScalarType.Bool, Text: "true" },
            Keywords = Strings(tree["keywords"], "keywords"),
            Annotations = Map(tree["annotations"]),
            Dependencies = dependencies,
        };
        Validate(metadata);
        return metadata;
    }

    private static string? Sanitized(string? value) => value is null ? null : MetadataText.Sanitize(value);

    private static YamlTree? ParseTree(string text, string file)
    {
        try
        {
            return YamlTree.Parse(text);
        }
        catch (HelmIndexException ex)
        {
            throw new HelmChartException($"cannot load {file}: {ex.Message}", ex);
        }
    }

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

    private static string? String(YamlTree map, string key) => Scalar(map[key], key);

    private static string? Scalar(YamlTree? node, string field)
    {
        if (node is null || node.IsNull)
        {
            return null;
        }

        if (node.Kind != TokenKind.Scalar)
        {
            throw new HelmChartException($"cannot load Chart.yaml: json: cannot unmarshal {(node.Kind == TokenKind.MappingStart ? "object" : "array")} into Go struct field .{field} of type string");
        }

        return node.Type == ScalarType.Float ? GoNumbers.FloatTextToGoString(node.Text) : node.Text;
    }

    private static List<string> Strings(YamlTree? node, string field)
    {
        if (node is null || node.IsNull)
        {
            return [];
        }

        if (node.Kind != TokenKind.SequenceStart)
        {
            throw new HelmChartException($"cannot load Chart.yaml: {field} must be a list");
        }

        return node.Items.Select(i => Scalar(i, field) ?? string.Empty).ToList();
    }

    private static Dictionary<string, string> Map(YamlTree? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null || node.IsNull)
        {
            return map;
        }

        if (node.Kind != TokenKind.MappingStart)
        {
            throw new HelmChartException("cannot load Chart.yaml: annotations must be a map");
        }

        foreach (var (key, value) in node.Pairs)
        {
            map[key] = Scalar(value, "annotations") ?? string.Empty;
        }

        return map;
    }

    private static List<HelmChartDependency> Dependencies(YamlTree? node)
    {
        if (node is null || node.IsNull)
        {
            return [];
        }

        if (node.Kind != TokenKind.SequenceStart)
        {
            throw new HelmChartException("cannot load Chart.yaml: dependencies must be a list");
        }

        var list = new List<HelmChartDependency>();
        foreach (var item in node.Items)
        {
            if (item.IsNull)
            {
                throw new HelmChartException("validation: dependencies must not contain empty or null nodes");
            }

            if (item.Kind != TokenKind.MappingStart)
            {
                throw new HelmChartException("cannot load Chart.yaml: a dependency must be a map");
            }

            list.Add(new HelmChartDependency
            {
                Name = MetadataText.Sanitize(String(item, "name") ?? string.Empty),
                Version = Sanitized(String(item, "version")),
                Repository = Sanitized(String(item, "repository")),
                Condition = Sanitized(String(item, "condition")),
                Tags = Strings(item["tags"], "tags").Select(MetadataText.Sanitize).ToList(),
                Alias = String(item, "alias"),
            });
        }

        return list;
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex AliasFormat();
}
