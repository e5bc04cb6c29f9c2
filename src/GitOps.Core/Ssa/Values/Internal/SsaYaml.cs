using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GitOps.GoFormat.Internal;
using GitOps.Internal;
using GitOps.Yaml;
using GitOps.Yaml.Internal;

namespace GitOps.Ssa.Values.Internal;

/// <summary>
/// YAML for SSA inputs and outputs: reading goes through <see cref="YamlReader"/> in the Kubernetes dialect
/// (sigs.k8s.io/yaml) and the one YAML-to-value conversion; writing is a small block-style writer.
/// </summary>
internal static partial class SsaYaml
{
    public static IReadOnlyList<SsaValue> ParseDocuments(string yaml, YamlReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        options ??= YamlReaderOptions.Kubernetes;
        IReadOnlyList<YamlNode> nodes;
        try
        {
            nodes = YamlReader.ReadDocuments(yaml, options);
        }
        catch (YamlException e)
        {
            throw new SsaFormatException($"invalid YAML: {e.Message}", e);
        }

        var result = new List<SsaValue>(nodes.Count);
        foreach (var node in nodes)
        {
            result.Add(YamlValueConverter.ToValue(node, options.Dialect));
        }

        return result;
    }

    public static SsaValue? Parse(string yaml, YamlReaderOptions? options = null)
    {
        var docs = ParseDocuments(yaml, options);
        return docs.Count switch
        {
            0 => null,
            1 => docs[0],
            _ => throw new SsaFormatException($"expected one YAML document, found {docs.Count}"),
        };
    }

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
        // Each level indents by two, so the indentation is the depth.
        if (!StackGuard.CanRecurse(indent / 2))
        {
            throw new SsaFormatException($"value nested deeper than {StackGuard.MaxNesting}");
        }

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
        return ScalarResolver.IsNonStringInYaml11(s);
    }

    private static string Quote(string s) => GoJsonString.Quote(s);

    [GeneratedRegex(@"^[A-Za-z0-9_./][A-Za-z0-9_./:\- ]*(?<! )$", RegexOptions.CultureInvariant)]
    private static partial Regex SafePlain();
}
