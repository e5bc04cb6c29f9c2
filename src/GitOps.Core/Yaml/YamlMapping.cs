using System.Collections;

namespace GitOps.Yaml;

/// <summary>
/// A mapping node whose keys keep their source order. Keys are scalars and compared by their text. Lookups
/// are constant time once a mapping has more than a few keys (an index is kept up to date by every edit, so
/// concurrent readers of an unchanging mapping never write).
/// </summary>
public sealed class YamlMapping : YamlNode, IEnumerable<KeyValuePair<YamlScalar, YamlNode>>
{
    private const int IndexThreshold = 16;

    // The entries in their own array rather than a List: one object and one pointer hop less per mapping, which a
    // build of thousands of objects (hundreds of thousands of mappings) pays on every lookup and every collection.
    private KeyValuePair<YamlScalar, YamlNode>[] _entries = [];
    private int _count;

    // Changes on every edit, so that an enumeration of an edited mapping fails as a List's does.
    private int _version;
    private Dictionary<string, int>? _index;

    /// <inheritdoc />
    public override YamlNodeKind Kind => YamlNodeKind.Mapping;

    /// <summary>Whether the source wrote this mapping in flow style (<c>{a: b}</c>).</summary>
    public bool IsFlow { get; set; }

    /// <summary>The number of entries.</summary>
    public int Count => _count;

    /// <summary>The keys' texts, in order.</summary>
    public IEnumerable<string> Keys => this.Select(e => e.Key.Value);

    /// <summary>The value under <paramref name="key"/>, or null when there is none.</summary>
    /// <param name="key">The key's text.</param>
    public YamlNode? this[string key]
    {
        get
        {
            var i = IndexOf(key);
            return i < 0 ? null : _entries[i].Value;
        }
    }

