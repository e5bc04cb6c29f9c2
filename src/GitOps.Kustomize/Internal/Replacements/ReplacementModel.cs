using System.Globalization;
using GitOps.Yaml;

namespace GitOps.Kustomize.Internal.Replacements;

/// <summary>A resource selector: an id whose empty parts match anything, plus label and annotation selectors (types.Selector).</summary>
internal sealed record ResSelector(string Group, string Version, string Kind, string Name, string Namespace, string AnnotationSelector, string LabelSelector)
{
    public ResId Id => new(new Gvk(Group, Version, Kind, false), Name, Namespace);

    public bool IsEmptyId => Group.Length == 0 && Version.Length == 0 && Kind.Length == 0 && Name.Length == 0 && Namespace.Length == 0;

    /// <summary>kyaml's ResId.IsSelectedBy with this selector's id.</summary>
    public bool Selects(ResId id) =>
        (Name.Length == 0 || Name == id.Name)
        && (Namespace.Length == 0 || Id.EffectiveNamespace == id.EffectiveNamespace)
        && id.Gvk.IsSelected(Group, Version, Kind);

    /// <summary>
    /// Whether this selector could select the current or a previous id of <paramref name="r"/>: false when no name
    /// or kind it ever had, or its group and version (which previous ids share), match. Read without splitting the
    /// lists of previous ids, so that a selector by kind passes over the objects of other kinds cheaply.
    /// </summary>
    public bool MaySelect(Resource r)
    {
        if ((Name.Length > 0 && !r.HasHadName(Name)) || (Kind.Length > 0 && !r.HasHadKind(Kind)))
        {
            return false;
        }

        if (Group.Length == 0 && Version.Length == 0)
        {
            return true;
        }

        var (g, v) = Gvk.SplitApiVersion(r.ApiVersion);
        return (Group.Length == 0 || Group == g) && (Version.Length == 0 || Version == v);
    }
}

/// <summary>Delimiter, index and create options of a source or target (types.FieldOptions).</summary>
internal sealed record FieldOptions(string Delimiter, int Index, string Encoding, bool Create)
{
    public override string ToString() => Delimiter.Length == 0 && !Create ? string.Empty : $"{Delimiter}({Index}), create={(Create ? "true" : "false")}";
}

internal sealed record SourceSelector(ResSelector Selector, string FieldPath, FieldOptions? Options)
{
    public override string ToString()
    {
        var parts = new List<string> { Selector.Id.ToString() };
        if (FieldPath.Length > 0)
        {
            parts.Add(FieldPath);
        }

        if (Options?.ToString() is { Length: > 0 } o)
        {
            parts.Add(o);
        }

        return string.Join(':', parts);
    }
}

internal sealed record TargetSelector(ResSelector? Select, List<ResSelector> Reject, List<string> FieldPaths, FieldOptions? Options);

/// <summary>One replacement: where the value comes from and where it goes (types.Replacement).</summary>
internal sealed record Replacement(SourceSelector? Source, List<TargetSelector>? Targets);

/// <summary>Decodes replacements the way encoding/json does (field names match case-insensitively).</summary>
internal static class ReplacementParser
{
    /// <summary>Reads one replacement mapping; <paramref name="strict"/> refuses unknown fields (a kustomization file).</summary>
    public static Replacement Parse(YamlNode node, bool strict, out string path)
    {
        path = string.Empty;
        var m = Map(node, "replacements");
        SourceSelector? source = null;
        List<TargetSelector>? targets = null;
        foreach (var (k, v) in m)
        {
            switch (k.Value.ToLowerInvariant())
            {
                case "path": path = Str(v); break;
                case "source": source = IsNull(v) ? null : ParseSource(v, strict); break;
                case "targets": targets = IsNull(v) ? null : Seq(v, "targets").Select(t => ParseTarget(t, strict)).ToList(); break;
                default: Unknown(k.Value, strict); break;
            }
        }

        return new Replacement(source, targets);
    }

    private static SourceSelector ParseSource(YamlNode node, bool strict)
    {
        var fieldPath = string.Empty;
        FieldOptions? options = null;
        var sel = ParseSelector(node, strict, (key, value) =>
        {
            switch (key)
            {
                case "fieldpath": fieldPath = Str(value); return true;
                case "options": options = IsNull(value) ? null : ParseOptions(value, strict); return true;
                default: return false;
            }
        });
        return new SourceSelector(sel, fieldPath, options);
    }

