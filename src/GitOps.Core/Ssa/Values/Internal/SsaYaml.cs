using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitOps.Ssa.Values.Internal;

/// <summary>
/// Small YAML reader and writer for SSA inputs and outputs. Plain scalars resolve like sigs.k8s.io/yaml
/// (YAML 1.1 booleans, integers, floats, null); quoted scalars are strings.
/// </summary>
internal static partial class SsaYaml
{
    public static IReadOnlyList<SsaValue> ParseDocuments(string yaml, int maxDepth = SsaJson.DefaultMaxDepth)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new SsaFormatException($"invalid YAML: {e.Message}", e);
        }

        var result = new List<SsaValue>();
        foreach (var doc in stream.Documents)
        {
            result.Add(Convert(doc.RootNode, 0, maxDepth));
        }

        return result;
    }

    public static SsaValue? Parse(string yaml)
    {
        var docs = ParseDocuments(yaml);
        return docs.Count switch
        {
            0 => null,
            1 => docs[0],
            _ => throw new SsaFormatException($"expected one YAML document, found {docs.Count}"),
        };
    }

    private static SsaValue Convert(YamlNode node, int depth, int maxDepth)
    {
        if (depth > maxDepth)
        {
            throw new SsaFormatException($"YAML nesting deeper than {maxDepth}");
        }

        switch (node)
        {
            case YamlMappingNode map:
                var entries = new List<KeyValuePair<string, SsaValue>>(map.Children.Count);
                foreach (var (k, v) in map.Children)
                {
                    if (k is not YamlScalarNode ks)
                    {
                        throw new SsaFormatException($"unsupported non-scalar map key at {k.Start}");
                    }

                    var key = ks.Value ?? string.Empty;
                    var value = Convert(v, depth + 1, maxDepth);
                    var at = entries.FindIndex(e => string.Equals(e.Key, key, StringComparison.Ordinal));
                    if (at >= 0)
                    {
                        throw new SsaFormatException($"duplicate map key \"{key}\" at {k.Start}");
                    }

                    entries.Add(new(key, value));
                }

                return SsaValue.FromOwnedEntries(entries);
            case YamlSequenceNode seq:
                var items = new SsaValue[seq.Children.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Convert(seq.Children[i], depth + 1, maxDepth);
                }

                return SsaValue.FromOwnedArray(items);
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new SsaFormatException($"unsupported YAML node at {node.Start}");
        }
    }

    private static SsaValue Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str")
        {
            return SsaValue.FromString(text);
        }

        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any) && tag is null)
        {
            return SsaValue.FromString(text);
        }

        return ResolvePlain(text);
    }

    public static SsaValue ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return SsaValue.Null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y":
                return SsaValue.True;
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N":
                return SsaValue.False;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return SsaValue.FromDouble(double.PositiveInfinity);
            case "-.inf" or "-.Inf" or "-.INF":
                return SsaValue.FromDouble(double.NegativeInfinity);
            case ".nan" or ".NaN" or ".NAN":
                return SsaValue.FromDouble(double.NaN);
        }

        if (IntPattern().IsMatch(text))
        {
            var clean = text.Replace("_", string.Empty, StringComparison.Ordinal);
            if (long.TryParse(clean, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                return SsaValue.FromInt64(l);
            }

            return SsaValue.FromDouble(double.Parse(clean, CultureInfo.InvariantCulture));
        }

        if (HexPattern().IsMatch(text))
        {
            var neg = text[0] == '-';
            var digits = text.TrimStart('+', '-')[2..].Replace("_", string.Empty, StringComparison.Ordinal);
            var v = long.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            return SsaValue.FromInt64(neg ? -v : v);
        }

        if (FloatPattern().IsMatch(text))
        {
            return SsaValue.FromDouble(double.Parse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return SsaValue.FromString(text);
    }

    [GeneratedRegex("^[-+]?(0|[1-9][0-9_]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex("^[-+]?0x[0-9a-fA-F_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HexPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    public static string Write(SsaValue value)
    {
        var sb = new StringBuilder();
        WriteNode(sb, value, 0, inList: false);
        if (sb.Length == 0 || sb[^1] != '\n')
        {
            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static void WriteNode(StringBuilder sb, SsaValue value, int indent, bool inList)
    {
        switch (value.Kind)
        {
            case SsaValueKind.Map when value.AsMap.Count > 0:
                var first = true;
                foreach (var e in value.AsMap.RawSpan)
                {
                    if (!(first && inList))
                    {
                        sb.Append(' ', indent);
                    }

                    first = false;
                    sb.Append(Key(e.Key)).Append(':');
                    WriteChild(sb, e.Value, indent + 2, mapChild: true, indent);
                }

                break;
            case SsaValueKind.List when value.AsList.Count > 0:
                var firstItem = true;
                foreach (var item in value.Items)
                {
                    if (!(firstItem && inList))
                    {
                        sb.Append(' ', indent);
                    }

                    firstItem = false;
                    sb.Append('-');
                    WriteChild(sb, item, indent + 2, mapChild: false, indent);
                }

                break;
            default:
                sb.Append(ScalarText(value)).Append('\n');
                break;
        }
    }

    private static void WriteChild(StringBuilder sb, SsaValue child, int childIndent, bool mapChild, int parentIndent)
    {
        if (child.IsMap && child.AsMap.Count > 0)
        {
            if (mapChild)
            {
                sb.Append('\n');
                WriteNode(sb, child, childIndent, inList: false);
            }
            else
            {
                sb.Append(' ');
                WriteNode(sb, child, childIndent, inList: true);
            }
        }
        else if (child.IsList && child.AsList.Count > 0)
        {
            if (mapChild)
            {
                // Lists under a key are written at the key's indentation, as kubectl does.
                sb.Append('\n');
                WriteNode(sb, child, parentIndent, inList: false);
            }
            else
            {
                sb.Append(' ');
                WriteNode(sb, child, childIndent, inList: true);
            }
        }
        else
        {
            sb.Append(' ').Append(ScalarText(child)).Append('\n');
        }
    }

    private static string Key(string key) => NeedsQuotes(key) ? Quote(key) : key;

    private static string ScalarText(SsaValue value) => value.Kind switch
    {
        SsaValueKind.Null => "null",
        SsaValueKind.Boolean => value.AsBoolean ? "true" : "false",
        SsaValueKind.Integer => value.AsInteger.ToString(CultureInfo.InvariantCulture),
        SsaValueKind.Float => SsaJson.FormatFloat(value.AsDouble),
        SsaValueKind.String => NeedsQuotes(value.AsString) ? Quote(value.AsString) : value.AsString,
        SsaValueKind.Map => "{}",
        _ => "[]",
    };

    private static bool NeedsQuotes(string s)
    {
        if (s.Length == 0 || !SafePlain().IsMatch(s) || s.EndsWith(':') || s.Contains(": ", StringComparison.Ordinal) || char.IsAsciiDigit(s[0]))
        {
            return true;
        }

        // Anything that would read back as another type must be quoted.
        return ResolvePlain(s).Kind != SsaValueKind.String;
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder();
        SsaJson.WriteString(sb, s);
        return sb.ToString();
    }

    [GeneratedRegex(@"^[A-Za-z0-9_./][A-Za-z0-9_./:\- ]*(?<! )$", RegexOptions.CultureInvariant)]
    private static partial Regex SafePlain();
}
