using System.Globalization;
using GitOps.Kubernetes.Clusters;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Objects.Internal;

/// <summary>Applies RFC 6902 operations (<c>add</c>, <c>remove</c>, <c>replace</c>, <c>test</c>) as the API server does for <c>application/json-patch+json</c>.</summary>
internal static class JsonPatch
{
    public static SsaValue Apply(SsaValue target, IEnumerable<SsaValue> operations)
    {
        foreach (var op in operations)
        {
            var kind = Obj.GetString(op, "op");
            var path = JsonPointer.Parse(Obj.GetString(op, "path") ?? throw Invalid("missing path"));
            var value = Obj.Get(op, "value");
            target = kind switch
            {
                "remove" when JsonPointer.Get(target, path) is null => throw Invalid($"unable to remove nonexistent key: {Obj.GetString(op, "path")}"),
                "remove" => JsonPointer.Remove(target, path),
                "replace" when JsonPointer.Get(target, path) is null => throw Invalid($"replace operation does not apply: doc is missing key: {Obj.GetString(op, "path")}"),
                "replace" => JsonPointer.Replace(target, path, value ?? SsaValue.Null)!,
                "add" => Add(target, path, value ?? SsaValue.Null),
                "test" when JsonPointer.Get(target, path) is { } current && SsaValue.DeepEquals(current, value ?? SsaValue.Null) => target,
                "test" => throw Invalid("testing value " + Obj.GetString(op, "path") + " failed"),
                _ => throw Invalid($"unexpected kind of operation: {kind}"),
            };
        }

        return target;
    }

    private static SsaValue Add(SsaValue target, string[] path, SsaValue value)
    {
        if (path.Length == 0)
        {
            return value;
        }

        var parent = JsonPointer.Get(target, path.AsSpan(0, path.Length - 1)) ?? throw Invalid("add operation does not apply: doc is missing path");
        if (parent.IsList)
        {
            var items = parent.AsList.ToList();
            var last = path[^1];
            var index = last == "-" ? items.Count : int.Parse(last, NumberStyles.None, CultureInfo.InvariantCulture);
            items.Insert(index, value);
            return JsonPointer.Replace(target, path.AsSpan(0, path.Length - 1), SsaValue.FromList(items))!;
        }

        return JsonPointer.Replace(target, path, value)!;
    }

    private static ClusterException Invalid(string message) => new(422, null, message) { Reason = "Invalid" };
}