    private static TargetSelector ParseTarget(YamlNode node, bool strict)
    {
        ResSelector? select = null;
        var reject = new List<ResSelector>();
        var fieldPaths = new List<string>();
        FieldOptions? options = null;
        foreach (var (k, v) in Map(node, "targets"))
        {
            switch (k.Value.ToLowerInvariant())
            {
                case "select": select = IsNull(v) ? null : ParseSelector(v, strict, null); break;
                case "reject": if (!IsNull(v)) { reject.AddRange(Seq(v, "reject").Select(r => ParseSelector(r, strict, null))); } break;
                case "fieldpaths": if (!IsNull(v)) { fieldPaths.AddRange(Seq(v, "fieldPaths").Select(Str)); } break;
                case "options": options = IsNull(v) ? null : ParseOptions(v, strict); break;
                default: Unknown(k.Value, strict); break;
            }
        }

        return new TargetSelector(select, reject, fieldPaths, options);
    }

    private static ResSelector ParseSelector(YamlNode node, bool strict, Func<string, YamlNode, bool>? extra)
    {
        string g = string.Empty, v = string.Empty, kind = string.Empty, name = string.Empty, ns = string.Empty, anno = string.Empty, label = string.Empty;
        foreach (var (k, val) in Map(node, "selector"))
        {
            var key = k.Value.ToLowerInvariant();
            switch (key)
            {
                case "group": g = Str(val); break;
                case "version": v = Str(val); break;
                case "kind": kind = Str(val); break;
                case "name": name = Str(val); break;
                case "namespace": ns = Str(val); break;
                case "annotationselector" when extra is null: anno = Str(val); break;
                case "labelselector" when extra is null: label = Str(val); break;
                default:
                    if (extra is null || !extra(key, val))
                    {
                        Unknown(k.Value, strict);
                    }

                    break;
            }
        }

        return new ResSelector(g, v, kind, name, ns, anno, label);
    }

    private static FieldOptions ParseOptions(YamlNode node, bool strict)
    {
        string delimiter = string.Empty, encoding = string.Empty;
        var index = 0;
        var create = false;
        foreach (var (k, v) in Map(node, "options"))
        {
            switch (k.Value.ToLowerInvariant())
            {
                case "delimiter": delimiter = Str(v); break;
                case "encoding": encoding = Str(v); break;
                case "index":
                    if (!IsNull(v) && !(v is YamlScalar { Yaml11Type: YamlValueType.WholeNumber } s && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out index)))
                    {
                        throw new KustomizeException($"json: cannot unmarshal {Kustomization.JsonKind(v)} into Go struct field FieldOptions.options.index of type int");
                    }

                    break;
                case "create":
                    if (!IsNull(v) && v is not YamlScalar { Yaml11Type: YamlValueType.Bool })
                    {
                        throw new KustomizeException($"json: cannot unmarshal {Kustomization.JsonKind(v)} into Go struct field FieldOptions.options.create of type bool");
                    }

                    create = v is YamlScalar { Value: "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y" };
                    break;
                default: Unknown(k.Value, strict); break;
            }
        }

        return new FieldOptions(delimiter, index, encoding, create);
    }

    private static void Unknown(string key, bool strict)
    {
        if (strict)
        {
            throw new KustomizeException($"invalid Kustomization: json: unknown field \"{key}\"");
        }
    }

    private static bool IsNull(YamlNode n) => n is YamlScalar { IsNull: true };

    private static YamlMapping Map(YamlNode n, string field) =>
        n as YamlMapping ?? throw new KustomizeException($"json: cannot unmarshal {Kustomization.JsonKind(n)} into Go struct field {field} of type object");

    private static IEnumerable<YamlNode> Seq(YamlNode n, string field) =>
        n as YamlSequence ?? throw new KustomizeException($"json: cannot unmarshal {Kustomization.JsonKind(n)} into Go struct field {field} of type array");

    private static string Str(YamlNode n) => n switch
    {
        YamlScalar { IsNull: true } => string.Empty,
        YamlScalar s when s.Yaml11Type is YamlValueType.Text or YamlValueType.Timestamp => s.Value,
        _ => throw new KustomizeException($"json: cannot unmarshal {Kustomization.JsonKind(n)} into Go value of type string"),
    };

}
