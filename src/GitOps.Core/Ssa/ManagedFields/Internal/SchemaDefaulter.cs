using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.ManagedFields.Internal;

/// <summary>Fills in the <c>default</c> values a structural schema declares (as CRDs are defaulted).</summary>
internal static class SchemaDefaulter
{
    public static SsaValue Apply(SsaSchema schema, TypeRef type, SsaValue value)
    {
        var atom = schema.Resolve(type);
        if (value.IsMap && atom?.Map is { } map)
        {
            var entries = value.AsMap.Entries.Select(e => new KeyValuePair<string, SsaValue>(e.Key, Apply(schema, map.TryGetField(e.Key, out var f) ? f.Type : map.ElementType, e.Value))).ToList();
            foreach (var field in map.Fields)
            {
                if (field.Default is { } d && !value.AsMap.ContainsKey(field.Name))
                {
                    // A default is defaulted in turn (spec: {default: {}} gets its fields' defaults).
                    entries.Add(new(field.Name, Apply(schema, field.Type, d)));
                }
            }

            return SsaValue.FromMap(entries);
        }

        if (value.IsList && atom?.List is { } list)
        {
            return SsaValue.FromList(value.AsList.Select(i => Apply(schema, list.ElementType, i)));
        }

        return value;
    }
}
