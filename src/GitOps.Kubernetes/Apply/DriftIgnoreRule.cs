using System.Text.RegularExpressions;
using GitOps.Kubernetes.Objects;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Apply;

/// <summary>
/// A drift ignore rule of kustomize-controller v1.9 (<c>spec.ignore[]</c>, <c>fluxcd/pkg ssa/jsondiff IgnoreRule</c>): RFC 6901 JSON
/// pointers removed from both sides of the drift check, for the objects the target selects (all when null).
/// </summary>
/// <param name="Paths">The JSON pointers (e.g. <c>/spec/replicas</c>).</param>
/// <param name="Target">The objects the rule applies to; null for all.</param>
public sealed record DriftIgnoreRule(IReadOnlyList<string> Paths, ResourceSelector? Target = null);

/// <summary>
/// Selects objects as Flux's <c>kustomize.Selector</c>: group, version, kind, name and namespace are anchored regular expressions;
/// label and annotation selectors use the Kubernetes selector syntax (<c>a=b,c!=d,e in (f,g),!h</c>).
/// </summary>
public sealed record ResourceSelector
{
    /// <summary>The API group regex.</summary>
    public string? Group { get; init; }

    /// <summary>The API version regex.</summary>
    public string? Version { get; init; }

    /// <summary>The kind regex.</summary>
    public string? Kind { get; init; }

    /// <summary>The name regex.</summary>
    public string? Name { get; init; }

    /// <summary>The namespace regex.</summary>
    public string? Namespace { get; init; }

    /// <summary>A label selector.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>An annotation selector (label-selector syntax over annotations).</summary>
    public string? AnnotationSelector { get; init; }

    /// <summary>Whether an object is selected.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>True when every set criterion matches.</returns>
    /// <exception cref="FormatException">A selector is malformed.</exception>
    public bool Matches(SsaValue obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var meta = ObjectMetadata.From(obj);
        var (_, version) = ObjectMetadata.SplitApiVersion(Obj.GetString(obj, "apiVersion") ?? string.Empty);
        return Anchored(Group, meta.Group) && Anchored(Version, version) && Anchored(Kind, meta.Kind)
            && Anchored(Name, meta.Name) && Anchored(Namespace, meta.Namespace)
            && (string.IsNullOrEmpty(LabelSelector) || GitOps.Internal.LabelSelector.Parse(LabelSelector, static m => new FormatException(m), allowEmptyRequirements: true).Matches(Obj.StringMap(obj, "metadata", "labels")))
            && (string.IsNullOrEmpty(AnnotationSelector) || GitOps.Internal.LabelSelector.Parse(AnnotationSelector, static m => new FormatException(m), allowEmptyRequirements: true).Matches(Obj.StringMap(obj, "metadata", "annotations")));
    }

    private static bool Anchored(string? pattern, string value) =>
        string.IsNullOrEmpty(pattern) || Regex.IsMatch(value, "^(?:" + pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
