using System.Globalization;
using GitOps.GoFormat.Internal;
using GitOps.Internal;

namespace GitOps.Yaml.Internal;

/// <summary>
/// Turns a document into what kustomize prints for it: kustomize decodes each object with yaml.v3,
/// marshals it to JSON and converts that JSON to YAML with yaml.v2. So scalars take the type yaml.v3
/// gives them, numbers are re-spelled as Go prints them, keys are sorted and comments, tags and
/// styles are gone.
/// </summary>
internal static class KubernetesValueConverter
{
    public static OutNode Convert(YamlNode node, int depth = 0)
    {
        if (!StackGuard.CanRecurse(depth))
        {
            throw new YamlException("document nested too deep to write");
        }

        switch (node)
        {
            case YamlMapping m:
            {
                var entries = new List<KeyValuePair<string, YamlNode>>(m.Count);
                foreach (var (k, v) in m)
                {
                    if (ScalarResolver.IsNonStringKeyV3(k))
                    {
                        throw new YamlException("json: unsupported type: map[interface {}]interface {}");
                    }

                    entries.Add(new(k.Value, v));
                }

                entries.Sort((a, b) => GoKeyOrder.Instance.Compare(a.Key, b.Key));
                var list = new List<KeyValuePair<OutNode, OutNode>>(entries.Count);
                foreach (var (k, v) in entries)
                {
                    list.Add(new(StringScalar(k), Convert(v, depth + 1)));
                }

                return new OutMapping(list);
            }

            case YamlSequence s:
            {
                var items = new List<OutNode>(s.Count);
                foreach (var item in s)
                {
                    items.Add(Convert(item, depth + 1));
                }

                return new OutSequence(items);
            }

            default:
                return ConvertScalar((YamlScalar)node);
        }
    }

    private static OutScalar ConvertScalar(YamlScalar scalar)
    {
        var r = ScalarResolver.ResolveV3(scalar);
        switch (r.Type)
        {
            case ResolvedType.Null:
                return new OutScalar("null", OutStyle.Plain);
            case ResolvedType.Bool:
            case ResolvedType.Int:
                return new OutScalar(r.Text, OutStyle.Plain);
            case ResolvedType.Float:
                return new OutScalar(FloatText(r.Float), OutStyle.Plain);
            default:
                return StringScalar(r.Text);
        }
    }

    /// <summary>A float after the JSON round trip: Go's JSON spelling, read back by yaml.v2, printed by yaml.v2.</summary>
    private static string FloatText(double f)
    {
        if (double.IsNaN(f) || double.IsInfinity(f))
        {
            throw new YamlException("json: unsupported value: " + GoFloat.Format(f, 'g'));
        }

        var json = GoFloat.FormatJson(f);
        var back = ScalarResolver.ResolveV2(json);
        return back.Type == ResolvedType.Int
            ? back.Text
            : GoFloat.Format(double.Parse(json, NumberStyles.Float, CultureInfo.InvariantCulture), 'g');
    }

    /// <summary>
    /// kustomize's JSON-to-YAML step reads the JSON with yaml.v2, whose reader rejects raw C1 control
    /// characters and U+FFFE/U+FFFF (JSON escapes only those below U+0020).
    /// </summary>
    private static void CheckReadableByYamlV2(string s)
    {
        foreach (var c in s)
        {
            if ((c >= '\u007F' && c <= '\u009F' && c != '\u0085') || c == '\uFFFE' || c == '\uFFFF')
            {
                throw new YamlException("yaml: control characters are not allowed");
            }
        }
    }

    /// <summary>How yaml.v2 asks for a string to be written.</summary>
    public static OutScalar StringScalar(string s)
    {
        CheckReadableByYamlV2(s);
        if (s.Contains('\n', StringComparison.Ordinal))
        {
            return new OutScalar(s, OutStyle.Literal);
        }

        return new OutScalar(s, ScalarResolver.IsNonStringInYaml11(s) ? OutStyle.Double : OutStyle.Plain);
    }
}
