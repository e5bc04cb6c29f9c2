using GitOps.Ssa.FieldPaths;

namespace GitOps.Ssa.Typed.Internal;

/// <summary>
/// A map keyed by list item identity that searches linearly while small (the usual list has a handful of
/// items, where comparing beats hashing and allocates less) and switches to a dictionary when it grows.
/// </summary>
internal sealed class PathElementMap<TValue>
{
    private const int LinearLimit = 16;
    private readonly List<PathElement> _keys;
    private readonly List<TValue> _values;
    private Dictionary<PathElement, int>? _index;

    public PathElementMap(int capacity = 0)
    {
        _keys = new List<PathElement>(capacity);
        _values = new List<TValue>(capacity);
    }

    public int Count => _keys.Count;

    public bool ContainsKey(PathElement key) => IndexOf(key) >= 0;

    public bool TryGetValue(PathElement key, out TValue value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _values[i] : default!;
        return i >= 0;
    }

    /// <summary>Adds the key or replaces its value.</summary>
    public void Set(PathElement key, TValue value)
    {
        var i = IndexOf(key);
        if (i >= 0)
        {
            _values[i] = value;
            return;
        }

        _keys.Add(key);
        _values.Add(value);
        if (_index is not null)
        {
            _index[key] = _keys.Count - 1;
        }
        else if (_keys.Count > LinearLimit)
        {
            _index = new Dictionary<PathElement, int>(_keys.Count * 2);
            for (var k = 0; k < _keys.Count; k++)
            {
                _index[_keys[k]] = k;
            }
        }
    }

    /// <summary>Adds the key when absent; returns whether it was added.</summary>
    public bool Add(PathElement key, TValue value)
    {
        if (IndexOf(key) >= 0)
        {
            return false;
        }

        Set(key, value);
        return true;
    }

    private int IndexOf(PathElement key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var found) ? found : -1;
        }

        var keys = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_keys);
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i].Equals(key))
            {
                return i;
            }
        }

        return -1;
    }
}
