using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Apply.Internal;

/// <summary>Flux's <c>utils.AnyInMetadata</c>: any key whose non-empty label or annotation value equals the wanted one, ignoring case.</summary>
internal static class MetadataMatch
{
    public static bool Any(SsaValue? obj, IEnumerable<KeyValuePair<string, string>> selector)
    {
        if (obj is null)
        {
            return false;
        }

        var labels = Obj.StringMap(obj, "metadata", "labels");
        var annotations = Obj.StringMap(obj, "metadata", "annotations");
        foreach (var (key, value) in selector)
        {
            if ((labels.TryGetValue(key, out var l) && l.Length > 0 && string.Equals(l, value, StringComparison.OrdinalIgnoreCase))
                || (annotations.TryGetValue(key, out var a) && a.Length > 0 && string.Equals(a, value, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A <c>matchLabels</c> selector: every pair present with the same value (case-sensitive).</summary>
    public static bool AllLabels(SsaValue obj, IEnumerable<KeyValuePair<string, string>> labels)
    {
        var live = Obj.StringMap(obj, "metadata", "labels");
        return labels.All(kv => live.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
