using System.Globalization;
using System.Text.Json;
using System.Text;
using GitOps.GoFormat.Internal;
using GitOps.Ssa.Values;
using GitOps.Ssa.Values.Internal;

namespace GitOps.Ssa.FieldPaths.Internal;

/// <summary>The FieldsV1 JSON encoding of field sets, as the API server reads and writes it.</summary>
internal static class FieldsV1
{
    public static FieldSet Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json) || json.Trim() == "null")
        {
            return new FieldSet();
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            return FromElement(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new SsaFormatException($"invalid FieldsV1 JSON: {e.Message}", e);
        }
    }

    public static FieldSet FromElement(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return new FieldSet();
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SsaFormatException("FieldsV1 must be a JSON object");
        }

        return Read(element, out _) ?? new FieldSet();
    }

    public static FieldSet FromValue(SsaValue? value)
    {
        if (value is null || value.IsNull)
        {
            return new FieldSet();
        }

        return Parse(value.ToJson());
    }

    private static FieldSet? Read(JsonElement obj, out bool isMember)
    {
        FieldSet? children = null;
        isMember = false;
        if (obj.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in obj.EnumerateObject())
            {
                if (p.Name == ".")
                {
                    isMember = true;
                    continue;
                }

                if (!TryParseKey(p.Name, out var pe, out var unknown))
                {
                    if (unknown)
                    {
                        continue;
                    }

                    throw new SsaFormatException($"parsing key as path element: {p.Name}");
                }

                var grand = Read(p.Value, out var childIsMember);
                if (childIsMember)
                {
                    children ??= new FieldSet();
                    children.InsertMember(pe);
                }

                if (grand is not null)
                {
                    children ??= new FieldSet();
                    var target = children.Descend(pe);
                    var merged = target.Union(grand);
                    target.RawMembers.Clear();
                    target.RawMembers.AddRange(merged.RawMembers);
                    target.RawChildren.Clear();
                    target.RawChildren.AddRange(merged.RawChildren);
                }
            }
        }

        if (children is null)
        {
            isMember = true;
        }

        return children;
    }

    public static bool TryParseKey(string key, out PathElement pe) => TryParseKey(key, out pe, out _);

    public static bool TryParseKey(string key, out PathElement pe, out bool unknownType)
    {
        pe = default;
        unknownType = false;
        if (key.Length < 2 || key[1] != ':')
        {
            return false;
        }

        var rest = key[2..];
        switch (key[0])
        {
            case 'f':
                pe = PathElement.Field(rest);
                return true;
            case 'v':
                try
                {
                    pe = PathElement.ValueOf(SsaJson.Parse(rest));
                    return true;
                }
                catch (SsaFormatException)
                {
                    return false;
                }

            case 'k':
                try
                {
                    var v = SsaJson.Parse(rest);
                    if (!v.IsMap)
                    {
                        return false;
                    }

                    pe = PathElement.Key(v.AsMap.Entries.Select(e => new KeyField(e.Key, e.Value)));
                    return true;
                }
                catch (SsaFormatException)
                {
                    return false;
                }

            case 'i':
                if (int.TryParse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
                {
                    pe = PathElement.IndexAt(i);
                    return true;
                }

                return false;
            default:
                unknownType = true;
                return false;
        }
    }

    public static void Write(StringBuilder sb, FieldSet set)
    {
        sb.Append('{');
        WriteContents(sb, set, includeSelf: false);
        sb.Append('}');
    }

    private static void WriteContents(StringBuilder sb, FieldSet s, bool includeSelf)
    {
        var members = s.RawMembers;
        var children = s.RawChildren;
        var first = true;
        if (includeSelf && (members.Count > 0 || children.Count > 0))
        {
            sb.Append("\".\":{}");
            first = false;
        }

        int mi = 0, ci = 0;
        while (mi < members.Count || ci < children.Count)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            int c = mi >= members.Count ? 1 : ci >= children.Count ? -1 : members[mi].CompareTo(children[ci].Element);
            if (c < 0)
            {
                WriteKey(sb, members[mi++]);
                sb.Append("{}");
            }
            else
            {
                WriteKey(sb, children[ci].Element);
                sb.Append('{');
                WriteContents(sb, children[ci].Set, includeSelf: c == 0);
                sb.Append('}');
                if (c == 0)
                {
                    mi++;
                }

                ci++;
            }
        }
    }

    private static void WriteKey(StringBuilder sb, PathElement pe)
    {
        if (pe.Kind == PathElementKind.Field)
        {
            // "f:" needs no escaping: write the name's escaped text straight after it.
            sb.Append("\"f:");
            GoJsonString.WriteContent(sb, pe.FieldName, escapeHtml: false);
            sb.Append("\":");
            return;
        }

        var key = new StringBuilder();
        pe.AppendFieldsV1Key(key);
        GoJsonString.Write(sb, key.ToString(), escapeHtml: false);
        sb.Append(':');
    }
}
