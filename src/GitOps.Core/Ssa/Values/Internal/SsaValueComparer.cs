namespace GitOps.Ssa.Values.Internal;

/// <summary>Equality, ordering and hashing of values with structured-merge-diff semantics.</summary>
internal static class SsaValueComparer
{
    public static bool ValueEquals(SsaValue lhs, SsaValue rhs)
    {
        if (ReferenceEquals(lhs, rhs))
        {
            return true;
        }

        var lk = lhs.Kind;
        var rk = rhs.Kind;
        if (lk == SsaValueKind.Float || rk == SsaValueKind.Float)
        {
            if (!IsNumber(lk) || !IsNumber(rk))
            {
                return false;
            }

            return lhs.AsDouble == rhs.AsDouble;
        }

        if (lk != rk)
        {
            return false;
        }

        switch (lk)
        {
            case SsaValueKind.Integer:
            case SsaValueKind.Boolean:
                return lhs.RawInteger == rhs.RawInteger;
            case SsaValueKind.String:
                return string.Equals(lhs.AsString, rhs.AsString, StringComparison.Ordinal);
            case SsaValueKind.List:
                var li = lhs.Items;
                var ri = rhs.Items;
                if (li.Length != ri.Length)
                {
                    return false;
                }

                for (var i = 0; i < li.Length; i++)
                {
                    if (!ValueEquals(li[i], ri[i]))
                    {
                        return false;
                    }
                }

                return true;
            case SsaValueKind.Map:
                var lm = lhs.AsMap;
                var rm = rhs.AsMap;
                if (lm.Count != rm.Count)
                {
                    return false;
                }

                foreach (var entry in lm.RawSpan)
                {
                    if (!rm.TryGetValue(entry.Key, out var other) || !ValueEquals(entry.Value, other))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    public static int Compare(SsaValue lhs, SsaValue rhs)
    {
        var lk = lhs.Kind;
        var rk = rhs.Kind;
        if (lk == SsaValueKind.Float)
        {
            if (rk == SsaValueKind.Float || rk == SsaValueKind.Integer)
            {
                return lhs.RawFloat.CompareTo(rhs.AsDouble) switch { < 0 => -1, > 0 => 1, _ => 0 };
            }

            return -1;
        }

        if (rk == SsaValueKind.Float)
        {
            if (lk == SsaValueKind.Integer)
            {
                return ((double)lhs.RawInteger).CompareTo(rhs.RawFloat) switch { < 0 => -1, > 0 => 1, _ => 0 };
            }

            return 1;
        }

        var lr = Rank(lk);
        var rr = Rank(rk);
        if (lr != rr)
        {
            return lr < rr ? -1 : 1;
        }

        switch (lk)
        {
            case SsaValueKind.Integer:
            case SsaValueKind.Boolean:
                return lhs.RawInteger.CompareTo(rhs.RawInteger) switch { < 0 => -1, > 0 => 1, _ => 0 };
            case SsaValueKind.String:
                return Math.Sign(string.CompareOrdinal(lhs.AsString, rhs.AsString));
            case SsaValueKind.List:
                var li = lhs.Items;
                var ri = rhs.Items;
                for (var i = 0; ; i++)
                {
                    if (i >= li.Length && i >= ri.Length)
                    {
                        return 0;
                    }

                    if (i >= li.Length)
                    {
                        return -1;
                    }

                    if (i >= ri.Length)
                    {
                        return 1;
                    }

                    var c = Compare(li[i], ri[i]);
                    if (c != 0)
                    {
                        return c;
                    }
                }

            case SsaValueKind.Map:
                return CompareMaps(lhs.AsMap, rhs.AsMap);
            default:
                return 0;
        }
    }

    // Walks the union of both key sets in lexical order, like structured-merge-diff's MapCompare.
    private static int CompareMaps(SsaMap lhs, SsaMap rhs)
    {
        if (lhs.Count == 0 && rhs.Count == 0)
        {
            return 0;
        }

        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in lhs.RawSpan)
        {
            keys.Add(e.Key);
        }

        foreach (var e in rhs.RawSpan)
        {
            keys.Add(e.Key);
        }

        var i = 0;
        foreach (var key in keys)
        {
            int c;
            var hasL = lhs.TryGetValue(key, out var lv);
            var hasR = rhs.TryGetValue(key, out var rv);
            if (i == lhs.Count)
            {
                c = -1;
            }
            else if (i == rhs.Count)
            {
                c = 1;
            }
            else if (!hasL)
            {
                c = 1;
            }
            else if (!hasR)
            {
                c = -1;
            }
            else
            {
                c = Compare(lv!, rv!);
            }

            i++;
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    public static int Hash(SsaValue value)
    {
        switch (value.Kind)
        {
            case SsaValueKind.Integer:
            case SsaValueKind.Float:
                return value.AsDouble.GetHashCode();
            case SsaValueKind.Boolean:
                return value.RawInteger == 0 ? 17 : 19;
            case SsaValueKind.String:
                return StringComparer.Ordinal.GetHashCode(value.AsString);
            case SsaValueKind.List:
                var h = new HashCode();
                foreach (var item in value.Items)
                {
                    h.Add(Hash(item));
                }

                return h.ToHashCode();
            case SsaValueKind.Map:
                var sum = 0;
                foreach (var e in value.AsMap.RawSpan)
                {
                    sum += HashCode.Combine(StringComparer.Ordinal.GetHashCode(e.Key), Hash(e.Value));
                }

                return sum;
            default:
                return 0;
        }
    }

    private static bool IsNumber(SsaValueKind kind) => kind is SsaValueKind.Integer or SsaValueKind.Float;

    // Go's order: (float/int handled above), int, string, bool, list, map, null.
    private static int Rank(SsaValueKind kind) => kind switch
    {
        SsaValueKind.Integer => 0,
        SsaValueKind.String => 1,
        SsaValueKind.Boolean => 2,
        SsaValueKind.List => 3,
        SsaValueKind.Map => 4,
        _ => 5,
    };
}
