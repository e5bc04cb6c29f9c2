using System.Globalization;
using GitOps.GoFormat.Internal;
using GitOps.Ssa.Values;

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

    // Go's %v of a float64: strconv's shortest 'g'.
    public static string FormatG(double f) => GoFloat.Format(f, 'g');

    // Go's %q.
    public static string Quote(string s) => GoQuote.Quote(s);
}
