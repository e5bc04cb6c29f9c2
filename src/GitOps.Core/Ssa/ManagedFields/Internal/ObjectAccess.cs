using GitOps.Ssa.Values;

namespace GitOps.Ssa.ManagedFields.Internal;

/// <summary>Reads and rebuilds the few object fields the field manager touches.</summary>
internal static class ObjectAccess
{
    public static SsaMap? Metadata(SsaValue obj) =>
        obj.IsMap && obj.AsMap.TryGetValue("metadata", out var m) && m.IsMap ? m.AsMap : null;

    public static string? MetadataString(SsaValue obj, string key) =>
        Metadata(obj) is { } m && m.TryGetValue(key, out var v) && v.Kind == SsaValueKind.String ? v.AsString : null;

    public static SsaValue? MetadataField(SsaValue obj, string key) =>
        Metadata(obj) is { } m && m.TryGetValue(key, out var v) ? v : null;

    public static SsaValue With(SsaValue map, string key, SsaValue? value)
    {
        var entries = map.IsMap ? new List<KeyValuePair<string, SsaValue>>(map.AsMap.Entries) : [];
        var i = entries.FindIndex(e => e.Key == key);
        if (value is null)
        {
            if (i >= 0)
            {
                entries.RemoveAt(i);
            }
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

    public static SsaValue WithMetadataField(SsaValue obj, string key, SsaValue? value)
    {
        var metadata = obj.IsMap && obj.AsMap.TryGetValue("metadata", out var m) && m.IsMap ? m : SsaValue.EmptyMap;
        if (value is null && !metadata.AsMap.ContainsKey(key))
        {
            return obj;
        }

        return With(obj, "metadata", With(metadata, key, value));
    }
}
