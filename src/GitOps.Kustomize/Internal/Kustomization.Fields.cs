using GitOps.Yaml;

namespace GitOps.Kustomize.Internal;

/// <summary>A legacy var: a name, the object it comes from and the field (default <c>metadata.name</c>).</summary>
internal sealed record VarArgs(string Name, string ApiVersion, string Group, string Version, string Kind, string ObjectName, string Namespace, string FieldPath)
{
    /// <summary>The object's group, version and kind, the apiVersion winning over group and version (types.Target.GVK).</summary>
    public Gvk TargetGvk()
    {
        var (g, v) = (Group, Version);
        if (ApiVersion.Length > 0)
        {
            var parts = ApiVersion.Split('/');
            if (parts.Length == 2)
            {
                (g, v) = (parts[0], parts[1]);
            }
            else if (parts.Length == 1)
            {
                v = parts[0];
            }
        }

        return new Gvk(g, v, Kind, false);
    }

    /// <summary>The field the value comes from (<c>metadata.name</c> when none is given).</summary>
    public string FieldPathOrDefault => FieldPath.Length == 0 ? "metadata.name" : FieldPath;

    /// <summary>Go's %v of a types.Var, <c>{name gvk {fieldPath}}</c>, as written or after kustomize's defaulting.</summary>
    public string Format(bool defaulted) => defaulted
        ? $"{{{Name} {TargetGvk()} {{{FieldPathOrDefault}}}}}"
        : $"{{{Name} {new Gvk(Group, Version, Kind, false)} {{{FieldPath}}}}}";
}

/// <summary>The kustomization fields of configurations, vars, replacements and plugin configs.</summary>
internal sealed partial class Kustomization
{
    /// <summary>Files of custom field specs (the <c>configurations</c> field).</summary>
    public List<string> Configurations { get; } = [];

    /// <summary>The legacy <c>vars</c>.</summary>
    public List<VarArgs> Vars { get; } = [];

    /// <summary>The <c>replacements</c> entries as written (a <c>path</c> or an inline replacement).</summary>
    public List<YamlNode> Replacements { get; } = [];

    /// <summary>The <c>transformers</c> entries: paths, or inline YAML documents.</summary>
    public List<string> Transformers { get; } = [];

    /// <summary>The <c>generators</c> entries: paths, or inline YAML documents.</summary>
    public List<string> Generators { get; } = [];

    /// <summary>encoding/json matches a field name case-insensitively when no field has the exact name.</summary>
    private static string CanonicalField(string key) =>
        KnownFields.Contains(key) ? key : KnownFields.FirstOrDefault(f => string.Equals(f, key, StringComparison.OrdinalIgnoreCase)) ?? key;

    /// <summary>The arguments of a builtin ConfigMapGenerator or SecretGenerator plugin config (its name may come from its metadata).</summary>
    public static GeneratorArgs ParsePluginGenerator(YamlMapping config, string kind)
    {
        var args = new YamlMapping();
        foreach (var (k, v) in config)
        {
            // yaml.Unmarshal into the plugin ignores fields it does not know.
            if (k.Value is "name" or "namespace" or "behavior" or "literals" or "files" or "envs" or "env" or "options" || (k.Value == "type" && kind == "Secret"))
            {
                args.Add(k, v);
            }
        }

        var g = ParseGenerator(args, kind);
        var metadata = config.GetMapping("metadata");
        if (g.Name.Length == 0)
        {
            g.Name = metadata?.GetString("name") ?? string.Empty;
        }

        if (g.Namespace.Length == 0)
        {
            g.Namespace = metadata?.GetString("namespace") ?? string.Empty;
        }

        return g;
    }

    private void ParseConfigurationField(string key, YamlNode value)
    {
        switch (key)
        {
            case "configurations": Configurations.AddRange(StrList(value, key)); break;
            case "transformers": Transformers.AddRange(StrList(value, key)); break;
            case "generators": Generators.AddRange(StrList(value, key)); break;
            case "replacements": Replacements.AddRange(Seq(value, key)); break;
            case "vars":
                Vars.AddRange(Seq(value, key).Select(ParseVar));
                Warnings.Add("# Warning: 'vars' is deprecated. Please use 'replacements' instead. [EXPERIMENTAL] Run 'kustomize edit fix' to update your Kustomization automatically.");
                break;
        }
    }

    private static VarArgs ParseVar(YamlNode n)
    {
        var m = Map(n, "vars");
        string name = string.Empty, fieldPath = string.Empty;
        string apiVersion = string.Empty, group = string.Empty, version = string.Empty, kind = string.Empty, objName = string.Empty, ns = string.Empty;
        foreach (var (k, v) in m)
        {
            // encoding/json matches field names case-insensitively.
            switch (k.Value.ToLowerInvariant())
            {
                case "name": name = Str(v, "vars.name"); break;
                case "objref":
                    if (IsNull(v))
                    {
                        break;
                    }

                    foreach (var (ok, ov) in Map(v, "vars.objref"))
                    {
                        switch (ok.Value.ToLowerInvariant())
                        {
                            case "apiversion": apiVersion = Str(ov, "vars.objref.apiVersion"); break;
                            case "group": group = Str(ov, "vars.objref.group"); break;
                            case "version": version = Str(ov, "vars.objref.version"); break;
                            case "kind": kind = Str(ov, "vars.objref.kind"); break;
                            case "name": objName = Str(ov, "vars.objref.name"); break;
                            case "namespace": ns = Str(ov, "vars.objref.namespace"); break;
                            default: throw new KustomizeException($"invalid Kustomization: json: unknown field \"{ok.Value}\"");
                        }
                    }

                    break;
                case "fieldref":
                    if (IsNull(v))
                    {
                        break;
                    }

                    foreach (var (fk, fv) in Map(v, "vars.fieldref"))
                    {
                        if (!string.Equals(fk.Value, "fieldPath", StringComparison.OrdinalIgnoreCase))
                        {
                            throw new KustomizeException($"invalid Kustomization: json: unknown field \"{fk.Value}\"");
                        }

                        fieldPath = Str(fv, "vars.fieldref.fieldPath");
                    }

                    break;
                default: throw new KustomizeException($"invalid Kustomization: json: unknown field \"{k.Value}\"");
            }
        }

        return new VarArgs(name, apiVersion, group, version, kind, objName, ns, fieldPath);
    }
}
