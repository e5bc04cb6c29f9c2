namespace GitOps.Kubernetes.Emulator.Resources;

/// <summary>One kind served at one group version: what discovery lists and what a request path names.</summary>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Version">The version, e.g. <c>v1</c>.</param>
/// <param name="Kind">The kind, e.g. <c>Deployment</c>.</param>
/// <param name="Resource">The lower-case plural the REST paths use, e.g. <c>deployments</c>.</param>
/// <param name="Namespaced">Whether objects live in a namespace.</param>
/// <param name="Subresources">The subresources served (<c>status</c>, <c>scale</c>, ...).</param>
/// <param name="ShortNames">Short names kubectl accepts (<c>deploy</c>).</param>
public sealed record KubernetesResourceType(
    string Group,
    string Version,
    string Kind,
    string Resource,
    bool Namespaced,
    IReadOnlyList<string> Subresources,
    IReadOnlyList<string> ShortNames)
{
    /// <summary>The <c>apiVersion</c> of objects of this type: <c>v1</c> or <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>The singular name discovery reports (the lower-case kind).</summary>
    public string SingularName => Kind.ToLowerInvariant();

    /// <summary>The resource qualified by its group, as error messages name it: <c>deployments.apps</c>.</summary>
    public string QualifiedResource => Group.Length == 0 ? Resource : Resource + "." + Group;

    /// <summary>The path prefix of this group version: <c>/api/v1</c> or <c>/apis/group/version</c>.</summary>
    public string GroupVersionPath => Group.Length == 0 ? "/api/" + Version : "/apis/" + Group + "/" + Version;

    /// <summary>Whether <paramref name="subresource"/> is served for this type.</summary>
    /// <param name="subresource">A subresource name.</param>
    /// <returns>True when served.</returns>
    public bool HasSubresource(string subresource) => Subresources.Contains(subresource, StringComparer.Ordinal);
}
