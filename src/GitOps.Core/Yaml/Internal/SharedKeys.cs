using System.Collections.Concurrent;

namespace GitOps.Yaml.Internal;

/// <summary>
/// The process-wide table of shared mapping keys. A Kubernetes tree repeats a few hundred field names thousands of
/// times; sharing one unchangeable key scalar (and one string) per name keeps a large build's live heap a fraction
/// smaller and its key lookups in cache. Only plain, untagged keys of at most <see cref="MaxLength"/> characters are
/// shared, and the table stops growing at <see cref="MaxEntries"/> names, so hostile input cannot grow it without bound:
/// past that, keys are made per mapping as before.
/// </summary>
internal static class SharedKeys
{
    public const int MaxLength = 64;
    public const int MaxEntries = 16384;

    private static readonly ConcurrentDictionary<string, YamlScalar> Table = new(StringComparer.Ordinal);
    private static int _count;

    /// <summary>The shared key of <paramref name="text"/>, or a new plain key when it cannot be shared.</summary>
    public static YamlScalar Get(string text)
    {
        if (Table.TryGetValue(text, out var shared))
        {
            return shared;
        }

        if (text.Length > MaxLength || Volatile.Read(ref _count) >= MaxEntries)
        {
            return new YamlScalar(text);
        }

        var created = YamlScalar.NewSharedKey(string.Intern(text));
        if (Table.TryAdd(text, created))
        {
            Interlocked.Increment(ref _count);
            return created;
        }

        return Table[text];
    }

    /// <summary>The shared key for <paramref name="key"/> when it is a plain untagged key that can be shared, else <paramref name="key"/>.</summary>
    public static YamlScalar Share(YamlScalar key) =>
        key.IsSharedKey || key.Style != YamlScalarStyle.Plain || key.Tag is not null || key.Value.Length > MaxLength ? key : Get(key.Value);
}
