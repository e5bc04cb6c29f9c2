using GitOps.Yaml;

namespace GitOps.Helm.Values.Internal;

/// <summary>
/// Helm's two ways of laying values over values, on trees this SDK owns (both sides are fresh canonical copies, so
/// nodes move between them without cloning): the CLI's mergeMaps for <c>-f</c> files and v4's coalesce over a
/// chart's defaults (pkg/chart/common/util/coalesce.go).
/// </summary>
internal static class ValuesMerge
{
    /// <summary>mergeMaps: a map merges into a map; anything else replaces.</summary>
    public static void MergeInto(YamlMapping into, YamlMapping layer)
    {
        foreach (var (key, value) in layer)
        {
            if (!into.TryGetValue(key.Value, out var existing))
            {
                into.Add(key, value);
            }
            else if (value is YamlMapping table && existing is YamlMapping existingTable)
            {
                MergeInto(existingTable, table);
            }
            else
            {
                into.Set(key.Value, value);
            }
        }
    }

    /// <summary>coalesceValues at the top of a chart: a user null deletes the key whatever the default holds.</summary>
    public static void CoalesceInto(YamlMapping user, YamlMapping defaults)
    {
        foreach (var (key, defaultValue) in defaults)
        {
            if (!user.TryGetValue(key.Value, out var value))
            {
                user.Add(key, defaultValue);
            }
            else if (ValuesTree.IsNull(value))
            {
                user.Remove(key.Value);
            }
            else if (value is YamlMapping userTable && defaultValue is YamlMapping defaultTable)
            {
                CoalesceTables(userTable, defaultTable);
            }
        }
    }

    /// <summary>
    /// coalesceTablesFullKey below the top: the user's side wins; a user null deletes the key only where the default
    /// holds a value (two nulls stay null); defaults fill the keys the user left out, nulls included.
    /// </summary>
    private static void CoalesceTables(YamlMapping dst, YamlMapping src)
    {
        foreach (var (key, value) in src)
        {
            if (!dst.TryGetValue(key.Value, out var existing))
            {
                dst.Add(key, value);
            }
            else if (ValuesTree.IsNull(existing))
            {
                if (!ValuesTree.IsNull(value))
                {
                    dst.Remove(key.Value);
                }
            }
            else if (value is YamlMapping srcTable && existing is YamlMapping dstTable)
            {
                CoalesceTables(dstTable, srcTable);
            }
        }
    }
}
