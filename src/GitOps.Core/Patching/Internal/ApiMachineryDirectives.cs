using GitOps.Yaml;

namespace GitOps.Patching.Internal;

/// <summary>
/// The strategic-merge directives kube-apiserver honours and kyaml treats as plain fields (apimachinery's
/// <c>strategicpatch/patch.go</c>): <c>$retainKeys</c> clears the original's fields not listed (the patch may
/// only set listed fields), <c>$deleteFromPrimitiveList/&lt;field&gt;</c> removes values from a primitive
/// list, and <c>$setElementOrder/&lt;field&gt;</c> orders the merged list: the listed elements in the listed
/// order, interleaved with elements only the server has at their places in the original list.
/// </summary>
internal sealed class ApiMachineryDirectives
{
    private const string RetainKeys = "$retainKeys";
    private const string SetElementOrder = "$setElementOrder/";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";

    private readonly List<string>? _retainKeys;
    private readonly List<(string Field, YamlSequence Values)> _deletions = [];
    private readonly List<(string Field, YamlSequence Order)> _orders = [];
    private readonly Dictionary<string, List<string>> _serverOrder = new(StringComparer.Ordinal);

    private ApiMachineryDirectives(List<string>? retainKeys) => _retainKeys = retainKeys;

    /// <summary>Removes the directives from a patch map; null when it has none.</summary>
    public static ApiMachineryDirectives? Take(YamlMapping patch)
    {
        if (!patch.Keys.Any(k => k.StartsWith('$') && k != "$patch"))
        {
            return null;
        }

        List<string>? retain = null;
        if (patch[RetainKeys] is { } retainNode)
        {
            retain = retainNode is YamlSequence list
                ? list.Select(NodeFacts.Text).ToList()
                : throw new PatchException("invalid patch format of retainKeys");
            patch.Remove(RetainKeys);
        }

        var directives = new ApiMachineryDirectives(retain);
        foreach (var key in patch.Keys.ToList())
        {
            if (key.StartsWith(SetElementOrder, StringComparison.Ordinal))
            {
                directives._orders.Add((key[SetElementOrder.Length..], patch[key] as YamlSequence ?? throw new PatchException("invalid patch format of " + key)));
                patch.Remove(key);
            }
            else if (key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                directives._deletions.Add((key[DeleteFromPrimitiveList.Length..], patch[key] as YamlSequence ?? throw new PatchException("invalid patch format of " + key)));
                patch.Remove(key);
            }
        }

        if (retain is not null)
        {
            // applyRetainKeysDirective: every field the patch sets must be retained.
            foreach (var (key, value) in patch)
            {
                if (!NodeFacts.IsMissingOrNull(value) && key.Value != "$patch" && !retain.Contains(key.Value, StringComparer.Ordinal))
                {
                    throw new PatchException("invalid patch format of retainKeys");
                }
            }
        }

        return directives;
    }

    /// <summary>Prunes the original as <c>$retainKeys</c> says, deletes listed primitives and notes the server's list orders.</summary>
    public void BeforeMerge(YamlMapping original)
    {
        if (_retainKeys is not null)
        {
            foreach (var key in original.Keys.ToList())
            {
                if (!_retainKeys.Contains(key, StringComparer.Ordinal))
                {
                    original.Remove(key);
                }
            }
        }

        foreach (var (field, values) in _deletions)
        {
            if (original[field] is YamlSequence list)
            {
                var drop = values.Select(NodeFacts.Text).ToHashSet(StringComparer.Ordinal);
                original.Set(field, new YamlSequence(list.Where(v => !drop.Contains(NodeFacts.Text(v)))) { IsFlow = list.IsFlow });
            }
        }

        foreach (var (field, order) in _orders)
        {
            _serverOrder[field] = original[field] is YamlSequence list ? list.Select(item => Key(item, order)).ToList() : [];
        }
    }

    /// <summary>Orders the merged lists as <c>$setElementOrder</c> says (apimachinery's normalizeElementOrder).</summary>
    public void AfterMerge(YamlMapping merged)
    {
        foreach (var (field, order) in _orders)
        {
            if (merged[field] is YamlSequence list)
            {
                var patchOrder = order.Select(item => Key(item, order)).ToList();
                merged.Set(field, Normalize(list, patchOrder, _serverOrder.GetValueOrDefault(field) ?? [], item => Key(item, order)));
            }
        }
    }

    /// <summary>The identities of a list's elements, leaving out <c>$patch</c> directive elements.</summary>
    public static List<string> ElementKeys(YamlSequence list, IReadOnlyList<string> keys) =>
        list.Where(item => item is not YamlMapping m || !m.ContainsKey("$patch")).Select(item => ElementKey(item, keys)).ToList();

    /// <summary>An element's identity: its merge-key values, or a primitive's text.</summary>
    public static string ElementKey(YamlNode item, IReadOnlyList<string> keys) =>
        item is YamlMapping map && keys.Count > 0 ? string.Join('\u0000', keys.Select(k => NodeFacts.Text(map[k]))) : NodeFacts.Text(item);

    /// <summary>
    /// normalizeElementOrder: the elements <paramref name="patchOrder"/> names in its order, merged with the other
    /// elements in the original's order; a server-only element goes before the next patch element when the original
    /// has it earlier (mergeSortedSlice).
    /// </summary>
    public static YamlSequence Normalize(YamlSequence list, List<string> patchOrder, List<string> serverOrder, Func<YamlNode, string> key)
    {
        var listed = patchOrder.ToHashSet(StringComparer.Ordinal);
        var patchItems = list.Where(i => listed.Contains(key(i))).OrderBy(i => patchOrder.IndexOf(key(i))).ToList();
        var serverOnly = list.Where(i => !listed.Contains(key(i)))
            .OrderBy(i => serverOrder.IndexOf(key(i)) is var at and >= 0 ? at : int.MaxValue).ToList();
        var result = new List<YamlNode>(list.Count);
        int l = 0, r = 0;
        while (l < serverOnly.Count || r < patchItems.Count)
        {
            if (r >= patchItems.Count)
            {
                result.Add(serverOnly[l++]);
            }
            else if (l >= serverOnly.Count)
            {
                result.Add(patchItems[r++]);
            }
            else
            {
                var li = serverOrder.IndexOf(key(serverOnly[l]));
                var ri = serverOrder.IndexOf(key(patchItems[r]));
                result.Add(li >= 0 && ri >= 0 && li < ri ? serverOnly[l++] : patchItems[r++]);
            }
        }

        return new YamlSequence(result) { IsFlow = list.IsFlow };
    }

    // An element's identity: its merge-key values (the fields the order list names) or, for primitives, its text.
    private static string Key(YamlNode item, YamlSequence order)
    {
        if (item is not YamlMapping map)
        {
            return NodeFacts.Text(item);
        }

        var fields = order.Count > 0 && order[0] is YamlMapping first ? first.Keys.Where(k => k != "$patch") : [];
        return string.Join('\u0000', fields.Select(f => NodeFacts.Text(map[f])));
    }
}
