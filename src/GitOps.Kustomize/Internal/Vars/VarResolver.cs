using System.Globalization;
using GitOps.Kustomize.Internal.Replacements;
using GitOps.Yaml;

namespace GitOps.Kustomize.Internal.Vars;

/// <summary>
/// Legacy vars, as kustomize's <c>api/internal/accumulator/resaccumulator.go</c> (MergeVars, ResolveVars) and
/// <c>api/filters/refvar</c> do: each var is tied to the one object its objref names; once names are final,
/// <c>$(NAME)</c> in the varReference fields is replaced by the value of the var's field in that object.
/// </summary>
internal static class VarResolver
{
    /// <summary>Ties each new var to its object and adds it to the accumulator's set.</summary>
    public static void MergeVars(ResAccumulator ra, IReadOnlyList<VarArgs> incoming)
    {
        if (incoming.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var v in incoming)
            {
                var target = new ResId(v.TargetGvk(), v.ObjectName, v.Namespace);
                Func<ResId, bool> matcher = target.Namespace.Length > 0 ? target.SameAs : target.GvknEquals;
                var matched = ra.ResMap.GetMatchingResourcesByAnyId(target.Name, matcher);
                if (matched.Count > 1)
                {
                    throw new KustomizeException($"found {matched.Count} resId matches for var {v.Format(defaulted: true)} (unable to disambiguate)");
                }

                if (matched.Count == 1)
                {
                    matched[0].RefVarNames.Add(v.Name);
                }
            }

            foreach (var v in incoming)
            {
                ra.Vars.Merge(v);
            }
        }
        catch (KustomizeException ex)
        {
            var list = string.Join(' ', incoming.Select(v => v.Format(defaulted: false)));
            throw new KustomizeException($"merging vars [{list}]: {ex.Message}", ex);
        }
    }

    /// <summary>Replaces <c>$(NAME)</c> references in the varReference fields of every object.</summary>
    public static void ResolveVars(ResAccumulator ra)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var v in ra.Vars.AsSorted())
        {
            values[v.Name] = FindValue(ra.ResMap, v);
        }

        if (values.Count == 0)
        {
            return;
        }

        foreach (var r in ra.ResMap.Resources)
        {
            foreach (var fs in ra.Config.VarReference)
            {
                FieldSpecWalker.Apply(r.Node, fs, node => Set(node, values), CreateKind.None, null);
            }
        }
    }

    private static object FindValue(ResMap m, VarArgs v)
    {
        foreach (var r in m.Resources)
        {
            if (r.RefVarNames.Contains(v.Name))
            {
                return FieldValue(r.Node, v.FieldPathOrDefault)
                    ?? throw new KustomizeException($"field specified in var '{v.Format(defaulted: true)}' not found in corresponding resource");
            }
        }

        throw new KustomizeException($"var '{v.Format(defaulted: true)}' cannot be mapped to a field in the set of known resources");
    }

    /// <summary>A field's value as kyaml's GetFieldValue types it (string, long, double, bool, or a container).</summary>
    private static object? FieldValue(YamlNode obj, string path)
    {
        var node = FieldPaths.Lookup(obj, FieldPaths.ConvertSliceIndex(FieldPaths.Split(path)));
        switch (node)
        {
            case null:
                return null;
            case YamlMapping or YamlSequence:
                return node;
        }

        var s = (YamlScalar)node;
        var tag = FieldPaths.ResolvedTag(s);
        return tag switch
        {
            "!!str" => s.Value,
            "!!int" when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => i,
            "!!float" when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            "!!bool" => s.Value is "true" or "True" or "TRUE",
            "!!int" or "!!float" => throw new KustomizeException($"strconv.ParseNumber: parsing \"{s.Value}\": invalid syntax"),
            _ => s.Value,
        };
    }

    private static YamlScalar? Set(YamlNode node, Dictionary<string, object> values)
    {
        switch (node)
        {
            case YamlScalar { IsNull: true }:
                return null;
            case YamlScalar s:
                return FieldPaths.ResolvedTag(s) == "!!str" ? Replace(s.Value, values) : null;
            case YamlMapping map:
                foreach (var (k, v) in map.ToList())
                {
                    if (FieldPaths.ResolvedTag(k) != "!!str")
                    {
                        throw new KustomizeException($"invalid map key: value='{k.Value}', tag='{FieldPaths.ResolvedTag(k)}'");
                    }

                    if (v is YamlScalar vs && FieldPaths.ResolvedTag(vs) == "!!str")
                    {
                        map.Set(k.Value, Replace(vs.Value, values));
                    }
                }

                return null;
            case YamlSequence seq:
                for (var i = 0; i < seq.Count; i++)
                {
                    if (seq[i] is not YamlScalar item || FieldPaths.ResolvedTag(item) != "!!str")
                    {
                        throw new KustomizeException("invalid value type expect a string");
                    }

                    seq[i] = Replace(item.Value, values);
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>kustomize's DoReplacements: <c>$(NAME)</c> expands, <c>$$</c> escapes, a lone reference keeps its type.</summary>
    private static YamlScalar Replace(string input, Dictionary<string, object> values)
    {
        object? Map(string key) => values.TryGetValue(key, out var v) && v is string or long or double or bool ? v : "$(" + key + ")";

        var sb = new System.Text.StringBuilder();
        var checkpoint = 0;
        for (var cursor = 0; cursor < input.Length; cursor++)
        {
            if (input[cursor] != '$' || cursor + 1 >= input.Length)
            {
                continue;
            }

            sb.Append(input, checkpoint, cursor - checkpoint);
            var rest = input.AsSpan(cursor + 1);
            int advance;
            if (rest[0] == '$')
            {
                sb.Append('$');
                advance = 1;
            }
            else if (rest[0] == '(' && rest.IndexOf(')') is var close and > 0)
            {
                var name = rest[1..close].ToString();
                var mapped = Map(name);
                if (input == "$(" + name + ")")
                {
                    return Typed(mapped!);
                }

                sb.Append(Format(mapped!));
                advance = close + 1;
            }
            else
            {
                sb.Append('$').Append(rest[0]);
                advance = 1;
            }

            cursor += advance;
            checkpoint = cursor + 1;
        }

        sb.Append(input, checkpoint, input.Length - checkpoint);
        return new YamlScalar(sb.ToString(), YamlScalar.StringTag);
    }

    private static YamlScalar Typed(object value) => value switch
    {
        long l => new YamlScalar(l.ToString(CultureInfo.InvariantCulture), YamlScalar.IntTag),
        bool b => new YamlScalar(b ? "true" : "false", "!!bool"),
        double d => new YamlScalar(d.ToString("R", CultureInfo.InvariantCulture), "!!float"),
        _ => new YamlScalar((string)value, YamlScalar.StringTag),
    };

    private static string Format(object value) => value switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => (string)value,
    };
}
