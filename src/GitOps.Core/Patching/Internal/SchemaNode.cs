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

    /// <summary>kyaml's PatchStrategyAndKeyList: the strategy and the list-map keys, else the merge key.</summary>
    public (string Strategy, IReadOnlyList<string> Keys) StrategyAndKeys()
    {
        if (PatchStrategy is null)
        {
            return (string.Empty, []);
        }

        if (ListMapKeys is not null)
        {
            return (PatchStrategy, ListMapKeys);
        }

        return MergeKey is null ? (PatchStrategy, []) : (PatchStrategy, [MergeKey]);
    }

    /// <summary>Whether the strategy lists <c>merge</c> (kyaml's schemaHasMergeStrategy).</summary>
    public bool HasMergeStrategy()
    {
        if (PatchStrategy is null)
        {
            return false;
        }

        foreach (var s in PatchStrategy.Split(','))
        {
            if (s == "merge")
            {
                return true;
            }
        }

        return false;
    }
}
