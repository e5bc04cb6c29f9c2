using System.Globalization;
using System.Text;
using GitOps.Ssa.Values;
using GitOps.Ssa.Values.Internal;

namespace GitOps.Ssa.FieldPaths.Internal;

/// <summary>Formats values the way Go's fmt does in structured-merge-diff messages.</summary>
internal static class GoText
{
    public static string ValueToString(SsaValue v)
    {
        switch (v.Kind)
        {
            case SsaValueKind.Null:
                return "null";
            case SsaValueKind.Float:
                return FormatG(v.AsDouble);
            case SsaValueKind.Integer:
                return v.AsInteger.ToString(CultureInfo.InvariantCulture);
            case SsaValueKind.String:
                return Quote(v.AsString);
            case SsaValueKind.Boolean:
                return v.AsBoolean ? "true" : "false";
            case SsaValueKind.List:
                return "[" + string.Join(",", v.AsList.Select(ValueToString)) + "]";
            default:
                return string.Concat(v.AsMap.Entries.Select(e => e.Key + "=" + ValueToString(e.Value)));
        }
    }

    // Go's %v of a float64: shortest representation, exponent form for large or small magnitudes.
    public static string FormatG(double f)
    {
        var abs = Math.Abs(f);
        if (abs != 0 && (abs < 1e-4 || abs >= 1e21))
        {
            return SsaJson.FormatFloat(f);
        }

        return SsaJson.FormatFloat(f);
    }

    // Go's %q.
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\a':
                    sb.Append("\\a");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\v':
                    sb.Append("\\v");
                    break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7f)
                    {
                        sb.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse)
                    {
                        sb.Append(rune.Value > 0xffff ? "\\U" + rune.Value.ToString("x8", CultureInfo.InvariantCulture) : "\\u" + rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
