using System.Diagnostics.CodeAnalysis;

namespace GitOps.Ssa.Values;

/// <summary>An immutable map from string keys to values that keeps insertion order.</summary>
public sealed class SsaMap
{
    private const int IndexThreshold = 8;
    private readonly List<KeyValuePair<string, SsaValue>> _entries;
    private Dictionary<string, int>? _index;

    internal SsaMap(List<KeyValuePair<string, SsaValue>> entries)
    {
        _entries = entries;
    }

    internal static SsaMap Empty { get; } = new([]);

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>The entries in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<string, SsaValue>> Entries => _entries;

    internal List<KeyValuePair<string, SsaValue>> RawEntries => _entries;

    internal ReadOnlySpan<KeyValuePair<string, SsaValue>> RawSpan => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_entries);

    /// <summary>The value of a key; throws when absent.</summary>
    /// <param name="key">The key.</param>
    public SsaValue this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    /// <summary>Looks a key up.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when found.</param>
    /// <returns>True when the key is present.</returns>
    public bool TryGetValue(string key, [NotNullWhen(true)] out SsaValue? value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _entries[i].Value : null;
        return i >= 0;
    }

    /// <summary>Whether the key is present.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when present.</returns>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    internal int IndexOf(string key)
    {
        if (_entries.Count <= IndexThreshold)
        {
            for (var i = 0; i < _entries.Count; i++)
            {
                if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        var index = _index;
        if (index is null)
        {
            index = new Dictionary<string, int>(_entries.Count, StringComparer.Ordinal);
            for (var i = 0; i < _entries.Count; i++)
            {
                index[_entries[i].Key] = i;
            }

            _index = index;
        }

        return index.TryGetValue(key, out var found) ? found : -1;
    }

    internal static SsaMap Create(IEnumerable<KeyValuePair<string, SsaValue>> entries)
    {
        var list = new List<KeyValuePair<string, SsaValue>>();
        Dictionary<string, int>? seen = null;
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry.Key);
            ArgumentNullException.ThrowIfNull(entry.Value);
            seen ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (seen.TryGetValue(entry.Key, out var at))
            {
                list[at] = entry;
            }
            else
            {
                seen[entry.Key] = list.Count;
                list.Add(entry);
            }
        }

        return list.Count == 0 ? Empty : new SsaMap(list);
    }
}
