using System.Globalization;
using System.Text;
using GitOps.GoFormat.Internal;
using GitOps.Yaml;
using GitOps.Yaml.Internal;

namespace GitOps.Kustomize.Internal;

/// <summary>Go's encoding/json output for the values kustomize hashes: sorted keys, HTML-safe escapes.</summary>
internal static class GoJson
{
    public static void WriteString(StringBuilder sb, string s) => GoJsonString.Write(sb, s);

    /// <summary>A YAML node as JSON after a round trip through Go's interface{} (numbers become float64).</summary>
    public static void WriteNode(StringBuilder sb, YamlNode node)
    {
        switch (node)
        {
            case YamlMapping m:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in m.OrderBy(e => e.Key.Value, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    WriteString(sb, k.Value);
                    sb.Append(':');
                    WriteNode(sb, v);
                }

                sb.Append('}');
                break;
            case YamlSequence s:
                sb.Append('[');
                for (var i = 0; i < s.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    WriteNode(sb, s[i]);
                }

                sb.Append(']');
                break;
            case YamlScalar sc:
                var r = ScalarResolver.ResolveV3(sc);
                switch (r.Type)
                {
                    case ResolvedType.Null: sb.Append("null"); break;
                    case ResolvedType.Bool: sb.Append(r.Text); break;
                    case ResolvedType.Int: sb.Append(GoFloat.FormatJson(double.Parse(r.Text, CultureInfo.InvariantCulture))); break;
                    case ResolvedType.Float: sb.Append(GoFloat.FormatJson(r.Float)); break;
                    default: WriteString(sb, r.Text); break;
                }

                break;
        }
    }
}
