using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Objects;

/// <summary>
/// The identity of a Kubernetes object as Flux keeps it: namespace, name, API group and kind (the version is
/// not part of it). Its <see cref="ToString"/> is the inventory id <c>&lt;namespace&gt;_&lt;name&gt;_&lt;group&gt;_&lt;kind&gt;</c>
/// of <c>fluxcd/cli-utils pkg/object/objmetadata.go</c>, with <c>:</c> in RBAC names written as <c>__</c>.
/// </summary>
/// <param name="Namespace">The namespace; empty for cluster-scoped objects.</param>
/// <param name="Name">The name.</param>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Kind">The kind.</param>
public readonly record struct ObjectMetadata(string Namespace, string Name, string Group, string Kind)
{
    private const char Separator = '_';
    private const string ColonTranscoded = "__";

    /// <summary>Flux's subject string: <c>Kind/namespace/name</c>, or <c>Kind/name</c> when cluster-scoped (<c>fluxcd/pkg ssa/utils/fmt.go</c>).</summary>
    public string Subject => Namespace.Length == 0 ? Kind + "/" + Name : Kind + "/" + Namespace + "/" + Name;

    /// <summary>The identity of an object (apiVersion, kind, metadata.namespace, metadata.name).</summary>
    /// <param name="obj">The object.</param>
    /// <returns>Its identity.</returns>
    public static ObjectMetadata From(SsaValue obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var (group, _) = SplitApiVersion(Obj.GetString(obj, "apiVersion") ?? string.Empty);
        return new ObjectMetadata(
            Obj.GetString(obj, "metadata", "namespace") ?? string.Empty,
            Obj.GetString(obj, "metadata", "name") ?? string.Empty,
            group,
            Obj.GetString(obj, "kind") ?? string.Empty);
    }

    /// <summary>Splits an apiVersion into group and version (<c>v1</c> → core group).</summary>
    /// <param name="apiVersion">The apiVersion.</param>
    /// <returns>Group and version.</returns>
    public static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }

    /// <summary>The inventory id (see the type's remarks).</summary>
    /// <returns>The id.</returns>
    public override string ToString()
    {
        var name = IsRbac(Group, Kind) ? Name.Replace(":", ColonTranscoded, StringComparison.Ordinal) : Name;
        return string.Join(Separator, Namespace, name, Group, Kind);
    }

    /// <summary>Parses an inventory id as <c>ParseObjMetadata</c> does: namespace before the first <c>_</c>, kind after the last, group after the one before it, the rest is the name.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="FormatException">The id is not in that form (a leftover <c>_</c> in the name, or too few fields).</exception>
    public static ObjectMetadata Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var first = id.IndexOf(Separator, StringComparison.Ordinal);
        var last = id.LastIndexOf(Separator);
        var groupStart = last > 0 ? id.LastIndexOf(Separator, last - 1) : -1;
        if (first < 0 || groupStart <= first || last <= groupStart)
        {
            throw new FormatException($"too few fields in inventory id \"{id}\"");
        }

        var ns = id[..first];
        var name = id[(first + 1)..groupStart];
        var group = id[(groupStart + 1)..last];
        var kind = id[(last + 1)..];
        if (IsRbac(group, kind))
        {
            name = name.Replace(ColonTranscoded, ":", StringComparison.Ordinal);
        }

        if (name.Contains(Separator, StringComparison.Ordinal) || name.Length == 0 || kind.Length == 0)
        {
            throw new FormatException($"too many fields in inventory id \"{id}\"");
        }

        return new ObjectMetadata(ns, name, group, kind);
    }

    private static bool IsRbac(string group, string kind) =>
        group == "rbac.authorization.k8s.io" && kind is "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding";
}
