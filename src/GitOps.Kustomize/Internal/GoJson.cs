using System.Globalization;
using System.Text;
using GitOps.Yaml;

namespace GitOps.Kustomize.Internal;

/// <summary>Go's encoding/json output for the values kustomize hashes: sorted keys, HTML-safe escapes.</summary>
internal static class GoJson
{
    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '<': sb.Append("\\u003c"); break;
                case '>': sb.Append("\\u003e"); break;
                case '&': sb.Append("\\u0026"); break;
                case '\u2028': sb.Append("\\u2028"); break;
                case '\u2029': sb.Append("\\u2029"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

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
                switch (sc.ResolvedType)
                {
                    case YamlValueType.Null: sb.Append("null"); break;
                    case YamlValueType.Bool: sb.Append(sc.Value is "true" or "True" or "TRUE" ? "true" : "false"); break;
                    case YamlValueType.WholeNumber:
                    case YamlValueType.Real:
                        var d = ParseNumber(sc.Value);
                        sb.Append(FormatFloat(d));
                        break;
                    default: WriteString(sb, sc.Value); break;
                }

                break;
        }
    }

    private static double ParseNumber(string s)
    {
        var plain = s.Replace("_", string.Empty, StringComparison.Ordinal);
        if (double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        if (plain.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && long.TryParse(plain[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h))
        {
            return h;
        }

        return 0;
    }

    private static string FormatFloat(double f)
    {
        // Go's encoding/json: 'f' format unless tiny or huge; shortest round-trip digits.
        var abs = Math.Abs(f);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            var e = f.ToString("E16", CultureInfo.InvariantCulture);
            _ = e;
            var r = f.ToString("R", CultureInfo.InvariantCulture).Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
            return r;
        }

        return f.ToString("0.#################", CultureInfo.InvariantCulture) is var fixedText && double.Parse(fixedText, CultureInfo.InvariantCulture) == f
            ? fixedText
            : f.ToString("R", CultureInfo.InvariantCulture);
    }
}
