using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Drift;

/// <summary>One RFC 6902 operation (<c>add</c>, <c>remove</c>, <c>replace</c>).</summary>
/// <param name="Op">The operation.</param>
/// <param name="Path">The JSON pointer.</param>
/// <param name="Value">The value for <c>add</c> and <c>replace</c>.</param>
public sealed record JsonPatchOperation(string Op, string Path, SsaValue? Value)
{
    /// <summary>The operation as JSON.</summary>
    /// <returns>The JSON object.</returns>
    public string ToJson()
    {
        var entries = new List<KeyValuePair<string, SsaValue>> { new("op", SsaValue.FromString(Op)), new("path", SsaValue.FromString(Path)) };
        if (Value is not null)
        {
            entries.Add(new("value", Value));
        }

        return "{" + string.Join(",", entries.Select(e => "\"" + e.Key + "\":" + e.Value.ToJson())) + "}";
    }
}

/// <summary>Who owns a changed field in the live object: the field managers whose managedFields hold it (the culprit of a drift).</summary>
/// <param name="Path">The JSON pointer of the change.</param>
/// <param name="Managers">The owners, as <c>manager (Apply|Update)</c>; empty when nobody owns it.</param>
public sealed record FieldOwnership(string Path, IReadOnlyList<string> Managers);

/// <summary>Why one object drifted: a unified YAML diff, the RFC 6902 patch from live to desired, and the owners of each changed field.</summary>
/// <param name="Subject">Flux's subject.</param>
/// <param name="UnifiedDiff">The diff of the live YAML against the merged (dry-run) YAML, Secret values masked.</param>
/// <param name="Patch">The patch turning the live object into the merged one.</param>
/// <param name="Owners">For each patched path, the live field managers that own it.</param>
public sealed record DriftExplanation(string Subject, string UnifiedDiff, IReadOnlyList<JsonPatchOperation> Patch, IReadOnlyList<FieldOwnership> Owners);
