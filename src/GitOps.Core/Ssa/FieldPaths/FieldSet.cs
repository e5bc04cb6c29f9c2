using System.Text;
using GitOps.Ssa.FieldPaths.Internal;

namespace GitOps.Ssa.FieldPaths;

/// <summary>
/// A set of field paths stored as a tree, the ownership unit of server-side apply. Members are the paths
/// that end at a node; children hold longer paths. Set algebra returns new sets and may share subtrees,
/// so a set must not be changed after it was combined with another.
/// </summary>
public sealed class FieldSet
{
    // Both sorted by PathElement order, as structured-merge-diff keeps them.
    private readonly List<PathElement> _members;
    private readonly List<Node> _children;

    /// <summary>Creates an empty set.</summary>
    public FieldSet()
    {
        _members = [];
        _children = [];
    }

    private FieldSet(List<PathElement> members, List<Node> children)
    {
        _members = members;
        _children = children;
    }

    /// <summary>The paths that end here (one step long), sorted.</summary>
    public IReadOnlyList<PathElement> Members => _members;

    internal List<PathElement> RawMembers => _members;

    internal List<Node> RawChildren => _children;

    /// <summary>Whether the set holds no path.</summary>
    public bool IsEmpty
    {
        get
        {
            if (_members.Count > 0)
            {
                return false;
            }

            foreach (var c in _children)
            {
                if (!c.Set.IsEmpty)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The number of paths in the set.</summary>
    public int Count
    {
        get
        {
            var n = _members.Count;
            foreach (var c in _children)
            {
                n += c.Set.Count;
            }

            return n;
        }
    }

    /// <summary>Creates a set of paths.</summary>
    /// <param name="paths">The paths.</param>
    /// <returns>The set.</returns>
    public static FieldSet Of(params FieldPath[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var s = new FieldSet();
        foreach (var p in paths)
        {
            s.Insert(p);
        }

        return s;
    }

    /// <summary>Parses the FieldsV1 JSON the API server stores in managedFields.</summary>
    /// <param name="json">The JSON text; <c>null</c> or empty means the empty set.</param>
    /// <returns>The set.</returns>
    public static FieldSet FromFieldsV1Json(string json) => FieldsV1.Parse(json);

    /// <summary>Writes the set as FieldsV1 JSON exactly as the API server does.</summary>
    /// <returns>The JSON text.</returns>
    public string ToFieldsV1Json()
    {
        var sb = new StringBuilder();
        FieldsV1.Write(sb, this);
        return sb.ToString();
    }

    /// <summary>Adds a path.</summary>
    /// <param name="path">The path; an empty path is ignored.</param>
    public void Insert(FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Insert(path.Span);
    }

    internal void Insert(ReadOnlySpan<PathElement> path)
    {
        if (path.Length == 0)
        {
            return;
        }

        var s = this;
        while (path.Length > 1)
        {
            s = s.Descend(path[0]);
            path = path[1..];
        }

        s.InsertMember(path[0]);
    }

    internal void InsertMember(PathElement pe)
    {
        var n = _members.Count;
        var last = n == 0 ? -1 : _members[n - 1].CompareTo(pe);
        if (last < 0)
        {
            // Walks mostly meet paths in order, or the last one again: neither needs a search.
            _members.Add(pe);
            return;
        }

        if (last == 0)
        {
            return;
        }

        var i = FindMember(pe);
        if (i < 0)
        {
            _members.Insert(~i, pe);
        }
    }

    private int FindMember(PathElement pe)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_members);
        int lo = 0, hi = span.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = span[mid].CompareTo(pe);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    internal FieldSet Descend(PathElement pe)
    {
        var n = _children.Count;
        var last = n == 0 ? -1 : _children[n - 1].Element.CompareTo(pe);
        if (last < 0)
        {
            var added = new FieldSet();
            _children.Add(new Node(pe, added));
            return added;
        }

        if (last == 0)
        {
            return _children[n - 1].Set;
        }

        var i = FindChild(pe);
        if (i >= 0)
        {
            return _children[i].Set;
        }

        var set = new FieldSet();
        _children.Insert(~i, new Node(pe, set));
        return set;
    }

    private int FindChild(PathElement pe)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_children);
        int lo = 0, hi = span.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = span[mid].Element.CompareTo(pe);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    /// <summary>Whether the set holds exactly this path.</summary>
    /// <param name="path">The path.</param>
    /// <returns>True when held.</returns>
    public bool Has(FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Has(path.Span);
    }

    internal bool Has(ReadOnlySpan<PathElement> path)
    {
        if (path.Length == 0)
        {
            return false;
        }

        var s = this;
        while (path.Length > 1)
        {
            if (!s.TryGetChild(path[0], out s))
            {
                return false;
            }

            path = path[1..];
        }

        return s.HasMember(path[0]);
    }

    internal bool HasMember(PathElement pe) => FindMember(pe) >= 0;

    /// <summary>The subtree under one step (the paths that start with it, without it).</summary>
    /// <param name="pe">The step.</param>
    /// <param name="child">The subtree when present.</param>
    /// <returns>True when present.</returns>
    public bool TryGetChild(PathElement pe, out FieldSet child)
    {
        var i = FindChild(pe);
        child = i >= 0 ? _children[i].Set : null!;
        return i >= 0;
    }

    /// <summary>The subtree under one step, or an empty set.</summary>
    /// <param name="pe">The step.</param>
    /// <returns>The subtree.</returns>
    public FieldSet WithPrefix(PathElement pe) => TryGetChild(pe, out var c) ? c : new FieldSet();

    /// <summary>All paths of the set: members of a node before its children, in sorted order.</summary>
    /// <returns>The paths.</returns>
    public IEnumerable<FieldPath> EnumeratePaths()
    {
        var result = new List<FieldPath>();
        var prefix = new List<PathElement>();
        Collect(prefix, result);
        return result;
    }

    private void Collect(List<PathElement> prefix, List<FieldPath> into)
    {
        foreach (var m in _members)
        {
            prefix.Add(m);
            into.Add(new FieldPath([.. prefix], true));
            prefix.RemoveAt(prefix.Count - 1);
        }

        foreach (var c in _children)
        {
            prefix.Add(c.Element);
            c.Set.Collect(prefix, into);
            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    /// <summary>The paths in either set.</summary>
    /// <param name="other">The other set.</param>
    /// <returns>A new set.</returns>
    public FieldSet Union(FieldSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var members = MergeMembers(_members, other._members);
        var a = _children;
        var b = other._children;
        var children = new List<Node>(Math.Max(a.Count, b.Count));
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var c = a[i].Element.CompareTo(b[j].Element);
            if (c < 0)
            {
                children.Add(a[i++]);
            }
            else if (c > 0)
            {
                children.Add(b[j++]);
            }
            else
            {
                children.Add(new Node(a[i].Element, a[i].Set.Union(b[j].Set)));
                i++;
                j++;
            }
        }

        while (i < a.Count)
        {
            children.Add(a[i++]);
        }

        while (j < b.Count)
        {
            children.Add(b[j++]);
        }

        return new FieldSet(members, children);
    }

    /// <summary>The paths in both sets.</summary>
    /// <param name="other">The other set.</param>
    /// <returns>A new set.</returns>
    public FieldSet Intersection(FieldSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var members = new List<PathElement>();
        int i = 0, j = 0;
        while (i < _members.Count && j < other._members.Count)
        {
            var c = _members[i].CompareTo(other._members[j]);
            if (c < 0)
            {
                i++;
            }
            else if (c > 0)
            {
                j++;
            }
            else
            {
                members.Add(_members[i]);
                i++;
                j++;
            }
        }

        var children = new List<Node>();
        i = 0;
        j = 0;
        while (i < _children.Count && j < other._children.Count)
        {
            var c = _children[i].Element.CompareTo(other._children[j].Element);
            if (c < 0)
            {
                i++;
            }
            else if (c > 0)
            {
                j++;
            }
            else
            {
                var r = _children[i].Set.Intersection(other._children[j].Set);
                if (!r.IsEmpty)
                {
                    children.Add(new Node(_children[i].Element, r));
                }

                i++;
                j++;
            }
        }

        return new FieldSet(members, children);
    }

    /// <summary>The paths of this set that are not in the other (exact paths only).</summary>
    /// <param name="other">The other set.</param>
    /// <returns>A new set.</returns>
    public FieldSet Difference(FieldSet other) => Difference(other, recursive: false);

    /// <summary>The paths of this set that are neither in the other nor under one of its paths.</summary>
    /// <param name="other">The other set.</param>
    /// <returns>A new set.</returns>
    public FieldSet RecursiveDifference(FieldSet other) => Difference(other, recursive: true);

    private FieldSet Difference(FieldSet other, bool recursive)
    {
        ArgumentNullException.ThrowIfNull(other);
        var members = new List<PathElement>();
        int i = 0, j = 0;
        while (i < _members.Count)
        {
            if (j >= other._members.Count)
            {
                members.Add(_members[i++]);
                continue;
            }

            var c = _members[i].CompareTo(other._members[j]);
            if (c < 0)
            {
                members.Add(_members[i++]);
            }
            else if (c > 0)
            {
                j++;
            }
            else
            {
                i++;
                j++;
            }
        }

        var children = new List<Node>();
        i = 0;
        j = 0;
        var oc = other._children;
        while (i < _children.Count)
        {
            var node = _children[i];
            if (recursive && other.HasMember(node.Element))
            {
                i++;
                continue;
            }

            if (j >= oc.Count)
            {
                children.Add(node);
                i++;
                continue;
            }

            var c = node.Element.CompareTo(oc[j].Element);
            if (c < 0)
            {
                children.Add(node);
                i++;
            }
            else if (c > 0)
            {
                j++;
            }
            else
            {
                var d = node.Set.Difference(oc[j].Set, recursive);
                if (!d.IsEmpty)
                {
                    children.Add(new Node(node.Element, d));
                }

                i++;
                j++;
            }
        }

        return new FieldSet(members, children);
    }

    /// <summary>The paths that have no longer path of the set under them.</summary>
    /// <returns>A new set.</returns>
    public FieldSet Leaves()
    {
        var members = new List<PathElement>();
        int ic = 0;
        foreach (var m in _members)
        {
            var isParent = false;
            while (ic < _children.Count)
            {
                var d = m.CompareTo(_children[ic].Element);
                if (d == 0)
                {
                    ic++;
                    isParent = true;
                    break;
                }

                if (d < 0)
                {
                    break;
                }

                ic++;
            }

            if (!isParent)
            {
                members.Add(m);
            }
        }

        var children = new List<Node>(_children.Count);
        foreach (var c in _children)
        {
            children.Add(new Node(c.Element, c.Set.Leaves()));
        }

        return new FieldSet(members, children);
    }

    /// <summary>Whether both sets hold the same paths (and the same tree shape).</summary>
    /// <param name="other">The other set.</param>
    /// <returns>True when equal.</returns>
    public bool SetEquals(FieldSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_members.Count != other._members.Count || _children.Count != other._children.Count)
        {
            return false;
        }

        for (var i = 0; i < _members.Count; i++)
        {
            if (!_members[i].Equals(other._members[i]))
            {
                return false;
            }
        }

        for (var i = 0; i < _children.Count; i++)
        {
            if (!_children[i].Element.Equals(other._children[i].Element) || !_children[i].Set.SetEquals(other._children[i].Set))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A copy that shares nothing with this set.</summary>
    /// <returns>The copy.</returns>
    public FieldSet Clone() => new([.. _members], _children.Select(c => new Node(c.Element, c.Set.Clone())).ToList());

    /// <inheritdoc />
    public override string ToString() => string.Join("\n", EnumeratePaths());

    private static List<PathElement> MergeMembers(List<PathElement> a, List<PathElement> b)
    {
        var result = new List<PathElement>(a.Count + b.Count);
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var c = a[i].CompareTo(b[j]);
            if (c < 0)
            {
                result.Add(a[i++]);
            }
            else
            {
                result.Add(b[j]);
                if (c == 0)
                {
                    i++;
                }

                j++;
            }
        }

        while (i < a.Count)
        {
            result.Add(a[i++]);
        }

        while (j < b.Count)
        {
            result.Add(b[j++]);
        }

        return result;
    }

    internal static FieldSet FromParts(List<PathElement> members, List<Node> children) => new(members, children);

    internal readonly record struct Node(PathElement Element, FieldSet Set);
}
