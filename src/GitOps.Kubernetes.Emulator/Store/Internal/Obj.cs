using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Store.Internal;

/// <summary>Small reads and copy-on-write edits of <see cref="SsaValue"/> objects.</summary>
internal static class Obj
{
    public static SsaValue? Get(SsaValue? value, string key) =>
        value is { IsMap: true } && value.AsMap.TryGetValue(key, out var v) ? v : null;

    public static string? GetString(SsaValue? value, string key) =>
        Get(value, key) is { Kind: SsaValueKind.String } s ? s.AsString : null;

    public static SsaValue? Meta(SsaValue obj, string key) => Get(Get(obj, "metadata"), key);

    public static string? MetaString(SsaValue obj, string key) => GetString(Get(obj, "metadata"), key);

    /// <summary>A copy of a map with <paramref name="key"/> set (appended when new), or removed when <paramref name="value"/> is null.</summary>
    public static SsaValue With(SsaValue? map, string key, SsaValue? value)
    {
        var entries = map is { IsMap: true } ? map.AsMap.Entries : [];
        var list = new List<KeyValuePair<string, SsaValue>>(entries.Count + 1);
        var found = false;
        foreach (var entry in entries)
        {
            if (entry.Key == key)
            {
                found = true;
                if (value is not null)
                {
                    list.Add(new(key, value));
                }
            }
            else
            {
                list.Add(entry);
            }
        }

        if (!found && value is not null)
        {
            list.Add(new(key, value));
        }

        // Keys stay unique (copied from a map, one replaced or appended): no second pass to dedupe them.
        return SsaValue.FromOwnedEntries(list);
    }

    public static SsaValue WithMeta(SsaValue obj, string key, SsaValue? value) =>
        With(obj, "metadata", With(Get(obj, "metadata") ?? SsaValue.EmptyMap, key, value));

    /// <summary>
    /// <see cref="WithMeta(SsaValue, string, SsaValue?)"/> for several keys in order, copying the object and its
    /// metadata once instead of once per key (every write's bookkeeping sets several).
    /// </summary>
    public static SsaValue WithMeta(SsaValue obj, params ReadOnlySpan<(string Key, SsaValue? Value)> edits)
    {
        var metadata = Get(obj, "metadata") is { IsMap: true } m ? m.AsMap.Entries : [];
        var list = new List<KeyValuePair<string, SsaValue>>(metadata.Count + edits.Length);
        list.AddRange(metadata);
        foreach (var (key, value) in edits)
        {
            var at = list.FindIndex(e => e.Key == key);
            if (at < 0)
            {
                if (value is not null)
                {
                    list.Add(new(key, value));
                }
            }
            else if (value is null)
            {
                list.RemoveAt(at);
            }
            else
            {
                list[at] = new(key, value);
            }
        }

        return With(obj, "metadata", SsaValue.FromOwnedEntries(list));
    }

    public static SsaValue Str(string value) => SsaValue.FromString(value);

    public static SsaValue Map(params (string Key, SsaValue? Value)[] entries) =>
        SsaValue.FromMap(entries.Where(e => e.Value is not null).Select(e => new KeyValuePair<string, SsaValue>(e.Key, e.Value!)));

    /// <summary>Reads a dotted path (<c>status.phase</c>); null when absent.</summary>
    public static SsaValue? Path(SsaValue obj, string dotted)
    {
        SsaValue? current = obj;
        foreach (var part in dotted.Split('.'))
        {
            current = Get(current, part);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }
}