    /// <summary>The position of <paramref name="key"/>, or -1.</summary>
    /// <param name="key">The key's text.</param>
    public int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var at) ? at : -1;
        }

        var entries = _entries;
        for (var i = 0; i < _count && i < entries.Length; i++)
        {
            if (string.Equals(entries[i].Key.Value, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether the mapping has <paramref name="key"/>.</summary>
    /// <param name="key">The key's text.</param>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Gets the value under <paramref name="key"/>.</summary>
    /// <param name="key">The key's text.</param>
    /// <param name="value">The value, when found.</param>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out YamlNode? value)
    {
        value = this[key];
        return value is not null;
    }

    /// <summary>The scalar text under <paramref name="key"/>, or null when absent or not a scalar.</summary>
    /// <param name="key">The key's text.</param>
    public string? GetString(string key) => this[key] is YamlScalar s ? s.Value : null;

    /// <summary>The mapping under <paramref name="key"/>, or null.</summary>
    /// <param name="key">The key's text.</param>
    public YamlMapping? GetMapping(string key) => this[key] as YamlMapping;

    /// <summary>The sequence under <paramref name="key"/>, or null.</summary>
    /// <param name="key">The key's text.</param>
    public YamlSequence? GetSequence(string key) => this[key] as YamlSequence;

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, in place when present, else appended.</summary>
    /// <param name="key">The key's text.</param>
    /// <param name="value">The value.</param>
    public void Set(string key, YamlNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var i = IndexOf(key);
        if (i >= 0)
        {
            _entries[i] = new(_entries[i].Key, value);
            _version++;
        }
        else
        {
            // A key set by name is a string, even when its text would read as a boolean, number or null.
            var plain = Internal.SharedKeys.Get(key);
            Append(Internal.ScalarResolver.ResolveV3(plain).Type == Internal.ResolvedType.String ? plain : YamlScalar.FromString(key), value);
        }
    }

    /// <summary>Appends an entry without checking for an existing key (the reader checks duplicates).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void Add(YamlScalar key, YamlNode value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        Append(key, value);
    }

    private void Append(YamlScalar key, YamlNode value)
    {
        if (_count == _entries.Length)
        {
            // As a List grows: four entries first, then twice as many.
            Array.Resize(ref _entries, _count == 0 ? 4 : _count * 2);
        }

        _entries[_count++] = new(key, value);
        _version++;
        if (_index is not null)
        {
            _index.TryAdd(key.Value, _count - 1);
        }
        else if (_count > IndexThreshold)
        {
            RebuildIndex();
        }
    }

    private void RebuildIndex()
    {
        var index = new Dictionary<string, int>(_count, StringComparer.Ordinal);
        for (var i = 0; i < _count; i++)
        {
            index.TryAdd(_entries[i].Key.Value, i);
        }

        _index = index;
    }

    /// <summary>Removes <paramref name="key"/>; returns whether it was there.</summary>
    /// <param name="key">The key's text.</param>
    public bool Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }

        _count--;
        Array.Copy(_entries, i + 1, _entries, i, _count - i);
        _entries[_count] = default;
        _version++;
        if (_index is not null)
        {
            // Positions after the removed entry move down by one; a rebuild also finds a later duplicate of the key.
            RebuildIndex();
        }

        return true;
    }

    /// <summary>Returns the mapping under <paramref name="key"/>, creating it (or replacing a null) when absent.</summary>
    /// <param name="key">The key's text.</param>
    public YamlMapping GetOrAddMapping(string key)
    {
        var existing = this[key];
        if (existing is YamlMapping m)
        {
            return m;
        }

        if (existing is null || existing is YamlScalar { IsNull: true })
        {
            var created = new YamlMapping();
            Set(key, created);
            return created;
        }

        throw new YamlException($"expected a mapping at '{key}' but found a {existing.Kind.ToString().ToLowerInvariant()}");
    }

    /// <summary>Replaces every entry at once (strategic merge rewrites a mapping in one pass, not key by key).</summary>
    /// <param name="entries">The new entries, in order.</param>
    internal void ReplaceEntries(List<KeyValuePair<YamlScalar, YamlNode>> entries)
    {
        _entries = entries.Count == 0 ? [] : entries.ToArray();
        _count = _entries.Length;
        _version++;
        _index = null;
        if (_count > IndexThreshold)
        {
            RebuildIndex();
        }
    }

    /// <inheritdoc />
    public override YamlNode DeepClone() => CloneAt(0);

    internal override YamlNode CloneAt(int depth)
    {
        CheckDepth(depth);
        var copy = new YamlMapping { IsFlow = IsFlow };
        if (_count > 0)
        {
            var entries = new KeyValuePair<YamlScalar, YamlNode>[_count];
            for (var i = 0; i < _count; i++)
            {
                var (k, v) = _entries[i];
                entries[i] = new((YamlScalar)k.DeepClone(), v.CloneAt(depth + 1));
            }

            copy._entries = entries;
            copy._count = _count;
        }

        if (_index is not null)
        {
            copy._index = new Dictionary<string, int>(_index, StringComparer.Ordinal);
        }

        return copy;
    }

    /// <summary>The entries in order. A struct enumerator, so that <c>foreach</c> over a mapping allocates nothing.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<YamlScalar, YamlNode>> IEnumerable<KeyValuePair<YamlScalar, YamlNode>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates a mapping's entries in order; fails as a List's enumerator does when the mapping is edited meanwhile.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<YamlScalar, YamlNode>>
    {
        private readonly YamlMapping _map;
        private readonly int _version;
        private int _next;
        private KeyValuePair<YamlScalar, YamlNode> _current;

        internal Enumerator(YamlMapping map)
        {
            _map = map;
            _version = map._version;
            _next = 0;
            _current = default;
        }

        /// <summary>The entry at the current position.</summary>
        public readonly KeyValuePair<YamlScalar, YamlNode> Current => _current;

        readonly object IEnumerator.Current => _current;

        /// <summary>Moves to the next entry.</summary>
        /// <returns>Whether there was one.</returns>
        /// <exception cref="InvalidOperationException">The mapping was edited since the enumeration began.</exception>
        public bool MoveNext()
        {
            if (_version != _map._version)
            {
                throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
            }

            if (_next < _map._count)
            {
                _current = _map._entries[_next++];
                return true;
            }

            _next = _map._count + 1;
            _current = default;
            return false;
        }

        /// <summary>Starts the enumeration again.</summary>
        /// <exception cref="InvalidOperationException">The mapping was edited since the enumeration began.</exception>
        public void Reset()
        {
            if (_version != _map._version)
            {
                throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
            }

            _next = 0;
            _current = default;
        }

        /// <summary>Nothing to release.</summary>
        public readonly void Dispose()
        {
        }
    }
}
