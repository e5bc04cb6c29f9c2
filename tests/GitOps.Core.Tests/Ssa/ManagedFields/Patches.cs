using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Ssa.ManagedFields;

/// <summary>JSON merge patch (RFC 7386) and a schema-driven strategic merge patch for the replay.</summary>
internal static class Patches
{
    public static SsaValue MergePatch(SsaValue target, SsaValue patch)
    {
        if (!patch.IsMap)
        {
            return patch;
        }

        var result = target.IsMap ? target.AsMap.Entries.ToList() : [];
        foreach (var (key, value) in patch.AsMap.Entries)
        {
            var i = result.FindIndex(e => e.Key == key);
            if (value.IsNull)
            {
                if (i >= 0)
                {
                    result.RemoveAt(i);
                }

                continue;
            }

            var merged = MergePatch(i >= 0 ? result[i].Value : SsaValue.Null, value);
            if (i >= 0)
            {
                result[i] = new(key, merged);
            }
            else
            {
                result.Add(new(key, merged));
            }
        }

        return SsaValue.FromMap(result);
    }

    // Maps merge, null deletes, lists with merge keys (map-lists) merge item by item, other lists replace.
    public static SsaValue StrategicMergePatch(SsaSchema schema, TypeRef type, SsaValue target, SsaValue patch)
    {
        var atom = schema.Resolve(type);
        if (patch.IsList && atom?.List is { Keys.Count: > 0 } list && target.IsList)
        {
            // Items new to the list come first, as the API server's strategic merge orders them.
            var items = target.AsList.ToList();
            var added = new List<SsaValue>();
            foreach (var p in patch.AsList)
            {
                var i = items.FindIndex(t => list.Keys.All(k => t.IsMap && p.IsMap && t.AsMap.TryGetValue(k, out var a) && p.AsMap.TryGetValue(k, out var b) && SsaValue.DeepEquals(a, b)));
                if (i >= 0)
                {
                    items[i] = StrategicMergePatch(schema, list.ElementType, items[i], p);
                }
                else
                {
                    added.Add(p);
                }
            }

            return SsaValue.FromList(added.Concat(items));
        }

        if (!patch.IsMap || atom?.Map is not { } map)
        {
            return patch;
        }

        var result = target.IsMap ? target.AsMap.Entries.ToList() : [];
        foreach (var (key, value) in patch.AsMap.Entries)
        {
            var i = result.FindIndex(e => e.Key == key);
            if (value.IsNull)
            {
                if (i >= 0)
                {
                    result.RemoveAt(i);
                }

                continue;
            }

            var fieldType = map.TryGetField(key, out var f) ? f.Type : map.ElementType;
            var merged = i >= 0 ? StrategicMergePatch(schema, fieldType, result[i].Value, value) : value;
            if (i >= 0)
            {
                result[i] = new(key, merged);
            }
            else
            {
                result.Add(new(key, merged));
            }
        }

        return SsaValue.FromMap(result);
    }
}
