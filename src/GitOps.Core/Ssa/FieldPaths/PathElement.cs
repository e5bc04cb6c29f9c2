using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using GitOps.GoFormat.Internal;
using GitOps.Ssa.FieldPaths.Internal;
using GitOps.Ssa.Values;
using GitOps.Ssa.Values.Internal;

namespace GitOps.Ssa.FieldPaths;

/// <summary>The kinds of step a field path takes.</summary>
public enum PathElementKind
{
    /// <summary>A map field (<c>f:name</c>).</summary>
    Field,

    /// <summary>A map-list item by its key fields (<c>k:{...}</c>).</summary>
    Key,

    /// <summary>A set item by its value (<c>v:...</c>).</summary>
    Value,

    /// <summary>An atomic-list item by position (<c>i:3</c>).</summary>
    Index,
}

/// <summary>A key field of a map-list item: name and value.</summary>
/// <param name="Name">The key field name.</param>
/// <param name="Value">The key field value.</param>
public readonly record struct KeyField(string Name, SsaValue Value);

/// <summary>One step of a field path: a field name, a list-map key, a set value or a list index.</summary>
public readonly struct PathElement : IEquatable<PathElement>, IComparable<PathElement>
{
    // One reference for the payload of every kind keeps the struct at 16 bytes: sets hold many of them.
    private readonly object? _ref;
    private readonly int _index;

    private PathElement(PathElementKind kind, string? name, KeyField[]? keys, SsaValue? value, int index)
    {
        Kind = kind;
        _ref = kind switch
        {
            PathElementKind.Field => name,
            PathElementKind.Key => keys,
            PathElementKind.Value => value,
            _ => null,
        };
        _index = index;
    }

    private string? NameRaw => Kind == PathElementKind.Field ? Unsafe.As<string>(_ref) : null;

    private KeyField[]? KeysRaw => Kind == PathElementKind.Key ? Unsafe.As<KeyField[]>(_ref) : null;

    private SsaValue? ValueRaw => Kind == PathElementKind.Value ? Unsafe.As<SsaValue>(_ref) : null;

    /// <summary>The kind of step.</summary>
    public PathElementKind Kind { get; }

    /// <summary>The field name of a <see cref="PathElementKind.Field"/> step.</summary>
    public string FieldName => NameRaw ?? throw new InvalidOperationException("not a field element");

    /// <summary>The key fields, sorted by name, of a <see cref="PathElementKind.Key"/> step.</summary>
    public IReadOnlyList<KeyField> Keys => KeysRaw ?? throw new InvalidOperationException("not a key element");

    /// <summary>The value of a <see cref="PathElementKind.Value"/> step.</summary>
    public SsaValue Value => ValueRaw ?? throw new InvalidOperationException("not a value element");

    /// <summary>The position of an <see cref="PathElementKind.Index"/> step.</summary>
    public int Index => Kind == PathElementKind.Index ? _index : throw new InvalidOperationException("not an index element");

    internal KeyField[] RawKeys => KeysRaw!;

    /// <summary>A map field step.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The step.</returns>
    public static PathElement Field(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new(PathElementKind.Field, name, null, null, 0);
    }

    /// <summary>A map-list key step; the fields are sorted by name.</summary>
    /// <param name="fields">The key fields.</param>
    /// <returns>The step.</returns>
    public static PathElement Key(IEnumerable<KeyField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var array = fields.ToArray();
        Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new(PathElementKind.Key, null, array, null, 0);
    }

    internal static PathElement KeyFromSorted(KeyField[] sorted) => new(PathElementKind.Key, null, sorted, null, 0);

    /// <summary>A set value step.</summary>
    /// <param name="value">The item value.</param>
    /// <returns>The step.</returns>
    public static PathElement ValueOf(SsaValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(PathElementKind.Value, null, null, value, 0);
    }

    /// <summary>A list index step.</summary>
    /// <param name="index">The position.</param>
    /// <returns>The step.</returns>
    public static PathElement IndexAt(int index) => new(PathElementKind.Index, null, null, null, index);

    /// <summary>Orders steps: fields, then keys, then values, then indexes.</summary>
    /// <param name="other">The other step.</param>
    /// <returns>Negative, zero or positive.</returns>
    public int CompareTo(PathElement other)
    {
        if (Kind != other.Kind)
        {
            return Kind < other.Kind ? -1 : 1;
        }

        switch (Kind)
        {
            case PathElementKind.Field:
                return Math.Sign(string.CompareOrdinal(NameRaw, other.NameRaw));
            case PathElementKind.Key:
                var a = KeysRaw!;
                var b = other.KeysRaw!;
                for (var i = 0; ; i++)
                {
                    if (i >= a.Length && i >= b.Length)
                    {
                        return 0;
                    }

                    if (i >= a.Length)
                    {
                        return -1;
                    }

                    if (i >= b.Length)
                    {
                        return 1;
                    }

                    var c = Math.Sign(string.CompareOrdinal(a[i].Name, b[i].Name));
                    if (c != 0)
                    {
                        return c;
                    }

                    c = SsaValueComparer.Compare(a[i].Value, b[i].Value);
                    if (c != 0)
                    {
                        return c;
                    }
                }

            case PathElementKind.Value:
                return SsaValueComparer.Compare(ValueRaw!, other.ValueRaw!);
            default:
                return _index.CompareTo(other._index);
        }
    }

    /// <inheritdoc />
    public bool Equals(PathElement other)
    {
        if (Kind != other.Kind)
        {
            return false;
        }

        switch (Kind)
        {
            case PathElementKind.Field:
                return string.Equals(NameRaw, other.NameRaw, StringComparison.Ordinal);
            case PathElementKind.Key:
                var a = KeysRaw!;
                var b = other.KeysRaw!;
                if (a.Length != b.Length)
                {
                    return false;
                }

                for (var i = 0; i < a.Length; i++)
                {
                    if (!string.Equals(a[i].Name, b[i].Name, StringComparison.Ordinal) || !SsaValueComparer.ValueEquals(a[i].Value, b[i].Value))
                    {
                        return false;
                    }
                }

                return true;
            case PathElementKind.Value:
                return SsaValueComparer.ValueEquals(ValueRaw!, other.ValueRaw!);
            default:
                return _index == other._index;
        }
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PathElement pe && Equals(pe);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        switch (Kind)
        {
            case PathElementKind.Field:
                return StringComparer.Ordinal.GetHashCode(NameRaw!);
            case PathElementKind.Key:
                var h = new HashCode();
                foreach (var k in KeysRaw!)
                {
                    h.Add(StringComparer.Ordinal.GetHashCode(k.Name));
                    h.Add(SsaValueComparer.Hash(k.Value));
                }

                return h.ToHashCode();
            case PathElementKind.Value:
                return SsaValueComparer.Hash(ValueRaw!) ^ 0x5bd1e995;
            default:
                return _index ^ 0x27d4eb2d;
        }
    }

    /// <summary>Whether two steps are equal.</summary>
    /// <param name="left">The first step.</param>
    /// <param name="right">The second step.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(PathElement left, PathElement right) => left.Equals(right);

    /// <summary>Whether two steps differ.</summary>
    /// <param name="left">The first step.</param>
    /// <param name="right">The second step.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(PathElement left, PathElement right) => !left.Equals(right);

    /// <summary>Whether one step sorts before another.</summary>
    /// <param name="left">The first step.</param>
    /// <param name="right">The second step.</param>
    /// <returns>True when <paramref name="left"/> sorts first.</returns>
    public static bool operator <(PathElement left, PathElement right) => left.CompareTo(right) < 0;

    /// <summary>Whether one step sorts after another.</summary>
    /// <param name="left">The first step.</param>
    /// <param name="right">The second step.</param>
    /// <returns>True when <paramref name="left"/> sorts last.</returns>
    public static bool operator >(PathElement left, PathElement right) => left.CompareTo(right) > 0;

    /// <summary>Whether one step sorts before or equal to another.</summary>
    /// <param name="left">The first step.</param>
    /// <param name="right">The second step.</param>
    /// <returns>True when not after.</returns>
    public static bool operator <=(PathElement left, PathElement right) => left.CompareTo(right) <= 0;

    /// <summary>Whether one step sorts after or equal to another.</summary>
    /// <param name="left">The first step.</param>
    /// <param name="right">The second step.</param>
    /// <returns>True when not before.</returns>
    public static bool operator >=(PathElement left, PathElement right) => left.CompareTo(right) >= 0;

    /// <summary>The step as structured-merge-diff prints it in conflicts: <c>.name</c>, <c>[k=v]</c>, <c>[=v]</c>, <c>[3]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        switch (Kind)
        {
            case PathElementKind.Field:
                return "." + NameRaw;
            case PathElementKind.Key:
                var sb = new StringBuilder("[");
                for (var i = 0; i < KeysRaw!.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    sb.Append(KeysRaw[i].Name).Append('=').Append(GoText.ValueToString(KeysRaw[i].Value));
                }

                return sb.Append(']').ToString();
            case PathElementKind.Value:
                return "[=" + GoText.ValueToString(ValueRaw!) + "]";
            default:
                return "[" + _index.ToString(CultureInfo.InvariantCulture) + "]";
        }
    }

    /// <summary>The step as the FieldsV1 key the API server writes: <c>f:name</c>, <c>k:{"name":"x"}</c>, <c>v:"x"</c>, <c>i:0</c>.</summary>
    /// <returns>The key.</returns>
    public string ToFieldsV1Key()
    {
        var sb = new StringBuilder();
        AppendFieldsV1Key(sb);
        return sb.ToString();
    }

    internal void AppendFieldsV1Key(StringBuilder sb)
    {
        switch (Kind)
        {
            case PathElementKind.Field:
                sb.Append("f:").Append(NameRaw);
                break;
            case PathElementKind.Key:
                sb.Append("k:{");
                for (var i = 0; i < KeysRaw!.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    GoJsonString.Write(sb, KeysRaw[i].Name);
                    sb.Append(':');
                    SsaJson.Write(sb, KeysRaw[i].Value, sortKeys: true);
                }

                sb.Append('}');
                break;
            case PathElementKind.Value:
                sb.Append("v:");
                SsaJson.Write(sb, ValueRaw!, sortKeys: true);
                break;
            default:
                sb.Append("i:").Append(_index.ToString(CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>Parses a FieldsV1 key.</summary>
    /// <param name="key">The key, e.g. <c>f:metadata</c>.</param>
    /// <returns>The step.</returns>
    /// <exception cref="SsaFormatException">The key is malformed or of an unknown kind.</exception>
    public static PathElement ParseFieldsV1Key(string key) =>
        FieldsV1.TryParseKey(key, out var pe) ? pe : throw new SsaFormatException($"unknown path element type: {key}");
}
