using System.Collections;

namespace GitOps.Ssa.FieldPaths;

/// <summary>An immutable path into an object: a sequence of <see cref="PathElement"/>s.</summary>
public sealed class FieldPath : IReadOnlyList<PathElement>, IEquatable<FieldPath>
{
    private readonly PathElement[] _elements;

    /// <summary>Creates a path.</summary>
    /// <param name="elements">The steps.</param>
    public FieldPath(IEnumerable<PathElement> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        _elements = elements.ToArray();
    }

    internal FieldPath(PathElement[] owned, bool _)
    {
        _elements = owned;
    }

    /// <summary>The number of steps.</summary>
    public int Count => _elements.Length;

    /// <summary>A step.</summary>
    /// <param name="index">The position.</param>
    public PathElement this[int index] => _elements[index];

    internal ReadOnlySpan<PathElement> Span => _elements;

    /// <summary>Creates a path from field names.</summary>
    /// <param name="fields">The field names.</param>
    /// <returns>The path.</returns>
    public static FieldPath OfFields(params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new FieldPath(fields.Select(PathElement.Field).ToArray(), true);
    }

    /// <inheritdoc />
    public IEnumerator<PathElement> GetEnumerator() => ((IEnumerable<PathElement>)_elements).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The path as structured-merge-diff prints it, e.g. <c>.spec.containers[name="app"].image</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Concat(_elements.Select(e => e.ToString()));

    /// <inheritdoc />
    public bool Equals(FieldPath? other) => other is not null && _elements.AsSpan().SequenceEqual(other._elements);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FieldPath);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var e in _elements)
        {
            h.Add(e);
        }

        return h.ToHashCode();
    }
}
