using System.Globalization;
using GitOps.Yaml;

namespace GitOps.Patching.Internal;

/// <summary>JSON views of YAML nodes: kinds named as Go's encoding/json names them, equality as JSON values.</summary>
internal static class JsonValues
{
    public static string JsonKind(YamlNode n) => n switch
    {
        YamlSequence => "array",
        YamlMapping => "object",
        YamlScalar s => s.ResolvedType switch
        {
            YamlValueType.Bool => "bool",
            YamlValueType.WholeNumber or YamlValueType.Real => "number",
            YamlValueType.Null => "null",
            _ => "string",
        },
        _ => "value",
    };

    /// <summary>
    /// What sigs.k8s.io/yaml's YAMLToJSON makes of a YAML document: YAML 1.1 booleans (<c>yes</c>, <c>on</c>...)
    /// become true and false; everything else keeps its type.
    /// </summary>
    public static YamlNode FromYaml11(YamlNode n)
    {
        switch (n)
        {
            case YamlMapping m:
                var entries = m.ToList();
                var copy = new YamlMapping();
                foreach (var (k, v) in entries)
                {
                    copy.Add(k, FromYaml11(v));
                }

                return copy;
            case YamlSequence s:
                return new YamlSequence(s.Select(FromYaml11));
            case YamlScalar s when s.Style == YamlScalarStyle.Plain && s.Tag is null && s.Yaml11Type == YamlValueType.Bool && s.ResolvedType != YamlValueType.Bool:
                return new YamlScalar(s.Value.ToUpperInvariant() is "Y" or "YES" or "ON" ? "true" : "false");
            default:
                return n;
        }
    }

    /// <summary>Whether two nodes are the same JSON value (maps compared without order).</summary>
    public static bool Equal(YamlNode a, YamlNode b)
    {
        switch (a)
        {
            case YamlMapping am:
                if (b is not YamlMapping bm || am.Count != bm.Count)
                {
                    return false;
                }

                foreach (var (k, v) in am)
                {
                    if (bm[k.Value] is not { } bv || !Equal(v, bv))
                    {
                        return false;
                    }
                }

                return true;
            case YamlSequence aseq:
                if (b is not YamlSequence bseq || aseq.Count != bseq.Count)
                {
                    return false;
                }

                for (var i = 0; i < aseq.Count; i++)
                {
                    if (!Equal(aseq[i], bseq[i]))
                    {
                        return false;
                    }
                }

                return true;
            case YamlScalar sa:
                return b is YamlScalar sb && ScalarEqual(sa, sb);
            default:
                return false;
        }
    }

    private static bool ScalarEqual(YamlScalar a, YamlScalar b)
    {
        var ta = a.ResolvedType;
        var tb = b.ResolvedType;
        var na = ta is YamlValueType.WholeNumber or YamlValueType.Real;
        var nb = tb is YamlValueType.WholeNumber or YamlValueType.Real;
        if (na && nb)
        {
            return double.TryParse(a.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var da)
                && double.TryParse(b.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var db)
                ? da.Equals(db)
                : a.Value == b.Value;
        }

        if (ta != tb)
        {
            return false;
        }

        return ta switch
        {
            YamlValueType.Null => true,
            YamlValueType.Bool => string.Equals(a.Value, b.Value, StringComparison.OrdinalIgnoreCase),
            _ => a.Value == b.Value,
        };
    }
}
