using GitOps.Yaml;

namespace GitOps.Kustomize.Internal.Plugins;

/// <summary>
/// Reads the plugin configs of a kustomization's <c>generators</c> or <c>transformers</c> field as kustomize's
/// <c>configureExternalGenerators</c>/<c>configureExternalTransformers</c> (<c>api/internal/target/kusttarget.go</c>)
/// do: an entry that parses as objects is an inline config, any other is a file or a kustomization directory.
/// </summary>
internal static class PluginConfigs
{
    public static List<Resource> Load(KustTarget kt, IReadOnlyList<string> entries)
    {
        var result = new List<Resource>();
        var paths = new List<string>();
        foreach (var entry in entries)
        {
            var inline = TryInline(entry, kt.Context);
            if (inline is null)
            {
                paths.Add(entry);
                continue;
            }

            if (kt.OriginPath is not null)
            {
                var origin = "path: " + OriginYaml.Quote(KustTarget.CombineOrigin(kt.OriginPath, kt.FileName)) + "\n";
                foreach (var r in inline)
                {
                    r.SetAnnotation(Resource.OriginAnnotation, origin);
                }
            }

            result.AddRange(inline);
        }

        result.AddRange(kt.AccumulatePaths(paths).Resources);
        return result;
    }

    private static List<Resource>? TryInline(string entry, BuildContext context)
    {
        try
        {
            var resources = ResourceFactory.FromText(entry, context);
            return resources.Count == 0 ? null : resources;
        }
        catch (KustomizeException)
        {
            return null;
        }
    }

    /// <summary>The origin of what a config made: the config's own path and its identity (resource.OriginFromCustomPlugin).</summary>
    public static string? OriginOf(Resource config)
    {
        var origin = config.GetAnnotation(Resource.OriginAnnotation);
        if (origin is null)
        {
            return null;
        }

        var path = string.Empty;
        foreach (var line in origin.Split('\n'))
        {
            if (line.StartsWith("path: ", StringComparison.Ordinal))
            {
                path = line[6..].Trim('"');
            }
        }

        var ns = config.Namespace.Length > 0 ? $"  namespace: {OriginYaml.Quote(config.Namespace)}\n" : string.Empty;
        var name = config.Name.Length > 0 ? $"  name: {OriginYaml.Quote(config.Name)}\n" : string.Empty;
        return $"configuredIn: {OriginYaml.Quote(path)}\nconfiguredBy:\n  apiVersion: {config.ApiVersion}\n  kind: {config.Kind}\n{name}{ns}";
    }

    /// <summary>A builtin plugin's config field, matched case-insensitively as encoding/json does.</summary>
    public static YamlNode? Field(YamlMapping config, string name)
    {
        if (config[name] is { } exact)
        {
            return exact;
        }

        foreach (var (k, v) in config)
        {
            if (string.Equals(k.Value, name, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }

        return null;
    }

    public static string Text(YamlMapping config, string name) => Field(config, name) is YamlScalar { IsNull: false } s ? s.Value : string.Empty;

    public static Dictionary<string, string> StringMap(YamlMapping config, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Field(config, name) is YamlMapping m)
        {
            foreach (var (k, v) in m)
            {
                result[k.Value] = v is YamlScalar { IsNull: true } ? string.Empty : (v as YamlScalar)?.Value ?? string.Empty;
            }
        }

        return result;
    }

    public static List<FieldSpec> FieldSpecs(YamlMapping config)
    {
        var result = new List<FieldSpec>();
        if (Field(config, "fieldSpecs") is YamlSequence seq)
        {
            foreach (var item in seq.OfType<YamlMapping>())
            {
                var create = Field(item, "create") is YamlScalar { Value: "true" or "True" or "TRUE" or "yes" or "Yes" or "on" or "On" };
                result.Add(new FieldSpec(Text(item, "group"), Text(item, "version"), Text(item, "kind"), Text(item, "path"), create));
            }
        }

        return result;
    }
}
