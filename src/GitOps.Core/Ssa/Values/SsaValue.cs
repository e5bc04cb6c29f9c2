using System.Globalization;
using GitOps.Ssa.Values.Internal;
using GitOps.Yaml;

namespace GitOps.Ssa.Values;

/// <summary>
/// An immutable JSON-like value (map with insertion order, list, string, int64, double, bool, null), the
/// object model structured merge works on. Numbers compare by value across integer and float, as in
/// structured-merge-diff.
/// </summary>
public sealed class SsaValue
{
    private static readonly SsaValue[] EmptyItems = [];

    private readonly long _integer;
    private readonly double _float;
    private readonly string? _string;
    private readonly SsaValue[]? _items;
    private readonly SsaMap? _map;

    private SsaValue(SsaValueKind kind, long integer = 0, double number = 0, string? text = null, SsaValue[]? items = null, SsaMap? map = null)
    {
        Kind = kind;
        _integer = integer;
        _float = number;
        _string = text;
        _items = items;
        _map = map;
    }

    /// <summary>The explicit <c>null</c> value.</summary>
    public static SsaValue Null { get; } = new(SsaValueKind.Null);

    /// <summary>The value <c>true</c>.</summary>
    public static SsaValue True { get; } = new(SsaValueKind.Boolean, integer: 1);

    /// <summary>The value <c>false</c>.</summary>
    public static SsaValue False { get; } = new(SsaValueKind.Boolean, integer: 0);

    /// <summary>An empty map.</summary>
    public static SsaValue EmptyMap { get; } = new(SsaValueKind.Map, map: SsaMap.Empty);

    /// <summary>An empty list.</summary>
    public static SsaValue EmptyList { get; } = new(SsaValueKind.List, items: EmptyItems);

    /// <summary>The kind of this value.</summary>
    public SsaValueKind Kind { get; }

    /// <summary>Whether this is the explicit <c>null</c>.</summary>
    public bool IsNull => Kind == SsaValueKind.Null;

    /// <summary>Whether this is a map.</summary>
    public bool IsMap => Kind == SsaValueKind.Map;

    /// <summary>Whether this is a list.</summary>
    public bool IsList => Kind == SsaValueKind.List;

    /// <summary>Whether this is a string, number or boolean.</summary>
    public bool IsScalar => Kind is SsaValueKind.Boolean or SsaValueKind.Integer or SsaValueKind.Float or SsaValueKind.String;

    /// <summary>The boolean; throws when this is not a boolean.</summary>
    public bool AsBoolean => Kind == SsaValueKind.Boolean ? _integer != 0 : throw WrongKind(SsaValueKind.Boolean);

    /// <summary>The integer; throws when this is not an integer.</summary>
    public long AsInteger => Kind == SsaValueKind.Integer ? _integer : throw WrongKind(SsaValueKind.Integer);

    /// <summary>The number as a double (integers are converted); throws when this is not a number.</summary>
    public double AsDouble => Kind switch
    {
        SsaValueKind.Float => _float,
        SsaValueKind.Integer => _integer,
        _ => throw WrongKind(SsaValueKind.Float),
    };

    /// <summary>The string; throws when this is not a string.</summary>
    public string AsString => _string ?? throw WrongKind(SsaValueKind.String);

    /// <summary>The list items; throws when this is not a list.</summary>
    public IReadOnlyList<SsaValue> AsList => _items ?? throw WrongKind(SsaValueKind.List);

    /// <summary>The map; throws when this is not a map.</summary>
    public SsaMap AsMap => _map ?? throw WrongKind(SsaValueKind.Map);

    internal SsaValue[] Items => _items!;

