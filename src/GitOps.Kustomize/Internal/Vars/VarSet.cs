namespace GitOps.Kustomize.Internal.Vars;

/// <summary>The legacy vars declared so far in a build, by name (kustomize's types.VarSet).</summary>
internal sealed class VarSet
{
    private readonly Dictionary<string, VarArgs> _set = new(StringComparer.Ordinal);

    public int Count => _set.Count;

    /// <summary>The vars sorted by name, as kustomize's AsSlice.</summary>
    public IEnumerable<VarArgs> AsSorted() => _set.Values.OrderBy(v => v.Name, StringComparer.Ordinal);

    public void Merge(VarArgs v)
    {
        if (!_set.TryAdd(v.Name, v))
        {
            throw new KustomizeException($"var '{v.Name}' already encountered");
        }
    }

    public void MergeSet(VarSet other)
    {
        foreach (var v in other._set.Values)
        {
            Merge(v);
        }
    }
}
