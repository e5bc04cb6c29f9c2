using GitOps.Kubernetes.Objects;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Clusters;

/// <summary>Where an object lives in a cluster: apiVersion, kind, namespace (empty when cluster-scoped) and name.</summary>
/// <param name="ApiVersion">The apiVersion (<c>v1</c>, <c>apps/v1</c>).</param>
/// <param name="Kind">The kind.</param>
/// <param name="Namespace">The namespace, or empty.</param>
/// <param name="Name">The name.</param>
public readonly record struct ObjectReference(string ApiVersion, string Kind, string Namespace, string Name)
{
    /// <summary>The reference of an object.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>Its reference.</returns>
    public static ObjectReference From(SsaValue obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new ObjectReference(
            Obj.GetString(obj, "apiVersion") ?? string.Empty,
            Obj.GetString(obj, "kind") ?? string.Empty,
            Obj.GetString(obj, "metadata", "namespace") ?? string.Empty,
            Obj.GetString(obj, "metadata", "name") ?? string.Empty);
    }

    /// <summary>The identity Flux keeps (without the version).</summary>
    public ObjectMetadata Metadata => new(Namespace, Name, ObjectMetadata.SplitApiVersion(ApiVersion).Group, Kind);

    /// <summary>Flux's subject string.</summary>
    public string Subject => Metadata.Subject;

    /// <summary>The subject.</summary>
    /// <returns>The subject.</returns>
    public override string ToString() => Subject;
}