    /// <summary>Creates a string value.</summary>
    /// <param name="value">The string.</param>
    /// <returns>The value.</returns>
    public static SsaValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(SsaValueKind.String, text: value);
    }

    /// <summary>Creates an integer value.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The value.</returns>
    public static SsaValue FromInt64(long value) => new(SsaValueKind.Integer, integer: value);

    /// <summary>Creates a floating point value.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The value.</returns>
    public static SsaValue FromDouble(double value) => new(SsaValueKind.Float, number: value);

    /// <summary>Creates a boolean value.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns>The value.</returns>
    public static SsaValue FromBoolean(bool value) => value ? True : False;

    /// <summary>Creates a list value.</summary>
    /// <param name="items">The items, in order.</param>
    /// <returns>The value.</returns>
    public static SsaValue FromList(IEnumerable<SsaValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var array = items.ToArray();
        return array.Length == 0 ? EmptyList : new(SsaValueKind.List, items: array);
    }

    /// <summary>Creates a map value; a repeated key keeps its first position and its last value.</summary>
    /// <param name="entries">The entries, in order.</param>
    /// <returns>The value.</returns>
    public static SsaValue FromMap(IEnumerable<KeyValuePair<string, SsaValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return FromMap(SsaMap.Create(entries));
    }

    /// <summary>Wraps a map.</summary>
    /// <param name="map">The map.</param>
    /// <returns>The value.</returns>
    public static SsaValue FromMap(SsaMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new(SsaValueKind.Map, map: map);
    }

    internal static SsaValue FromOwnedArray(SsaValue[] items) => items.Length == 0 ? EmptyList : new(SsaValueKind.List, items: items);

    internal static SsaValue FromOwnedEntries(List<KeyValuePair<string, SsaValue>> entries) =>
        entries.Count == 0 ? EmptyMap : new(SsaValueKind.Map, map: new SsaMap(entries));

    /// <summary>Parses JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The value.</returns>
    public static SsaValue ParseJson(string json) => SsaJson.Parse(json);

    /// <summary>Parses one YAML document (plain scalars resolve like sigs.k8s.io/yaml); an empty document gives null.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <returns>The value, or null for an empty document.</returns>
    public static SsaValue? ParseYaml(string yaml) => SsaYaml.Parse(yaml);

    /// <summary>Parses a YAML stream of one or more documents.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <returns>The documents, in order.</returns>
    public static IReadOnlyList<SsaValue> ParseYamlDocuments(string yaml) => SsaYaml.ParseDocuments(yaml);

    /// <summary>Parses one YAML document with the given rules and limits; an empty document gives null.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="options">The dialect and limits (kubectl's rules are <see cref="YamlReaderOptions.Kubernetes"/>).</param>
    /// <returns>The value, or null for an empty document.</returns>
    /// <exception cref="SsaFormatException">The text is not valid YAML, breaks a limit or holds a value JSON cannot carry.</exception>
    public static SsaValue? ParseYaml(string yaml, YamlReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SsaYaml.Parse(yaml, options);
    }

    /// <summary>Parses a YAML stream with the given rules and limits.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="options">The dialect and limits (kubectl's rules are <see cref="YamlReaderOptions.Kubernetes"/>).</param>
    /// <returns>The documents, in order.</returns>
    /// <exception cref="SsaFormatException">The text is not valid YAML, breaks a limit or holds a value JSON cannot carry.</exception>
    public static IReadOnlyList<SsaValue> ParseYamlDocuments(string yaml, YamlReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SsaYaml.ParseDocuments(yaml, options);
    }

    /// <summary>
    /// The value of a YAML tree, without writing or parsing text: scalars resolve with <paramref name="dialect"/>'s
    /// rules, then take the shape they have after Go's encoding/json and Kubernetes' JSON decoding (as an object
    /// sent to the API server). Use <see cref="YamlDialect.KYaml"/> for kustomize build results.
    /// </summary>
    /// <param name="node">The tree; it is only read.</param>
    /// <param name="dialect">Which Go YAML library's rules the tree's scalars follow.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SsaFormatException">A scalar JSON cannot carry (NaN, infinity), a null key, or nesting too deep.</exception>
    public static SsaValue FromYaml(YamlNode node, YamlDialect dialect = YamlDialect.Kubernetes)
    {
        ArgumentNullException.ThrowIfNull(node);
        return YamlValueConverter.ToValue(node, dialect);
    }

    /// <summary>
    /// This value as a new editable YAML tree (for <see cref="YamlWriter"/> or kustomize): scalars are tagged so
    /// that they read back as the same value in every dialect.
    /// </summary>
    /// <returns>A new tree that shares nothing with other trees.</returns>
    public YamlNode ToYamlNode() => YamlValueConverter.ToNode(this);

    /// <summary>
    /// Writes this value as <c>kubectl -o yaml</c> prints it (sigs.k8s.io/yaml over Go's yaml.v2): keys
    /// sorted, strings quoted where they would read back as another type, long lines folded at column 80.
    /// </summary>
    /// <returns>The YAML text.</returns>
    public string ToYaml() => SsaYaml.Write(this);

    /// <summary>Writes this value as compact JSON with sorted map keys, escaped the way Go's encoding/json does.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => SsaJson.Write(this, sortKeys: true);

    /// <summary>Whether two values are equal with structured-merge-diff semantics (1 equals 1.0; map order ignored).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>True when equal.</returns>
    public static bool DeepEquals(SsaValue left, SsaValue right) => SsaValueComparer.ValueEquals(left, right);

    /// <summary>Orders two values the way structured-merge-diff does (numbers, strings, booleans, lists, maps, null).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Negative, zero or positive.</returns>
    public static int CompareValues(SsaValue left, SsaValue right) => SsaValueComparer.Compare(left, right);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        SsaValueKind.String => _string!,
        SsaValueKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        _ => SsaJson.Write(this, sortKeys: false),
    };

    internal double RawFloat => _float;

    internal long RawInteger => _integer;

    private InvalidOperationException WrongKind(SsaValueKind wanted) =>
        new($"The value is a {Kind}, not a {wanted}.");
}
