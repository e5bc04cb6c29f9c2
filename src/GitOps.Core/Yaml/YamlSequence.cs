using System.Collections;

namespace GitOps.Yaml;

/// <summary>A sequence node: an ordered list of nodes.</summary>
public sealed class YamlSequence : YamlNode, IEnumerable<YamlNode>
{
    // The items in their own array rather than a List: one object and one pointer hop less per sequence.
    private YamlNode[] _items;
    private int _count;

    // Changes on every edit, so that an enumeration of an edited sequence fails as a List's does.
    private int _version;

    /// <summary>Creates an empty sequence.</summary>
    public YamlSequence()
    {
        _items = [];
    }

    /// <summary>Creates a sequence holding <paramref name="items"/>.</summary>
    /// <param name="items">The items, in order.</param>
    public YamlSequence(IEnumerable<YamlNode> items)
    {
        _items = [.. items];
        _count = _items.Length;
    }

    /// <inheritdoc />
    public override YamlNodeKind Kind => YamlNodeKind.Sequence;

    /// <summary>Whether the source wrote this sequence in flow style (<c>[a, b]</c>).</summary>
    public bool IsFlow { get; set; }

    /// <summary>The number of items.</summary>
    public int Count => _count;

    /// <summary>The item at <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based position.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not the position of an item.</exception>
    public YamlNode this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            return _items[index];
        }

        set
        {
            // As before: a null value is refused before the position is checked.
            ArgumentNullException.ThrowIfNull(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            _items[index] = value;
            _version++;
        }
    }

    /// <summary>Appends an item.</summary>
    /// <param name="item">The node to append.</param>
    public void Add(YamlNode item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Grow();
        _items[_count++] = item;
        _version++;
    }

    /// <summary>Removes the item at <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based position.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not the position of an item.</exception>
    public void RemoveAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        _count--;
        Array.Copy(_items, index + 1, _items, index, _count - index);
        _items[_count] = null!;
        _version++;
    }

    /// <summary>Inserts an item at <paramref name="index"/> (JSON patch adds into the middle of a list).</summary>
    /// <param name="index">Zero-based position.</param>
    /// <param name="item">The node.</param>
    internal void Insert(int index, YamlNode item)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)index, (uint)_count, nameof(index));
        ArgumentNullException.ThrowIfNull(item);
        Grow();
        Array.Copy(_items, index, _items, index + 1, _count - index);
        _items[index] = item;
        _count++;
        _version++;
    }

    // As a List grows: four items first, then twice as many.
    private void Grow()
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count == 0 ? 4 : _count * 2);
        }
    }

    /// <inheritdoc />
    public override YamlNode DeepClone() => CloneAt(0);

    internal override YamlNode CloneAt(int depth)
    {
        CheckDepth(depth);
        var copy = new YamlSequence { IsFlow = IsFlow };
        if (_count > 0)
        {
            var items = new YamlNode[_count];
            for (var i = 0; i < _count; i++)
            {
                items[i] = _items[i].CloneAt(depth + 1);
            }

            copy._items = items;
            copy._count = _count;
        }

        return copy;
    }

    /// <summary>The items in order. A struct enumerator, so that <c>foreach</c> over a sequence allocates nothing.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<YamlNode> IEnumerable<YamlNode>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates a sequence's items in order; fails as a List's enumerator does when the sequence is edited meanwhile.</summary>
    public struct Enumerator : IEnumerator<YamlNode>
    {
        private readonly YamlSequence _sequence;
        private readonly int _version;
        private int _next;
        private YamlNode? _current;

        internal Enumerator(YamlSequence sequence)
        {
            _sequence = sequence;
            _version = sequence._version;
            _next = 0;
            _current = null;
        }

        /// <summary>The item at the current position.</summary>
        public readonly YamlNode Current => _current!;

        readonly object IEnumerator.Current => _current!;

        /// <summary>Moves to the next item.</summary>
        /// <returns>Whether there was one.</returns>
        /// <exception cref="InvalidOperationException">The sequence was edited since the enumeration began.</exception>
        public bool MoveNext()
        {
            if (_version != _sequence._version)
            {
                throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
            }

            if (_next < _sequence._count)
            {
                _current = _sequence._items[_next++];
                return true;
            }

            _next = _sequence._count + 1;
            _current = null;
            return false;
        }

        /// <summary>Starts the enumeration again.</summary>
        /// <exception cref="InvalidOperationException">The sequence was edited since the enumeration began.</exception>
        public void Reset()
        {
            if (_version != _sequence._version)
            {
                throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
            }

            _next = 0;
            _current = null;
        }

        /// <summary>Nothing to release.</summary>
        public readonly void Dispose()
        {
        }
    }
}
