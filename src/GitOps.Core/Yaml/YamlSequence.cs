using System.Collections;

namespace GitOps.Yaml;

/// <summary>A sequence node: an ordered list of nodes.</summary>
public sealed class YamlSequence : YamlNode, IEnumerable<YamlNode>
{
    private readonly List<YamlNode> _items;

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
    }

    /// <inheritdoc />
    public override YamlNodeKind Kind => YamlNodeKind.Sequence;

    /// <summary>Whether the source wrote this sequence in flow style (<c>[a, b]</c>).</summary>
    public bool IsFlow { get; set; }

    /// <summary>The number of items.</summary>
    public int Count => _items.Count;

    /// <summary>The item at <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based position.</param>
    public YamlNode this[int index]
    {
        get => _items[index];
        set => _items[index] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Appends an item.</summary>
    /// <param name="item">The node to append.</param>
    public void Add(YamlNode item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _items.Add(item);
    }

    /// <summary>Removes the item at <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based position.</param>
    public void RemoveAt(int index) => _items.RemoveAt(index);

    /// <summary>Inserts an item at <paramref name="index"/> (JSON patch adds into the middle of a list).</summary>
    /// <param name="index">Zero-based position.</param>
    /// <param name="item">The node.</param>
    internal void Insert(int index, YamlNode item) => _items.Insert(index, item);

    /// <inheritdoc />
    public override YamlNode DeepClone() => CloneAt(0);

    internal override YamlNode CloneAt(int depth)
    {
        CheckDepth(depth);
        var copy = new YamlSequence { IsFlow = IsFlow };
        copy._items.Capacity = _items.Count;
        foreach (var item in _items)
        {
            copy._items.Add(item.CloneAt(depth + 1));
        }

        return copy;
    }

    /// <summary>The items in order. A struct enumerator, so that <c>foreach</c> over a sequence allocates nothing.</summary>
    public List<YamlNode>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<YamlNode> IEnumerable<YamlNode>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
