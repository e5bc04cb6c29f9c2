using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.ApiServer.Internal;

/// <summary>
/// Re-encodes every <c>resource.Quantity</c> field of an object as the API server's typed round trip
/// does (see <see cref="Quantity"/>); an unparsable quantity fails the write with the server's 500.
/// Which types can hold a quantity is worked out once per schema and type.
/// </summary>
internal static class QuantityFields
{
    private const string QuantityType = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private static readonly ConditionalWeakTable<SsaSchema, ConcurrentDictionary<string, bool>> Reach = new();

    // The groups whose generated defaulters call core/v1 SetDefaults_ResourceList on the ResourceLists they hold.
    private static readonly HashSet<string> ResourceListDefaulted = new(StringComparer.Ordinal) { string.Empty, "apps", "batch", "storage.k8s.io" };

    public static SsaValue Canonicalize(SsaSchema schema, TypeRef type, SsaValue obj, string apiVersion, string kind)
    {
        var reach = Reach.GetValue(schema, _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
        try
        {
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            return Walk(schema, reach, type, obj, ResourceListDefaulted.Contains(slash < 0 ? string.Empty : apiVersion[..slash]));
        }
        catch (FormatException e)
        {
            var metadata = obj.IsMap && obj.AsMap.TryGetValue("metadata", out var m) ? m : null;
            var ns = metadata is { IsMap: true } && metadata.AsMap.TryGetValue("namespace", out var n) ? n.ToString() : string.Empty;
            var name = metadata is { IsMap: true } && metadata.AsMap.TryGetValue("name", out var nm) ? nm.ToString() : string.Empty;
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            var gvk = (slash < 0 ? "/" + apiVersion : apiVersion) + ", Kind=" + kind;
            throw new KubernetesStatusException(500, string.Empty, $"failed to convert new object ({ns}/{name}; {gvk}) to proper version: unable to convert unstructured object to {gvk}: {e.Message}");
        }
    }

    private static SsaValue Walk(SsaSchema schema, ConcurrentDictionary<string, bool> reach, TypeRef type, SsaValue value, bool roundResourceLists, bool inResourceList = false)
    {
        if (type.NamedType == QuantityType)
        {
            return Encode(value, inResourceList && roundResourceLists);
        }

        if (!CanHold(schema, reach, type, []))
        {
            return value;
        }

        var atom = schema.Resolve(type);
        if (value.IsMap && atom?.Map is { } map)
        {
            List<KeyValuePair<string, SsaValue>>? changed = null;
            var entries = value.AsMap.Entries;
            for (var i = 0; i < entries.Count; i++)
            {
                var declared = map.TryGetField(entries[i].Key, out var f);
                var fieldType = declared ? f!.Type : map.ElementType;
                var v = Walk(schema, reach, fieldType, entries[i].Value, roundResourceLists, !declared && map.ElementType.NamedType == QuantityType);
                if (!ReferenceEquals(v, entries[i].Value))
                {
                    changed ??= [.. entries];
                    changed[i] = new(entries[i].Key, v);
                }
            }

            return changed is null ? value : SsaValue.FromMap(changed);
        }

        if (value.IsList && atom?.List is { } list)
        {
            List<SsaValue>? changed = null;
            var items = value.AsList;
            for (var i = 0; i < items.Count; i++)
            {
                var v = Walk(schema, reach, list.ElementType, items[i], roundResourceLists);
                if (!ReferenceEquals(v, items[i]))
                {
                    changed ??= [.. items];
                    changed[i] = v;
                }
            }

            return changed is null ? value : SsaValue.FromList(changed);
        }

        return value;
    }

    private static SsaValue Encode(SsaValue value, bool roundToMilli)
    {
        var text = value.Kind switch
        {
            SsaValueKind.String => value.AsString,
            SsaValueKind.Integer or SsaValueKind.Float => value.ToString(),
            _ => null,
        };
        if (text is null)
        {
            return value;
        }

        var canonical = (roundToMilli ? Quantity.CanonicalizeRoundedToMilli(text, out var error) : Quantity.Canonicalize(text, out error)) ?? throw new FormatException(error);
        return value.Kind == SsaValueKind.String && canonical == value.AsString ? value : SsaValue.FromString(canonical);
    }

    // Whether a value of this type can contain a quantity anywhere below it.
    private static bool CanHold(SsaSchema schema, ConcurrentDictionary<string, bool> reach, TypeRef type, HashSet<string> visiting)
    {
        if (type.NamedType is { } name)
        {
            if (name == QuantityType)
            {
                return true;
            }

            if (reach.TryGetValue(name, out var known))
            {
                return known;
            }

            if (!visiting.Add(name))
            {
                return false;
            }

            var result = AtomCanHold(schema, reach, schema.Resolve(type), visiting);
            visiting.Remove(name);
            if (visiting.Count == 0 || result)
            {
                reach[name] = result;
            }

            return result;
        }

        return AtomCanHold(schema, reach, type.Inlined, visiting);
    }

    private static bool AtomCanHold(SsaSchema schema, ConcurrentDictionary<string, bool> reach, Atom? atom, HashSet<string> visiting) =>
        atom is not null
        && ((atom.Map is { } map && (map.Fields.Any(f => CanHold(schema, reach, f.Type, visiting)) || CanHold(schema, reach, map.ElementType, visiting)))
            || (atom.List is { } list && CanHold(schema, reach, list.ElementType, visiting)));
}
