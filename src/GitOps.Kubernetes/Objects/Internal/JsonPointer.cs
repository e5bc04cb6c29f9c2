using System.Globalization;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Objects.Internal;

/// <summary>RFC 6901 JSON pointers over immutable values: read, remove, replace (a missing path is left alone).</summary>
internal static class JsonPointer
{
    public static string[] Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new FormatException($"JSON pointer \"{pointer}\" must start with '/'");
        }

        return pointer[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }

    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static SsaValue? Get(SsaValue? value, ReadOnlySpan<string> path)
    {
        var cur = value;
        foreach (var seg in path)
        {
            cur = Child(cur, seg);
            if (cur is null)
            {
                return null;
            }
        }

        return cur;
    }

    public static SsaValue Remove(SsaValue value, ReadOnlySpan<string> path) => Replace(value, path, null) ?? SsaValue.Null;

    /// <summary>Replaces (or with null removes) the value at a path; returns the input when the parent is missing.</summary>
    public static SsaValue? Replace(SsaValue value, ReadOnlySpan<string> path, SsaValue? replacement)
    {
        if (path.Length == 0)
        {
            return replacement;
        }

        var seg = path[0];
        if (value.IsMap)
        {
            if (path.Length == 1)
            {
                return value.AsMap.ContainsKey(seg) || replacement is not null ? Obj.With(value, seg, replacement) : value;
            }

            return value.AsMap.TryGetValue(seg, out var child) ? Obj.With(value, seg, Replace(child, path[1..], replacement)) : value;
        }

        if (value.IsList && int.TryParse(seg, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < value.AsList.Count)
        {
            var items = value.AsList.ToList();
            var updated = path.Length == 1 ? replacement : Replace(items[index], path[1..], replacement);
            if (updated is null)
            {
                items.RemoveAt(index);
            }
            else
            {
                items[index] = updated;
            }

            return SsaValue.FromList(items);
        }

        return value;
    }

    private static SsaValue? Child(SsaValue? value, string seg)
    {
        if (value is null)
        {
            return null;
        }

        if (value.IsMap)
        {
            return value.AsMap.TryGetValue(seg, out var v) ? v : null;
        }

        return value.IsList && int.TryParse(seg, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < value.AsList.Count ? value.AsList[i] : null;
    }
}
