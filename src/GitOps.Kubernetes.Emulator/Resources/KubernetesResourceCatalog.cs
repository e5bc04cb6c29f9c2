using System.Collections.Immutable;
using GitOps.Kubernetes.Emulator.Resources.Internal;

namespace GitOps.Kubernetes.Emulator.Resources;

/// <summary>
/// The resource types a store serves: the built-in kinds of kube-apiserver 1.36.2 and the kinds of the
/// CustomResourceDefinitions stored so far. Immutable: a CRD write produces a new catalog.
/// </summary>
public sealed class KubernetesResourceCatalog
{
    private readonly ImmutableArray<KubernetesResourceType> _types;
    private readonly Dictionary<string, KubernetesResourceType> _byKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KubernetesResourceType> _byResource = new(StringComparer.Ordinal);

    private KubernetesResourceCatalog(ImmutableArray<KubernetesResourceType> types)
    {
        _types = types;
        foreach (var type in types)
        {
            _byKind[type.ApiVersion + ":" + type.Kind] = type;
            _byResource[type.ApiVersion + ":" + type.Resource] = type;
        }
    }

    /// <summary>The built-in types of kube-apiserver 1.36.2 (no custom resources).</summary>
    public static KubernetesResourceCatalog BuiltIn { get; } = new([.. BuiltInResources.All]);

    /// <summary>Every served type, built-in first, in discovery order.</summary>
    public IReadOnlyList<KubernetesResourceType> Types => _types;

    /// <summary>Finds the type of objects with <paramref name="apiVersion"/> and <paramref name="kind"/>.</summary>
    /// <param name="apiVersion">The apiVersion, e.g. <c>apps/v1</c>.</param>
    /// <param name="kind">The kind, e.g. <c>Deployment</c>.</param>
    /// <param name="type">The type, when served.</param>
    /// <returns>True when served.</returns>
    public bool TryFindKind(string apiVersion, string kind, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KubernetesResourceType? type) =>
        _byKind.TryGetValue(apiVersion + ":" + kind, out type);

    /// <summary>Finds the type a REST path names: group, version and plural resource.</summary>
    /// <param name="group">The group, empty for core.</param>
    /// <param name="version">The version.</param>
    /// <param name="resource">The plural resource, e.g. <c>deployments</c>.</param>
    /// <param name="type">The type, when served.</param>
    /// <returns>True when served.</returns>
    public bool TryFindResource(string group, string version, string resource, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KubernetesResourceType? type) =>
        _byResource.TryGetValue((group.Length == 0 ? version : group + "/" + version) + ":" + resource, out type);

    /// <summary>The type of <paramref name="apiVersion"/>/<paramref name="kind"/>, or a NotFound <see cref="KubernetesApiException"/>.</summary>
    /// <param name="apiVersion">The apiVersion.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>The type.</returns>
    /// <exception cref="KubernetesApiException">The kind is not served (404).</exception>
    public KubernetesResourceType GetKind(string apiVersion, string kind) =>
        TryFindKind(apiVersion, kind, out var type)
            ? type
            : throw KubernetesApiException.NotFoundPath($"the server could not find the requested resource (kind {kind} in {apiVersion})");

    /// <summary>The group versions served, core first, each with its types.</summary>
    /// <returns>Group versions in discovery order.</returns>
    public IReadOnlyList<IGrouping<string, KubernetesResourceType>> GroupVersions() =>
        _types.GroupBy(t => t.ApiVersion, StringComparer.Ordinal).ToList();

    /// <summary>A catalog with the built-in types and the types <paramref name="custom"/> adds.</summary>
    /// <param name="custom">Types of custom resources.</param>
    /// <returns>The new catalog.</returns>
    public static KubernetesResourceCatalog WithCustomTypes(IEnumerable<KubernetesResourceType> custom) =>
        new([.. BuiltInResources.All, .. custom]);
}
