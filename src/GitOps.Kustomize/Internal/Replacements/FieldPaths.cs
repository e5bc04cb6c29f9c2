using System.Text.RegularExpressions;
using GitOps.Yaml;

namespace GitOps.Kustomize.Internal.Replacements;

/// <summary>
/// Dotted field paths as kyaml reads them (<c>kyaml/utils/pathsplitter.go</c>, <c>kyaml/yaml/fns.go</c>
/// PathGetter): <c>a.b[name=x].c</c>, <c>a.b.0</c>, <c>[=value]</c> for primitive lists, <c>\.</c> for a literal dot.
/// </summary>
internal static partial class FieldPaths
{
    /// <summary>kyaml's SmarterPathSplitter with "." (bracketed parts may hold dots).</summary>
    public static List<string> Split(string path)
    {
        var ps = path.Split('.');
        var start = ps.Length > 1 && ps[0].Length == 0 ? 1 : 0;
        var split = new List<string> { ps[start] };
        for (var i = start + 1; i < ps.Length; i++)
        {
            if (split[^1].EndsWith('\\'))
            {
                split[^1] = split[^1][..^1] + "." + ps[i];
            }
            else
            {
                split.Add(ps[i]);
            }
        }

        var result = new List<string>();
        for (var i = 0; i < split.Count; i++)
        {
            var elem = split[i];
            if (elem.StartsWith('[') && !elem.EndsWith(']'))
            {
                var bracketed = new List<string> { elem };
                while (i < split.Count - 1)
                {
                    i++;
                    bracketed.Add(split[i]);
                    if (split[i].EndsWith(']'))
                    {
                        break;
                    }
                }

                var joined = string.Join('.', bracketed);
                result.Add(joined.Contains('=', StringComparison.Ordinal) ? joined : joined.Trim('[', ']'));
            }
            else
            {
                result.Add(elem);
            }
        }

        return result;
    }

    [GeneratedRegex(@"^(.*)\[(\d+)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex SliceIndex();

    /// <summary>kyaml's convertSliceIndex: <c>ports[0]</c> becomes <c>ports</c>, <c>0</c>.</summary>
    public static List<string> ConvertSliceIndex(List<string> fields)
    {
        var result = new List<string>();
        foreach (var s in fields)
        {
            var m = s.EndsWith(']') ? SliceIndex().Match(s) : Match.Empty;
            if (!m.Success)
            {
                result.Add(s);
                continue;
            }

            if (m.Groups[1].Value.Length > 0)
            {
                result.Add(m.Groups[1].Value);
            }

            result.Add(m.Groups[2].Value);
        }

        return result;
    }

    public static bool IsListIndex(string p) => p.StartsWith('[') && p.EndsWith(']');

    public static bool IsIndexNumber(string p) => int.TryParse(p, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var i) && i >= 0;

    /// <summary>Splits <c>[name=value]</c> into its field name and value.</summary>
    public static (string Field, string Value) SplitIndexNameValue(string p)
    {
        var elem = p.EndsWith(']') ? p[..^1] : p;
        elem = elem.StartsWith('[') ? elem[1..] : elem;
        var eq = elem.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            throw new KustomizeException("list path element must contain fieldName=fieldValue for element to match");
        }

        return (elem[..eq], elem[(eq + 1)..]);
    }

    /// <summary>kyaml's Lookup (PathGetter without create): the node at the path, or null.</summary>
    public static YamlNode? Lookup(YamlNode node, IReadOnlyList<string> path)
    {
        var current = node;
        foreach (var part in path)
        {
            current = Step(current, part);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static YamlNode? Step(YamlNode node, string part)
    {
        if (IsListIndex(part))
        {
            if (node is not YamlSequence seq)
            {
                return null;
            }

            var (field, value) = SplitIndexNameValue(part);
            foreach (var item in seq)
            {
                if (field.Length == 0 ? item is YamlScalar s && s.Value == value : item is YamlMapping m && m[field] is YamlScalar f && f.Value == value)
                {
                    return item;
                }
            }

            return null;
        }

        if (node is YamlSequence list && IsIndexNumber(part))
        {
            var i = int.Parse(part, System.Globalization.CultureInfo.InvariantCulture);
            return i < list.Count ? list[i] : null;
        }

        return node is YamlMapping map ? map[part] : null;
    }

    /// <summary>The tag yaml.v3 gives a scalar (explicit, or resolved from a plain scalar's text).</summary>
    public static string ResolvedTag(YamlScalar s)
    {
        if (s.Tag is { Length: > 0 } tag && tag != "!")
        {
            return tag;
        }

        return s.ResolvedType switch
        {
            YamlValueType.Null => YamlScalar.NullTag,
            YamlValueType.Bool => "!!bool",
            YamlValueType.WholeNumber => YamlScalar.IntTag,
            YamlValueType.Real => "!!float",
            YamlValueType.Timestamp => "!!timestamp",
            _ => YamlScalar.StringTag,
        };
    }
}
