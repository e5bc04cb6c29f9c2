using System.Globalization;
using System.Text;
using GitOps.Yaml;
using YamlDotNet.Core;

namespace GitOps.ImageAutomation.Setters.Internal;

/// <summary>
/// The text that replaces a marked scalar, as kyaml would print the node after the setter changed its value:
/// the original quoting kept; a plain scalar whose new value YAML would read as something other than a string
/// (YAML 1.1, which kyaml's <c>FormatNonStringStyle</c> checks, or yaml.v3) double-quoted; otherwise as the
/// kustomize-exact writer prints a string.
/// </summary>
internal static class ScalarText
{
    public static string Render(string value, ScalarStyle originalStyle)
    {
        switch (originalStyle)
        {
            case ScalarStyle.SingleQuoted when !value.Contains('\n', StringComparison.Ordinal):
                return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
            case ScalarStyle.SingleQuoted:
            case ScalarStyle.DoubleQuoted:
                return DoubleQuoted(value);
        }

        var plain = new YamlScalar(value);
        if (plain.GetValueType(YamlDialect.Kubernetes) != YamlValueType.Text || plain.GetValueType(YamlDialect.KYaml) != YamlValueType.Text)
        {
            return DoubleQuoted(value);
        }

        var mapping = new YamlMapping();
        mapping.Set("v", YamlScalar.FromString(value));
        var printed = YamlWriter.ToKubernetesYaml([mapping]);
        var text = printed["v: ".Length..].TrimEnd('\n');
        return text.Contains('\n', StringComparison.Ordinal) ? DoubleQuoted(value) : text;
    }

    private static string DoubleQuoted(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
