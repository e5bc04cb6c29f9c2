using System.Globalization;
using GitOps.GoFormat.Internal;
using GitOps.Internal;
using GitOps.Yaml;
using GitOps.Yaml.Internal;

namespace GitOps.Ssa.Values.Internal;

/// <summary>
/// The one conversion between the editable YAML tree and the immutable <see cref="SsaValue"/>. YAML to value
/// follows the road a manifest takes to the API server: Go's YAML library into interface{}, encoding/json,
/// then Kubernetes' JSON decoding (a float that JSON spells as an integer, such as <c>1.0</c>, becomes an
/// integer; an integer beyond int64 becomes a float; NaN and infinities are refused).
/// </summary>
internal static class YamlValueConverter
{
    public static SsaValue ToValue(YamlNode node, YamlDialect dialect) => ToValue(node, dialect, 0);

    private static SsaValue ToValue(YamlNode node, YamlDialect dialect, int depth)
    {
        if (!StackGuard.CanRecurse(depth))
        {
            throw new SsaFormatException($"YAML nesting deeper than {StackGuard.MaxNesting}");
        }

        switch (node)
        {
            case YamlMapping map:
            {
                var entries = new List<KeyValuePair<string, SsaValue>>(map.Count);
                Dictionary<string, int>? seen = map.Count > 8 ? new(map.Count, StringComparer.Ordinal) : null;
                foreach (var (k, v) in map)
                {
                    var key = KeyText(k, dialect, v);
                    var value = ToValue(v, dialect, depth + 1);
                    var at = seen is not null
                        ? (seen.TryGetValue(key, out var i) ? i : -1)
                        : entries.FindIndex(e => string.Equals(e.Key, key, StringComparison.Ordinal));
                    if (at >= 0)
                    {
                        // Two keys that spell the same Go value (y and true): the later wins, as in a Go map.
                        entries[at] = new(key, value);
                        continue;
                    }

                    seen?.Add(key, entries.Count);
                    entries.Add(new(key, value));
                }

                return SsaValue.FromOwnedEntries(entries);
            }

            case YamlSequence seq:
            {
                var items = new SsaValue[seq.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = ToValue(seq[i], dialect, depth + 1);
                }

                return SsaValue.FromOwnedArray(items);
            }

            default:
                return ScalarValue((YamlScalar)node, dialect);
        }
    }

    private static SsaValue ScalarValue(YamlScalar scalar, YamlDialect dialect)
    {
        var r = Resolve(scalar, dialect);
        switch (r.Type)
        {
            case ResolvedType.Null:
                return SsaValue.Null;
            case ResolvedType.Bool:
                return SsaValue.FromBoolean(r.Text == "true");
            case ResolvedType.Int:
                return long.TryParse(r.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                    ? SsaValue.FromInt64(l)
                    : SsaValue.FromDouble(double.Parse(r.Text, CultureInfo.InvariantCulture));
            case ResolvedType.Float:
                return FloatValue(r.Float);
            default:
                return SsaValue.FromString(r.Text);
        }
    }

    private static ResolvedScalar Resolve(YamlScalar scalar, YamlDialect dialect)
    {
        try
        {
            return ScalarResolver.Resolve(scalar, dialect);
        }
        catch (YamlException ex)
        {
            throw new SsaFormatException(ex.Message, ex);
        }
    }

    /// <summary>A float after encoding/json and Kubernetes' JSON decoding.</summary>
    private static SsaValue FloatValue(double f)
    {
        if (double.IsNaN(f) || double.IsInfinity(f))
        {
            throw new SsaFormatException("json: unsupported value: " + GoFloat.Format(f, 'g'));
        }

        var json = GoFloat.FormatJson(f);
        return json.AsSpan().IndexOfAny('.', 'e') < 0 && long.TryParse(json, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? SsaValue.FromInt64(l)
            : SsaValue.FromDouble(f);
    }

    /// <summary>The JSON key of a mapping key, as sigs.k8s.io/yaml spells keys that Go read as other types.</summary>
    public static string KeyText(YamlScalar key, YamlDialect dialect, YamlNode value)
    {
        if (dialect != YamlDialect.Kubernetes && ScalarResolver.IsNonStringKeyV3(key))
        {
            throw new SsaFormatException("json: unsupported type: map[interface {}]interface {}");
        }

        if (key.Style != YamlScalarStyle.Plain || key.Tag is not null)
        {
            return Resolve(key, dialect).Type == ResolvedType.Null ? NullKey(value) : key.Value;
        }

        var r = Resolve(key, dialect);
        return r.Type switch
        {
            ResolvedType.Null => NullKey(value),
            ResolvedType.Bool or ResolvedType.Int => r.Text,
            ResolvedType.Float => GoFloat.Format(r.Float, 'g', bitSize: 32),
            _ => r.Text,
        };
    }

    private static string NullKey(YamlNode value) =>
        throw new SsaFormatException($"error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: {(value is YamlScalar s ? GoQuote.Quote(s.Value) : "...")}");

    /// <summary>An SSA value as a YAML tree whose scalars resolve back to the same value in every dialect.</summary>
    public static YamlNode ToNode(SsaValue value) => ToNode(value, 0);

    private static YamlNode ToNode(SsaValue value, int depth)
    {
        if (!StackGuard.CanRecurse(depth))
        {
            throw new SsaFormatException($"value nested deeper than {StackGuard.MaxNesting}");
        }

        switch (value.Kind)
        {
            case SsaValueKind.Map:
                var map = new YamlMapping();
                foreach (var (k, v) in value.AsMap.RawSpan)
                {
                    map.Add(YamlScalar.FromString(k), ToNode(v, depth + 1));
                }

                return map;
            case SsaValueKind.List:
                var seq = new YamlSequence();
                foreach (var item in value.Items)
                {
                    seq.Add(ToNode(item, depth + 1));
                }

                return seq;
            case SsaValueKind.Null:
                return YamlScalar.Null();
            case SsaValueKind.Boolean:
                return new YamlScalar(value.AsBoolean ? "true" : "false", "!!bool");
            case SsaValueKind.Integer:
                return new YamlScalar(value.AsInteger.ToString(CultureInfo.InvariantCulture), YamlScalar.IntTag);
            case SsaValueKind.Float:
                return new YamlScalar(GoFloat.FormatJson(value.AsDouble), "!!float");
            default:
                return YamlScalar.FromString(value.AsString);
        }
    }
}
