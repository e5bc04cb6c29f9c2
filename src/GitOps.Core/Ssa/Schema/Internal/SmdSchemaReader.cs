using GitOps.Ssa.Values;
using GitOps.Ssa.Values.Internal;

namespace GitOps.Ssa.Schema.Internal;

/// <summary>Reads the schema YAML of structured-merge-diff into <see cref="SsaSchema"/>.</summary>
internal static class SmdSchemaReader
{
    public static SsaSchema Read(string yaml)
    {
        var root = SsaYaml.Parse(yaml) ?? throw new SsaFormatException("empty schema");
        return Read(root);
    }

    public static SsaSchema Read(SsaValue root)
    {
        if (!root.IsMap || !root.AsMap.TryGetValue("types", out var types) || !types.IsList)
        {
            throw new SsaFormatException("schema must be a map with a 'types' list");
        }

        var result = new List<KeyValuePair<string, Atom>>();
        foreach (var t in types.AsList)
        {
            if (!t.IsMap || !t.AsMap.TryGetValue("name", out var name) || name.Kind != SsaValueKind.String)
            {
                throw new SsaFormatException("every schema type needs a name");
            }

            result.Add(new(name.AsString, ReadAtom(t.AsMap)));
        }

        return new SsaSchema(result);
    }

    private static Atom ReadAtom(SsaMap m)
    {
        ScalarType? scalar = null;
        string? unknownName = null;
        if (m.TryGetValue("scalar", out var s) && !s.IsNull)
        {
            var name = s.ToString();
            scalar = name switch
            {
                "numeric" => ScalarType.Numeric,
                "string" => ScalarType.String,
                "boolean" => ScalarType.Boolean,
                "untyped" => ScalarType.Untyped,
                _ => ScalarType.Unknown,
            };
            unknownName = scalar == ScalarType.Unknown ? name : null;
        }

        ListType? list = null;
        if (m.TryGetValue("list", out var l) && l.IsMap)
        {
            var lm = l.AsMap;
            var keys = lm.TryGetValue("keys", out var k) && k.IsList ? k.AsList.Select(x => x.AsString).ToArray() : [];
            list = new ListType(ReadRef(lm, "elementType"), Relationship(lm), keys);
        }

        MapType? map = null;
        if (m.TryGetValue("map", out var mp) && mp.IsMap)
        {
            var mm = mp.AsMap;
            var fields = new List<StructField>();
            if (mm.TryGetValue("fields", out var fs) && fs.IsList)
            {
                foreach (var f in fs.AsList)
                {
                    var fm = f.AsMap;
                    var fname = fm.TryGetValue("name", out var n) ? n.AsString : string.Empty;
                    fm.TryGetValue("default", out var def);
                    fields.Add(new StructField(fname, ReadRef(fm, "type"), def is { IsNull: false } ? def : null));
                }
            }

            map = new MapType(fields, ReadRef(mm, "elementType"), Relationship(mm));
        }

        return new Atom(scalar, list, map) { UnknownScalarName = unknownName };
    }

    private static ElementRelationship Relationship(SsaMap m) =>
        m.TryGetValue("elementRelationship", out var er) && er.Kind == SsaValueKind.String ? Parse(er.AsString) : ElementRelationship.Unspecified;

    internal static ElementRelationship Parse(string text) => text switch
    {
        "atomic" => ElementRelationship.Atomic,
        "associative" => ElementRelationship.Associative,
        "separable" => ElementRelationship.Separable,
        "" => ElementRelationship.Unspecified,
        _ => throw new SsaFormatException($"unknown elementRelationship '{text}'"),
    };

    private static TypeRef ReadRef(SsaMap parent, string key)
    {
        if (!parent.TryGetValue(key, out var v) || !v.IsMap || v.AsMap.Count == 0)
        {
            return TypeRef.Empty;
        }

        var m = v.AsMap;
        ElementRelationship? er = m.TryGetValue("elementRelationship", out var e) && e.Kind == SsaValueKind.String ? Parse(e.AsString) : null;
        if (m.TryGetValue("namedType", out var nt) && nt.Kind == SsaValueKind.String)
        {
            return new TypeRef(nt.AsString, null, er);
        }

        return new TypeRef(null, ReadAtom(m), er);
    }
}
