using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Objects.Internal;

/// <summary>Reads and rebuilds nested fields of immutable objects (copies only the path to the root).</summary>
internal static class Obj
{
    public static SsaValue? Get(SsaValue? obj, params string[] path)
    {
        var cur = obj;
        foreach (var key in path)
        {
            if (cur is null || !cur.IsMap || !cur.AsMap.TryGetValue(key, out var next))
            {
                return null;
            }

            cur = next;
        }

        return cur;
    }

    public static string? GetString(SsaValue? obj, params string[] path) =>
        Get(obj, path) is { Kind: SsaValueKind.String } v ? v.AsString : null;

    public static long? GetInt(SsaValue? obj, params string[] path) =>
        Get(obj, path) is { Kind: SsaValueKind.Integer } v ? v.AsInteger : null;

    public static IReadOnlyList<SsaValue> GetList(SsaValue? obj, params string[] path) =>
        Get(obj, path) is { IsList: true } v ? v.AsList : [];

    public static SsaValue With(SsaValue map, string key, SsaValue? value)
    {
        var entries = map.IsMap ? new List<KeyValuePair<string, SsaValue>>(map.AsMap.Entries) : [];
        var i = entries.FindIndex(e => e.Key == key);
        if (value is null)
        {
            if (i < 0)
            {
                return map;
            }

            entries.RemoveAt(i);
        }
        else if (i >= 0)
        {
            entries[i] = new(key, value);
        }
        else
        {
            entries.Add(new(key, value));
        }

        return SsaValue.FromMap(entries);
    }

    /// <summary>Sets (or with null removes) a nested field, creating maps on the way when setting.</summary>
    public static SsaValue WithPath(SsaValue obj, ReadOnlySpan<string> path, SsaValue? value)
    {
        if (path.Length == 1)
        {
            return With(obj, path[0], value);
        }

        var child = obj.IsMap && obj.AsMap.TryGetValue(path[0], out var c) ? c : null;
        if (child is null || !child.IsMap)
        {
            if (value is null)
            {
                return obj;
            }

            child = SsaValue.EmptyMap;
        }

        return With(obj, path[0], WithPath(child, path[1..], value));
    }

    public static SsaValue Without(SsaValue obj, params string[] path) => WithPath(obj, path, null);

    public static IReadOnlyDictionary<string, string> StringMap(SsaValue? obj, params string[] path)
    {
        var map = Get(obj, path);
        if (map is null || !map.IsMap || map.AsMap.Count == 0)
        {
            return Empty;
        }

        var result = new Dictionary<string, string>(map.AsMap.Count, StringComparer.Ordinal);
        foreach (var (k, v) in map.AsMap.Entries)
        {
            result[k] = v.Kind == SsaValueKind.String ? v.AsString : v.ToString();
        }

        return result;
    }

    public static SsaValue FromStringMap(IEnumerable<KeyValuePair<string, string>> map) =>
        SsaValue.FromMap(map.Select(kv => new KeyValuePair<string, SsaValue>(kv.Key, SsaValue.FromString(kv.Value))));

    public static bool StringMapsEqual(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (k, v) in a)
        {
            if (!b.TryGetValue(k, out var w) || !string.Equals(v, w, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly Dictionary<string, string> Empty = new(StringComparer.Ordinal);
}
