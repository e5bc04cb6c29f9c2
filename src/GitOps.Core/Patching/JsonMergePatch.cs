using GitOps.Yaml;

namespace GitOps.Patching;

/// <summary>JSON merge patches (RFC 7386) over the YAML object model.</summary>
public static class JsonMergePatch
{
    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="target"/>: a mapping patch merges key by key (a null
    /// value removes the key), anything else replaces the target. Neither input is changed.
    /// </summary>
    /// <param name="target">The document, or null when there is none.</param>
    /// <param name="patch">The merge patch.</param>
    /// <returns>The patched document.</returns>
    public static YamlNode Apply(YamlNode? target, YamlNode patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (patch is not YamlMapping pm)
        {
            return patch.DeepClone();
        }

        var result = target as YamlMapping is { } tm ? (YamlMapping)tm.DeepClone() : new YamlMapping();
        MergeInto(result, pm);
        return result;
    }

    private static void MergeInto(YamlMapping target, YamlMapping patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is YamlScalar { IsNull: true })
            {
                target.Remove(key.Value);
                continue;
            }

            if (value is YamlMapping vm)
            {
                var existing = target[key.Value] as YamlMapping;
                var merged = existing ?? new YamlMapping();
                MergeInto(merged, vm);
                target.Set(key.Value, merged);
                continue;
            }

            target.Set(key.Value, value.DeepClone());
        }
    }
}
