using System.Text;
using GitOps.GoFormat.Internal;

namespace GitOps.Notifications.Internal;

/// <summary>The pieces of Go's <c>encoding/json</c> output the notification payloads need, over Core's one Go string escaper.</summary>
internal static class GoJson
{
    public static void WriteString(StringBuilder sb, string value) => GoJsonString.Write(sb, value);

    /// <summary>A <c>map[string]string</c>: keys in Go's order (bytewise UTF-8, which ordinal UTF-16 matches outside surrogates).</summary>
    public static void WriteStringMap(StringBuilder sb, IReadOnlyDictionary<string, string> map)
    {
        sb.Append('{');
        var first = true;
        foreach (var (k, v) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            WriteString(sb, k);
            sb.Append(':');
            WriteString(sb, v);
        }

        sb.Append('}');
    }

    /// <summary>A JSON array of two-string objects, <c>[{"KEYNAME":k,"VALUENAME":v…},…]</c>, with <paramref name="extra"/> written inside each object after the value.</summary>
    public static void WritePairs(StringBuilder sb, IEnumerable<KeyValuePair<string, string>> pairs, string keyName, string valueName, string extra = "")
    {
        sb.Append('[');
        var first = true;
        foreach (var (k, v) in pairs)
        {
            sb.Append(first ? "{\"" : ",{\"").Append(keyName).Append("\":");
            first = false;
            WriteString(sb, k);
            sb.Append(",\"").Append(valueName).Append("\":");
            WriteString(sb, v);
            sb.Append(extra).Append('}');
        }

        sb.Append(']');
    }
}
