namespace GitOps.Patching.Internal;

/// <summary>
/// One OpenAPI v2 schema reduced to what strategic merge needs: a reference, the array type, the
/// properties, additional properties and items, and the Kubernetes patch extensions. Immutable once built.
/// </summary>
internal sealed class SchemaNode
{
    public string? Ref { get; init; }

    public bool IsArray { get; init; }

    public Dictionary<string, SchemaNode>? Properties { get; init; }

    public SchemaNode? AdditionalProperties { get; init; }

    public SchemaNode? Items { get; init; }

    public string? PatchStrategy { get; init; }

    public string? MergeKey { get; init; }

    public IReadOnlyList<string>? ListMapKeys { get; init; }

    // Both answers below are computed once per node (a schema node is shared by every build and never changes; two
    // threads computing the same answer at once store equal values).
    private Tuple<string, IReadOnlyList<string>>? _strategyAndKeys;
    private int _hasMergeStrategy;

    /// <summary>kyaml's PatchStrategyAndKeyList: the strategy and the list-map keys, else the merge key.</summary>
    public (string Strategy, IReadOnlyList<string> Keys) StrategyAndKeys()
    {
        var known = _strategyAndKeys;
        if (known is null)
        {
            known = PatchStrategy is null ? new(string.Empty, [])
                : ListMapKeys is not null ? new(PatchStrategy, ListMapKeys)
                : MergeKey is null ? new(PatchStrategy, [])
                : new(PatchStrategy, [MergeKey]);
            _strategyAndKeys = known;
        }

        return (known.Item1, known.Item2);
    }

    /// <summary>Whether the strategy lists <c>merge</c> (kyaml's schemaHasMergeStrategy).</summary>
    public bool HasMergeStrategy()
    {
        if (_hasMergeStrategy == 0)
        {
            var merge = false;
            foreach (var range in (PatchStrategy ?? string.Empty).AsSpan().Split(','))
            {
                merge |= PatchStrategy.AsSpan()[range].SequenceEqual("merge");
            }

            _hasMergeStrategy = merge ? 1 : 2;
        }

        return _hasMergeStrategy == 1;
    }
}
