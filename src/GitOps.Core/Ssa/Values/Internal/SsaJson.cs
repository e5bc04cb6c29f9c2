using System.Globalization;
using System.Text;
using System.Text.Json;
using GitOps.GoFormat.Internal;
using GitOps.Internal;

namespace GitOps.Ssa.Values.Internal;

/// <summary>Reads JSON into <see cref="SsaValue"/> and writes it back the way Go's encoding/json does.</summary>
internal static class SsaJson
{
    public const int DefaultMaxDepth = 256;

    public static SsaValue Parse(string json, int maxDepth = DefaultMaxDepth)
    {
        ArgumentNullException.ThrowIfNull(json);
        var bytes = Encoding.UTF8.GetBytes(json);
        return Parse(bytes, maxDepth);
    }

    public static SsaValue Parse(ReadOnlySpan<byte> utf8, int maxDepth = DefaultMaxDepth)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read())
            {
                throw new SsaFormatException("empty JSON document");
            }

            var value = ReadValue(ref reader);
            if (reader.Read())
            {
                throw new SsaFormatException("unexpected trailing data after JSON value");
            }

            return value;
        }
        catch (JsonException e)
        {
            throw new SsaFormatException($"invalid JSON: {e.Message}", e);
        }
    }

    public static SsaValue FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var entries = new List<KeyValuePair<string, SsaValue>>();
                foreach (var p in element.EnumerateObject())
                {
                    Add(entries, p.Name, FromElement(p.Value));
                }

                return SsaValue.FromOwnedEntries(entries);
            case JsonValueKind.Array:
                var items = new SsaValue[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[i++] = FromElement(item);
                }

                return SsaValue.FromOwnedArray(items);
            case JsonValueKind.String:
                return SsaValue.FromString(element.GetString()!);
            case JsonValueKind.Number:
                return Number(element.GetRawText());
            case JsonValueKind.True:
                return SsaValue.True;
            case JsonValueKind.False:
                return SsaValue.False;
            default:
                return SsaValue.Null;
        }
    }

    private static SsaValue ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var names = t_names ??= new NameCache();
                var entries = new List<KeyValuePair<string, SsaValue>>();
                Dictionary<string, int>? seen = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = names.Get(ref reader);
                    reader.Read();
                    var value = ReadValue(ref reader);
                    if (entries.Count < 8 && seen is null)
                    {
                        Add(entries, name, value);
                        continue;
                    }

                    if (seen is null)
                    {
                        seen = new Dictionary<string, int>(StringComparer.Ordinal);
                        for (var i = 0; i < entries.Count; i++)
                        {
                            seen[entries[i].Key] = i;
                        }
                    }

                    if (seen.TryGetValue(name, out var at))
                    {
                        entries[at] = new(name, value);
                    }
                    else
                    {
                        seen[name] = entries.Count;
                        entries.Add(new(name, value));
                    }
                }

                return SsaValue.FromOwnedEntries(entries);
            }

            case JsonTokenType.StartArray:
            {
                var items = new List<SsaValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }

                return SsaValue.FromOwnedArray([.. items]);
            }

            case JsonTokenType.String:
                return SsaValue.FromString(reader.GetString()!);
            case JsonTokenType.Number:
                if (!reader.HasValueSequence && reader.ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0 && reader.TryGetInt64(out var integer))
                {
                    return SsaValue.FromInt64(integer);
                }

                return Number(Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan));
            case JsonTokenType.True:
                return SsaValue.True;
            case JsonTokenType.False:
                return SsaValue.False;
            case JsonTokenType.Null:
                return SsaValue.Null;
            default:
                throw new SsaFormatException($"unexpected JSON token {reader.TokenType}");
        }
    }

    [ThreadStatic]
    private static NameCache? t_names;

    // Kubernetes objects repeat a small vocabulary of keys: the property names met lately, so that the same
    // string serves every occurrence instead of a new one each time.
    private sealed class NameCache
    {
        private const int Slots = 1024;
        private const int MaxCachedName = 48;
        private readonly string?[] _names = new string?[Slots];
        private readonly byte[]?[] _bytes = new byte[]?[Slots];

        public string Get(ref Utf8JsonReader reader)
        {
            if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxCachedName)
            {
                return reader.GetString()!;
            }

            var bytes = reader.ValueSpan;
            var hash = 2166136261u;
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 16777619u;
            }

            var slot = (int)(hash & (Slots - 1));
            if (_bytes[slot] is { } cached && bytes.SequenceEqual(cached))
            {
                return _names[slot]!;
            }

            var name = reader.GetString()!;
            _names[slot] = name;
            _bytes[slot] = bytes.ToArray();
            return name;
        }
    }

    // Later duplicates win, like Go's encoding/json.
    private static void Add(List<KeyValuePair<string, SsaValue>> entries, string name, SsaValue value)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (string.Equals(entries[i].Key, name, StringComparison.Ordinal))
            {
                entries[i] = new(name, value);
                return;
            }
        }

        entries.Add(new(name, value));
    }

    internal static SsaValue Number(string raw)
    {
        if (raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0 && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return SsaValue.FromInt64(l);
        }

        return SsaValue.FromDouble(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    public static string Write(SsaValue value, bool sortKeys)
    {
        var sb = new StringBuilder();
        Write(sb, value, sortKeys);
        return sb.ToString();
    }

    public static void Write(StringBuilder sb, SsaValue value, bool sortKeys) => Write(sb, value, sortKeys, 0);

    private static void Write(StringBuilder sb, SsaValue value, bool sortKeys, int depth)
    {
        if (!StackGuard.CanRecurse(depth))
        {
            throw new SsaFormatException($"value nested deeper than {StackGuard.MaxNesting}");
        }

        switch (value.Kind)
        {
            case SsaValueKind.Null:
                sb.Append("null");
                break;
            case SsaValueKind.Boolean:
                sb.Append(value.AsBoolean ? "true" : "false");
                break;
            case SsaValueKind.Integer:
                sb.Append(CultureInfo.InvariantCulture, $"{value.AsInteger}");
                break;
            case SsaValueKind.Float:
                sb.Append(FormatFloat(value.AsDouble));
                break;
            case SsaValueKind.String:
                GoJsonString.Write(sb, value.AsString);
                break;
            case SsaValueKind.List:
                sb.Append('[');
                var first = true;
                foreach (var item in value.Items)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    Write(sb, item, sortKeys, depth + 1);
                }

                sb.Append(']');
                break;
            case SsaValueKind.Map:
                sb.Append('{');
                var raw = value.AsMap.RawEntries;
                ReadOnlySpan<KeyValuePair<string, SsaValue>> entries = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(raw);
                if (sortKeys && !IsSortedByKey(entries))
                {
                    // Keys are unique, so an unstable sort gives the same order as a stable one.
                    var sorted = entries.ToArray();
                    Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                    entries = sorted;
                }

                var firstEntry = true;
                foreach (var e in entries)
                {
                    if (!firstEntry)
                    {
                        sb.Append(',');
                    }

                    firstEntry = false;
                    GoJsonString.Write(sb, e.Key);
                    sb.Append(':');
                    Write(sb, e.Value, sortKeys, depth + 1);
                }

                sb.Append('}');
                break;
        }
    }

    private static bool IsSortedByKey(ReadOnlySpan<KeyValuePair<string, SsaValue>> entries)
    {
        for (var i = 1; i < entries.Length; i++)
        {
            if (string.CompareOrdinal(entries[i - 1].Key, entries[i].Key) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A float as Go's encoding/json writes it; NaN and infinities are refused as Go refuses them.</summary>
    public static string FormatFloat(double f) =>
        double.IsNaN(f) || double.IsInfinity(f)
            ? throw new SsaFormatException("json: unsupported value: " + GoFloat.Format(f, 'g'))
            : GoFloat.FormatJson(f);
}
