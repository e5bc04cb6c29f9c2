using System.Collections.Concurrent;

namespace GitOps.Yaml.Internal;

/// <summary>
/// The process-wide table of shared scalar texts. A Kubernetes tree repeats a few thousand short values (names,
/// labels, ports, image references, "true") many times over; the reader gives every scalar that repeats one of them
/// the one string already held, so that the copies the parser made die young instead of living as long as the tree.
/// Scalars stay separate, changeable nodes: only their unchangeable text is shared. Texts of at most
/// <see cref="MaxLength"/> characters are shared, and the table stops growing at <see cref="MaxEntries"/> texts, so
/// hostile input cannot grow it without bound: past that, only texts already in it are shared.
/// </summary>
internal static class SharedValues
{
    public const int MaxLength = 64;
    public const int MaxEntries = 16384;

    private static readonly ConcurrentDictionary<string, string> Table = new(StringComparer.Ordinal);
    private static int _count;

    /// <summary>The shared string equal to <paramref name="text"/>, or <paramref name="text"/> itself.</summary>
    public static string Get(string text)
    {
        if (text.Length > MaxLength || text.Length == 0)
        {
            return text;
        }

        if (Table.TryGetValue(text, out var shared))
        {
            return shared;
        }

        if (Volatile.Read(ref _count) >= MaxEntries)
        {
            return text;
        }

        if (Table.TryAdd(text, text))
        {
            Interlocked.Increment(ref _count);
            return text;
        }

        return Table.TryGetValue(text, out shared) ? shared : text;
    }
}
