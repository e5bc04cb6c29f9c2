using System.Text;
using GitOps.GoFormat.Internal;
using GitOps.Ssa.Values;
using GitOps.Ssa.Values.Internal;

namespace GitOps.Ssa.Schema.Internal;

/// <summary>
/// Our own compact JSON form of a schema, one type per line: <c>["name", atom]</c> where an atom is
/// <c>{"s":scalar,"l":{"e":ref,"r":rel,"k":[keys]},"m":{"f":[[name,ref,default?]],"e":ref,"r":rel}}</c>
/// and a ref is a type name, <c>{"n":name,"r":rel}</c> or <c>{"i":atom}</c>.
/// </summary>
internal static class CompactSchemaFormat
{
    public const string FormatName = "gitops-ssa-schema/1";

    public static string Write(IEnumerable<KeyValuePair<string, Atom>> types, IEnumerable<KeyValuePair<string, string>> kinds, string source)
    {
        var sb = new StringBuilder();
        sb.Append("{\"format\":\"").Append(FormatName).Append("\",\"source\":");
        GoJsonString.Write(sb, source);
        sb.Append(",\"kinds\":[");
        var firstKind = true;
        foreach (var (key, name) in kinds)
        {
            sb.Append(firstKind ? "\n" : ",\n");
            firstKind = false;
            sb.Append('[');
            GoJsonString.Write(sb, key);
            sb.Append(',');
            GoJsonString.Write(sb, name);
            sb.Append(']');
        }

        sb.Append("\n],\"types\":[");
        var first = true;
        foreach (var (name, atom) in types)
        {
            sb.Append(first ? "\n" : ",\n");
            first = false;
            sb.Append('[');
            GoJsonString.Write(sb, name);
            sb.Append(',');
            WriteAtom(sb, atom);
            sb.Append(']');
        }

        sb.Append("\n]}\n");
        return sb.ToString();
    }

    private static void WriteAtom(StringBuilder sb, Atom atom)
    {
        sb.Append('{');
        var sep = string.Empty;
        if (atom.Scalar is { } s)
        {
            sb.Append("\"s\":");
            GoJsonString.Write(sb, s switch
            {
                ScalarType.Numeric => "n",
                ScalarType.String => "s",
                ScalarType.Boolean => "b",
                ScalarType.Untyped => "u",
                _ => atom.UnknownScalarName ?? "?",
            });
            sep = ",";
        }

        if (atom.List is { } l)
        {
            sb.Append(sep).Append("\"l\":{\"e\":");
            WriteRef(sb, l.ElementType);
            if (l.ElementRelationship != ElementRelationship.Unspecified)
            {
                sb.Append(",\"r\":\"").Append(Rel(l.ElementRelationship)).Append('"');
            }

            if (l.Keys.Count > 0)
            {
                sb.Append(",\"k\":[");
                for (var i = 0; i < l.Keys.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    GoJsonString.Write(sb, l.Keys[i]);
                }

                sb.Append(']');
            }

            sb.Append('}');
            sep = ",";
        }

        if (atom.Map is { } m)
        {
            sb.Append(sep).Append("\"m\":{");
            var inner = string.Empty;
            if (m.Fields.Count > 0)
            {
                sb.Append("\"f\":[");
                for (var i = 0; i < m.Fields.Count; i++)
                {
                    var f = m.Fields[i];
                    sb.Append(i > 0 ? "," : string.Empty).Append('[');
                    GoJsonString.Write(sb, f.Name);
                    sb.Append(',');
                    WriteRef(sb, f.Type);
                    if (f.Default is { } d)
                    {
                        sb.Append(',');
                        SsaJson.Write(sb, d, sortKeys: true);
                    }

                    sb.Append(']');
                }

                sb.Append(']');
                inner = ",";
            }

            if (!m.ElementType.IsEmpty)
            {
                sb.Append(inner).Append("\"e\":");
                WriteRef(sb, m.ElementType);
                inner = ",";
            }

            if (m.ElementRelationship != ElementRelationship.Unspecified)
            {
                sb.Append(inner).Append("\"r\":\"").Append(Rel(m.ElementRelationship)).Append('"');
            }

            sb.Append('}');
        }

        sb.Append('}');
    }

