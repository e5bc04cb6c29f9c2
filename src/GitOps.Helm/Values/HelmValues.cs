using GitOps.Helm.Values.Internal;
using GitOps.Yaml;

namespace GitOps.Helm.Values;

/// <summary>
/// Chart values with Helm's rules, on the SDK's one object model (<see cref="YamlMapping"/>): values files read as
/// Helm reads them (<see cref="Parse"/>: sigs.k8s.io/yaml, YAML 1.1 scalars), user files merged in order
/// (<see cref="Merge"/>: maps merge deeply, lists and scalars replace), the result laid over the chart's defaults
/// (<see cref="Coalesce"/>: a null deletes the default), and written as Go's encoding/json writes them
/// (<see cref="ToJson"/>, what Helm's <c>toJson</c> prints).
/// </summary>
/// <remarks>
/// Helm decodes values into JSON-compatible Go maps, so the trees these methods return hold only what JSON
/// carries, spelled so that they read as the same value in every <see cref="YamlDialect"/>: keys are strings
/// (a YAML 1.1 key <c>y</c> is the key <c>"true"</c>, as in Helm), scalars are tagged (<c>!!str</c>,
/// <c>!!int</c>, <c>!!float</c>, <c>!!bool</c>, <c>!!null</c>), <c>0777</c> is <c>511</c>, and numbers have a
/// float64's precision, as Helm's values do (<c>9007199254740993</c> reads as <c>9007199254740992</c>). Trees
/// passed in are only read; those returned are new and belong to the caller.
/// </remarks>
public static class HelmValues
{
    /// <summary>The longest values document read, in characters. 5 MiB, the per-file limit inside a chart.</summary>
    public const int MaxValuesLength = 5 * 1024 * 1024;

    /// <summary>Reads a values file as Helm does (the first document; an empty file gives an empty map).</summary>
    /// <param name="yaml">The values file's text.</param>
    /// <returns>The values.</returns>
    /// <exception cref="HelmValuesException">Not YAML, not a map at the top, a value JSON cannot carry, or too large.</exception>
    public static YamlMapping Parse(string yaml) => ValuesTree.Parse(yaml);

    /// <summary>
    /// Merges user values files in order, later ones winning (Helm's <c>-f a.yaml -f b.yaml</c>): where both
    /// sides hold a map they merge key by key; anything else (lists, scalars, null) replaces.
    /// </summary>
    /// <param name="layers">The values, first to last.</param>
    /// <returns>The merged values.</returns>
    /// <exception cref="HelmValuesException">A layer holds a value JSON cannot carry (a null key, NaN).</exception>
    public static YamlMapping Merge(params IEnumerable<YamlMapping> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var result = new YamlMapping();
        foreach (var layer in layers)
        {
            ArgumentNullException.ThrowIfNull(layer, nameof(layers));
            ValuesMerge.MergeInto(result, ValuesTree.Canonical(layer));
        }

        return result;
    }

    /// <summary>
    /// Lays <paramref name="userValues"/> over the chart's <paramref name="chartDefaults"/> as Helm v4 does when it
    /// renders: maps merge deeply, the user's lists and scalars win, a user null removes the default key, and a
    /// user value never gives way to a default of another shape.
    /// </summary>
    /// <param name="chartDefaults">The chart's values.yaml.</param>
    /// <param name="userValues">The user's merged values.</param>
    /// <returns>The values a chart renders with.</returns>
    /// <exception cref="HelmValuesException">A tree holds a value JSON cannot carry (a null key, NaN).</exception>
    public static YamlMapping Coalesce(YamlMapping chartDefaults, YamlMapping userValues)
    {
        ArgumentNullException.ThrowIfNull(chartDefaults);
        ArgumentNullException.ThrowIfNull(userValues);
        var result = ValuesTree.Canonical(userValues);
        ValuesMerge.CoalesceInto(result, ValuesTree.Canonical(chartDefaults));
        return result;
    }

    /// <summary>
    /// The values as compact JSON, as Go's encoding/json writes a Helm values map (Helm's <c>toJson</c>): keys
    /// sorted, strings escaped as Go escapes them, numbers as float64s print.
    /// </summary>
    /// <param name="values">The values.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="HelmValuesException">The tree holds a value JSON cannot carry (a null key, NaN).</exception>
    public static string ToJson(YamlMapping values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return ValuesTree.ToJson(values);
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
    /// <param name="message">The message.</param>
    public HelmValuesException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public HelmValuesException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
