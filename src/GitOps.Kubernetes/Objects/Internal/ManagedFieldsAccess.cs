using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.ManagedFields;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Objects.Internal;

/// <summary>One managedFields entry of a live object, decoded.</summary>
internal sealed record ManagedEntry(SsaValue Raw, string Manager, ManagedFieldsOperation Operation, string Subresource, FieldSet Fields);

/// <summary>Reads the managedFields of a live object.</summary>
internal static class ManagedFieldsAccess
{
    public static List<ManagedEntry> Read(SsaValue obj)
    {
        var result = new List<ManagedEntry>();
        foreach (var e in Obj.GetList(obj, "metadata", "managedFields"))
        {
            var op = Obj.GetString(e, "operation") == "Apply" ? ManagedFieldsOperation.Apply : ManagedFieldsOperation.Update;
            var fields = Obj.Get(e, "fieldsV1") is { IsMap: true } f ? FieldSet.FromFieldsV1Json(f.ToJson()) : new FieldSet();
            result.Add(new ManagedEntry(e, Obj.GetString(e, "manager") ?? string.Empty, op, Obj.GetString(e, "subresource") ?? string.Empty, fields));
        }

        return result;
    }

    public static SsaValue WithFields(SsaValue entry, FieldSet fields) =>
        Obj.With(entry, "fieldsV1", SsaValue.ParseJson(fields.ToFieldsV1Json()));
}
