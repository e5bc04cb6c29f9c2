using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Helm.Index.Internal;

namespace GitOps.Helm.Values;

/// <summary>
/// Chart values with Helm's rules: values files read as Helm reads them (YAML 1.1 scalars, numbers kept
/// exact), user files merged in order (<see cref="Merge"/>: maps merge deeply, lists and scalars replace),
/// and the result laid over the chart's defaults (<see cref="Coalesce"/>: a null deletes the default).
/// Values are JSON nodes, as Helm's values are JSON-compatible maps.
/// </summary>
public static class HelmValues
{
    /// <summary>The longest values document read, in characters. 5 MiB, the per-file limit inside a chart.</summary>
    public const int MaxValuesLength = 5 * 1024 * 1024;

    /// <summary>Reads a values file; an empty file gives an empty map.</summary>
    /// <exception cref="HelmValuesException">Not YAML, not a map at the top, or too large.</exception>
    public static JsonObject Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (yaml.Length > MaxValuesLength)
        {
            throw new HelmValuesException($"values document is larger than {MaxValuesLength} characters");
        }

        YamlTree? tree;
        try
        {
            tree = YamlTree.Parse(yaml);
        }
        catch (GitOps.Helm.Index.HelmIndexException ex)
        {
            throw new HelmValuesException("error converting YAML to JSON: " + ex.Message, ex);
        }

        if (tree is null)
        {
            return [];
        }

        if (tree.Kind != TokenKind.MappingStart)
        {
            throw new HelmValuesException("error unmarshaling JSON: values must be a map at the top level");
        }

        return (JsonObject)ToNode(tree)!;
    }

    /// <summary>
    /// Merges user values files in order, later ones winning (Helm's <c>-f a.yaml -f b.yaml</c>): where both
    /// sides hold a map they merge key by key; anything else (lists, scalars, null) replaces.
    /// </summary>
    public static JsonObject Merge(params IEnumerable<JsonObject> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var result = new JsonObject();
        foreach (var layer in layers)
        {
            result = MergeMaps(result, layer);
        }

        return result;
    }

    /// <summary>
    /// Lays <paramref name="userValues"/> over the chart's <paramref name="chartDefaults"/> as Helm does when
    /// it renders: maps merge deeply, the user's lists and scalars win, a user null removes the default key,
    /// and a user value never gives way to a default of another shape.
    /// </summary>
    public static JsonObject Coalesce(JsonObject chartDefaults, JsonObject userValues)
    {
        ArgumentNullException.ThrowIfNull(chartDefaults);
        ArgumentNullException.ThrowIfNull(userValues);
        var result = (JsonObject)userValues.DeepClone();
        foreach (var (key, defaultValue) in chartDefaults)
        {
            if (!result.TryGetPropertyValue(key, out var user))
            {
                result[key] = defaultValue?.DeepClone();
            }
            else if (user is null)
            {
                result.Remove(key);
            }
            else if (user is JsonObject userTable && defaultValue is JsonObject defaultTable)
            {
                CoalesceTables(userTable, (JsonObject)defaultTable.DeepClone());
            }
        }

        return result;
    }

    private static void CoalesceTables(JsonObject dst, JsonObject src)
    {
        var srcNonNull = src.Where(p => p.Value is not null).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in dst.ToList())
        {
            if (value is null)
            {
                src[key] = null;
            }
        }

        foreach (var (key, value) in src.ToList())
        {
            var present = dst.TryGetPropertyValue(key, out var dv);
            if (present && dv is null && srcNonNull.Contains(key))
            {
                dst.Remove(key);
            }
            else if (!present)
            {
                dst[key] = value?.DeepClone();
            }
            else if (value is JsonObject srcTable && dv is JsonObject dstTable)
            {
                CoalesceTables(dstTable, srcTable);
            }
        }
    }

    private static JsonObject MergeMaps(JsonObject a, JsonObject b)
    {
        var result = (JsonObject)a.DeepClone();
        foreach (var (key, value) in b)
        {
            if (value is JsonObject bTable && result.TryGetPropertyValue(key, out var existing) && existing is JsonObject aTable)
            {
                result[key] = MergeMaps(aTable, bTable);
                continue;
            }

            result[key] = value?.DeepClone();
        }

        return result;
    }

    private static JsonNode? ToNode(YamlTree tree)
    {
        switch (tree.Kind)
        {
            case TokenKind.MappingStart:
                var obj = new JsonObject();
                foreach (var (key, value) in tree.Pairs)
                {
                    obj[key] = ToNode(value);
                }

                return obj;
            case TokenKind.SequenceStart:
                var array = new JsonArray();
                foreach (var item in tree.Items)
                {
                    array.Add(ToNode(item));
                }

                return array;
            default:
                return tree.Type switch
                {
                    ScalarType.Null => null,
                    ScalarType.Bool => JsonValue.Create(tree.Text == "true"),
                    ScalarType.Int => long.TryParse(tree.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                        ? JsonValue.Create(l)
                        : JsonValue.Create(ulong.Parse(tree.Text, CultureInfo.InvariantCulture)),
                    ScalarType.Float => double.TryParse(tree.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                        ? JsonValue.Create(d)
                        : throw new HelmValuesException($"json: unsupported value: {tree.Text}"),
                    _ => JsonValue.Create(tree.Text),
                };
        }
    }
}

/// <summary>A values file could not be read.</summary>
public sealed class HelmValuesException : GitOpsException
{
    /// <summary>Creates the exception with no message.</summary>
    public HelmValuesException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HelmValuesException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public HelmValuesException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