    private static void WriteRef(StringBuilder sb, TypeRef r)
    {
        if (r.NamedType is { } n && r.ElementRelationshipOverride is null)
        {
            GoJsonString.Write(sb, n);
        }
        else if (r.NamedType is { } n2)
        {
            sb.Append("{\"n\":");
            GoJsonString.Write(sb, n2);
            sb.Append(",\"r\":\"").Append(Rel(r.ElementRelationshipOverride!.Value)).Append("\"}");
        }
        else
        {
            sb.Append("{\"i\":");
            WriteAtom(sb, r.Inlined ?? SsaSchema.EmptyAtom);
            sb.Append('}');
        }
    }

    private static string Rel(ElementRelationship r) => r switch
    {
        ElementRelationship.Atomic => "a",
        ElementRelationship.Associative => "s",
        ElementRelationship.Separable => "g",
        _ => string.Empty,
    };

    private static ElementRelationship ParseRel(SsaMap m) => m.TryGetValue("r", out var r) ? r.AsString switch
    {
        "a" => ElementRelationship.Atomic,
        "s" => ElementRelationship.Associative,
        "g" => ElementRelationship.Separable,
        _ => ElementRelationship.Unspecified,
    } : ElementRelationship.Unspecified;

    public static List<KeyValuePair<string, Atom>> Read(string text, Dictionary<string, string> kinds)
    {
        var root = SsaJson.Parse(text);
        if (!root.IsMap || !root.AsMap.TryGetValue("format", out var f) || f.ToString() != FormatName || !root.AsMap.TryGetValue("types", out var types))
        {
            throw new SsaFormatException("not a " + FormatName + " document");
        }

        if (root.AsMap.TryGetValue("kinds", out var ks) && ks.IsList)
        {
            foreach (var k in ks.AsList)
            {
                kinds[k.AsList[0].AsString] = k.AsList[1].AsString;
            }
        }

        var result = new List<KeyValuePair<string, Atom>>(types.AsList.Count);
        foreach (var t in types.AsList)
        {
            result.Add(new(t.AsList[0].AsString, ReadAtom(t.AsList[1].AsMap)));
        }

        return result;
    }

    private static Atom ReadAtom(SsaMap m)
    {
        ScalarType? scalar = null;
        string? unknown = null;
        if (m.TryGetValue("s", out var s))
        {
            scalar = s.AsString switch
            {
                "n" => ScalarType.Numeric,
                "s" => ScalarType.String,
                "b" => ScalarType.Boolean,
                "u" => ScalarType.Untyped,
                _ => ScalarType.Unknown,
            };
            unknown = scalar == ScalarType.Unknown ? s.AsString : null;
        }

        ListType? list = null;
        if (m.TryGetValue("l", out var l))
        {
            var lm = l.AsMap;
            var keys = lm.TryGetValue("k", out var k) ? k.AsList.Select(x => x.AsString).ToArray() : [];
            list = new ListType(ReadRef(lm["e"]), ParseRel(lm), keys);
        }

        MapType? map = null;
        if (m.TryGetValue("m", out var mp))
        {
            var mm = mp.AsMap;
            var fields = new List<StructField>();
            if (mm.TryGetValue("f", out var fs))
            {
                foreach (var f in fs.AsList)
                {
                    var parts = f.AsList;
                    fields.Add(new StructField(parts[0].AsString, ReadRef(parts[1]), parts.Count > 2 ? parts[2] : null));
                }
            }

            map = new MapType(fields, mm.TryGetValue("e", out var e) ? ReadRef(e) : TypeRef.Empty, ParseRel(mm));
        }

        return new Atom(scalar, list, map) { UnknownScalarName = unknown };
    }

    private static TypeRef ReadRef(SsaValue v)
    {
        if (v.Kind == SsaValueKind.String)
        {
            return new TypeRef(v.AsString, null);
        }

        var m = v.AsMap;
        if (m.TryGetValue("n", out var n))
        {
            return new TypeRef(n.AsString, null, ParseRel(m));
        }

        return new TypeRef(null, ReadAtom(m["i"].AsMap));
    }
}
