using System.Text;
using GitOps.GoFormat.Internal;
using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.FieldPaths.Internal;
using GitOps.Ssa.Merge;
using GitOps.Ssa.Values;
using GitOps.Ssa.Values.Internal;

namespace GitOps.Ssa.ManagedFields.Internal;

/// <summary>
/// The API server keys managers by a JSON identifier of (manager, operation, apiVersion for updates,
/// subresource); the same identifier orders conflict messages.
/// </summary>
internal static class ManagerIdentity
{
    public readonly record struct Parts(string Manager, ManagedFieldsOperation Operation, string? ApiVersion, string? Subresource);

    public static string Build(string manager, ManagedFieldsOperation operation, string apiVersion, string? subresource)
    {
        var sb = new StringBuilder("{");
        sb.Append("\"manager\":");
        GoJsonString.Write(sb, manager);
        sb.Append(",\"operation\":\"").Append(operation == ManagedFieldsOperation.Apply ? "Apply" : "Update").Append('"');
        if (operation == ManagedFieldsOperation.Update && apiVersion.Length > 0)
        {
            sb.Append(",\"apiVersion\":");
            GoJsonString.Write(sb, apiVersion);
        }

        if (!string.IsNullOrEmpty(subresource))
        {
            sb.Append(",\"subresource\":");
            GoJsonString.Write(sb, subresource);
        }

        return sb.Append('}').ToString();
    }

    public static Parts Parse(string identifier)
    {
        var v = SsaJson.Parse(identifier).AsMap;
        return new Parts(
            v.TryGetValue("manager", out var m) ? m.AsString : string.Empty,
            v.TryGetValue("operation", out var o) && o.AsString == "Apply" ? ManagedFieldsOperation.Apply : ManagedFieldsOperation.Update,
            v.TryGetValue("apiVersion", out var a) ? a.AsString : null,
            v.TryGetValue("subresource", out var s) ? s.AsString : null);
    }

    // printManager of the API server's conflict errors.
    public static string Print(string identifier)
    {
        Parts p;
        try
        {
            p = Parse(identifier);
        }
        catch (SsaFormatException)
        {
            return GoText.Quote(identifier);
        }

        var text = GoText.Quote(p.Manager);
        if (!string.IsNullOrEmpty(p.Subresource))
        {
            text += " with subresource " + GoText.Quote(p.Subresource);
        }

        if (p.Operation == ManagedFieldsOperation.Update)
        {
            text += " using " + p.ApiVersion;
        }

        return text;
    }

    public static string ConflictMessage(IReadOnlyList<SsaConflict> conflicts)
    {
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: conflict with {Print(conflicts[0].Manager)}: {conflicts[0].Path}";
        }

        var lines = new List<string>();
        foreach (var group in conflicts.GroupBy(c => c.Manager).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            lines.Add($"conflicts with {Print(group.Key)}:");
            lines.AddRange(group.Select(c => "- " + c.Path));
        }

        return $"Apply failed with {conflicts.Count} conflicts: " + string.Join("\n", lines);
    }

    public static FieldPath[] StripPaths { get; } =
    [
        FieldPath.OfFields("apiVersion"),
        FieldPath.OfFields("kind"),
        FieldPath.OfFields("metadata"),
        FieldPath.OfFields("metadata", "name"),
        FieldPath.OfFields("metadata", "namespace"),
        FieldPath.OfFields("metadata", "creationTimestamp"),
        FieldPath.OfFields("metadata", "selfLink"),
        FieldPath.OfFields("metadata", "uid"),
        FieldPath.OfFields("metadata", "clusterName"),
        FieldPath.OfFields("metadata", "generation"),
        FieldPath.OfFields("metadata", "managedFields"),
        FieldPath.OfFields("metadata", "resourceVersion"),
    ];
}
