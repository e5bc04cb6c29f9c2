using GitOps.Yaml;

namespace GitOps.Kustomize.Internal.Patches;

/// <summary>kustomize's types.Selector: a resource id whose parts are regexes, plus label and annotation selectors.</summary>
internal sealed record PatchSelector(string Group, string Version, string Kind, string Name, string Namespace, string LabelSelector, string AnnotationSelector)
{
    public override string ToString() =>
        $"&Selector{{ResId:{{Gvk:{{Group:{Group} Version:{Version} Kind:{Kind}}} Name:{Name} Namespace:{Namespace}}} AnnotationSelector:{AnnotationSelector} LabelSelector:{LabelSelector}}}";
}

/// <summary>One entry of <c>patches</c>: a file or inline patch, an optional target and options.</summary>
internal sealed record PatchEntry(string Path, string Patch, PatchSelector? Target, bool AllowNameChange, bool AllowKindChange);

/// <summary>One entry of the legacy <c>patchesJson6902</c>.</summary>
internal sealed record Json6902Entry(PatchSelector? Target, string Path, string Patch);

/// <summary>Decodes the patch fields of a kustomization with kustomize's strictness.</summary>
internal static class PatchArgs
{
    public static PatchEntry ParsePatch(YamlNode n)
    {
        var m = Map(n, "patches");
        string path = string.Empty, patch = string.Empty;
        PatchSelector? target = null;
        bool allowName = false, allowKind = false;
        foreach (var (k, v) in m)
        {
            if (IsNull(v))
            {
                continue;
            }

            switch (k.Value)
            {
                case "path": path = Str(v, "patches.path"); break;
                case "patch": patch = Str(v, "patches.patch"); break;
                case "target": target = ParseSelector(v, "patches.target"); break;
                case "options":
                    foreach (var (ok, ov) in Map(v, "patches.options"))
                    {
                        var on = ov is YamlScalar s && s.Yaml11Type == YamlValueType.Bool && s.Value is "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y";
                        if (ov is YamlScalar os && os.Yaml11Type != YamlValueType.Bool && os.Yaml11Type != YamlValueType.Null)
                        {
                            throw TypeError(ov, "patches.options", "bool");
                        }

                        if (ok.Value == "allowNameChange")
                        {
                            allowName = on;
                        }
                        else if (ok.Value == "allowKindChange")
                        {
                            allowKind = on;
                        }
                    }

                    break;
                default: throw new KustomizeException($"invalid Kustomization: json: unknown field \"{k.Value}\"");
            }
        }

        return new PatchEntry(path, patch, target, allowName, allowKind);
    }

    public static Json6902Entry ParseJson6902(YamlNode n)
    {
        var m = Map(n, "patchesJson6902");
        string path = string.Empty, patch = string.Empty;
        PatchSelector? target = null;
        foreach (var (k, v) in m)
        {
            if (IsNull(v))
            {
                continue;
            }

            switch (k.Value)
            {
                case "path": path = Str(v, "patchesJson6902.path"); break;
                case "patch": patch = Str(v, "patchesJson6902.patch"); break;
                case "target": target = ParseSelector(v, "patchesJson6902.target"); break;
                default: throw new KustomizeException($"invalid Kustomization: json: unknown field \"{k.Value}\"");
            }
        }

        return new Json6902Entry(target, path, patch);
    }

    public static List<string> ParseStrategicMerge(YamlNode n) =>
        n is YamlSequence seq ? seq.Select(x => Str(x, "patchesStrategicMerge")).ToList() : throw TypeError(n, "patchesStrategicMerge", "[]types.PatchStrategicMerge");

    public static Dictionary<string, string> ParseOpenApi(YamlNode n)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in Map(n, "openapi"))
        {
            result[k.Value] = IsNull(v) ? string.Empty : Str(v, "openapi");
        }

        return result;
    }

    public static PatchSelector ParseSelector(YamlNode n, string field)
    {
        string g = string.Empty, v = string.Empty, kind = string.Empty, name = string.Empty, ns = string.Empty, ls = string.Empty, an = string.Empty;
        foreach (var (k, val) in Map(n, field))
        {
            if (IsNull(val))
            {
                continue;
            }

            switch (k.Value)
            {
                case "group": g = Str(val, field); break;
                case "version": v = Str(val, field); break;
                case "kind": kind = Str(val, field); break;
                case "name": name = Str(val, field); break;
                case "namespace": ns = Str(val, field); break;
                case "labelSelector": ls = Str(val, field); break;
                case "annotationSelector": an = Str(val, field); break;
                default: throw new KustomizeException($"invalid Kustomization: json: unknown field \"{k.Value}\"");
            }
        }

        return new PatchSelector(g, v, kind, name, ns, ls, an);
    }

    private static bool IsNull(YamlNode n) => Kustomization.IsNull(n);

    private static KustomizeException TypeError(YamlNode n, string field, string type) => Kustomization.TypeError(n, field, type);

    private static string Str(YamlNode n, string field) => Kustomization.Str(n, field);

    private static YamlMapping Map(YamlNode n, string field) => Kustomization.Map(n, field);
}
