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

        return SsaValue.FromMap(list);
    }

    public static SsaValue WithMeta(SsaValue obj, string key, SsaValue? value) =>
        With(obj, "metadata", With(Get(obj, "metadata") ?? SsaValue.EmptyMap, key, value));

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
