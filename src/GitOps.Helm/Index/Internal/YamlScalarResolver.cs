using System.Globalization;
using GitOps.GoFormat.Internal;
using GitOps.Yaml.Internal;

namespace GitOps.Helm.Index.Internal;

/// <summary>
/// Helm reads YAML with sigs.k8s.io/yaml (go-yaml v2, YAML 1.1). The resolution itself is Core's one YAML 1.1
/// resolver; this maps its answer onto the index tokens' types and texts: timestamps stay strings (as go-yaml
/// hands them to an untyped value), floats carry their shortest round-trip text, NaN and infinities Go's names.
/// </summary>
internal static class YamlScalarResolver
{
    public static (ScalarType Type, string Text) Resolve(string value)
    {
        var r = ScalarResolver.ResolveV2(value);
        return r.Type switch
        {
            ResolvedType.Null => (ScalarType.Null, string.Empty),
            ResolvedType.Bool => (ScalarType.Bool, r.Text),
            ResolvedType.Int => (ScalarType.Int, r.Text),
            ResolvedType.Float => (ScalarType.Float, FloatText(r.Float)),
            _ => (ScalarType.String, value),
        };
    }

    /// <summary>A <c>!!binary</c> scalar as go-yaml v2 hands it to an untyped value: its decoded bytes as a string.</summary>
    public static string DecodeBinary(string text)
    {
        try
        {
            return ScalarResolver.ResolveKubernetes(new GitOps.Yaml.YamlScalar(text, "!!binary")).Text;
        }
        catch (GitOps.Yaml.YamlException ex)
        {
            throw new HelmIndexException(HelmIndexErrorKind.Invalid, ex.Message, ex);
        }
    }

    private static string FloatText(double f) =>
        double.IsNaN(f) || double.IsInfinity(f) ? GoFloat.Format(f, 'g') : f.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Go's number formatting where Helm's YAML-to-JSON step depends on it, over Core's one float formatter.</summary>
internal static class GoNumbers
{
    /// <summary>The string a YAML float becomes where Go expects a string: strconv.FormatFloat(f, 'g', -1, 32).</summary>
    public static string FloatTextToGoString(string text) => text switch
    {
        "NaN" or "+Inf" or "-Inf" => text,
        _ => GoFloat.Format(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), 'g', bitSize: 32),
    };
}
