using GitOps.Ssa.Values;

namespace GitOps.Ssa.ApiServer.Internal;

/// <summary>
/// apimachinery's <c>equality.Semantic.DeepEqual</c> over decoded objects: what the strategies compare to
/// decide whether the spec changed (metadata.generation). Quantities compare by value, so re-applying
/// <c>cpu: 1000</c> over a stored <c>1e3</c> rewrites the text but is not a new generation.
/// </summary>
internal static class SemanticEquality
{
    public static bool Equal(SsaValue? a, SsaValue? b)
    {
        a ??= SsaValue.Null;
        b ??= SsaValue.Null;
        if (a.IsMap && b.IsMap)
        {
            var left = a.AsMap;
            var right = b.AsMap;
            return left.Count == right.Count && left.Entries.All(e => right.TryGetValue(e.Key, out var other) && Equal(e.Value, other));
        }

        if (a.IsList && b.IsList)
        {
            var left = a.AsList;
            var right = b.AsList;
            if (left.Count != right.Count)
            {
                return false;
            }

            for (var i = 0; i < left.Count; i++)
            {
                if (!Equal(left[i], right[i]))
                {
                    return false;
                }
            }

            return true;
        }

        if (a.Kind == SsaValueKind.String && b.Kind == SsaValueKind.String && a.AsString != b.AsString)
        {
            return Quantity.SameValue(a.AsString, b.AsString);
        }

        return SsaValue.DeepEquals(a, b);
    }
}
