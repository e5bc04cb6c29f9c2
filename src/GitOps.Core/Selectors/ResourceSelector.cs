using System.Text.RegularExpressions;
using GitOps.Ssa.Values;

namespace GitOps.Selectors;

/// <summary>
/// Selects Kubernetes objects as kustomize's and Flux's <c>Selector</c> does (a patch <c>target</c>, a drift ignore rule's
/// <c>target</c>): group, version, kind, name and namespace are anchored regular expressions; label and annotation
/// selectors use the Kubernetes selector syntax (<c>a=b,c!=d,e in (f,g),!h</c>). Unset fields match everything.
/// </summary>
public sealed record ResourceSelector
{
    /// <summary>The API group (a regular expression). Default: any.</summary>
    public string? Group { get; init; }

    /// <summary>The API version (a regular expression). Default: any.</summary>
    public string? Version { get; init; }

    /// <summary>The kind (a regular expression). Default: any.</summary>
    public string? Kind { get; init; }

    /// <summary>The name (a regular expression). Default: any.</summary>
    public string? Name { get; init; }

    /// <summary>The namespace (a regular expression). Default: any.</summary>
    public string? Namespace { get; init; }

    /// <summary>A Kubernetes label selector. Default: any.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>A Kubernetes label selector over annotations. Default: any.</summary>
    public string? AnnotationSelector { get; init; }

    /// <summary>Whether an object is selected.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>True when every set criterion matches.</returns>
    /// <exception cref="FormatException">A selector is malformed.</exception>
    public bool Matches(SsaValue obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var apiVersion = Text(obj, "apiVersion") ?? string.Empty;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var metadata = Child(obj, "metadata");
        return Anchored(Group, slash < 0 ? string.Empty : apiVersion[..slash])
            && Anchored(Version, apiVersion[(slash + 1)..])
            && Anchored(Kind, Text(obj, "kind") ?? string.Empty)
            && Anchored(Name, Text(metadata, "name") ?? string.Empty)
            && Anchored(Namespace, Text(metadata, "namespace") ?? string.Empty)
            && Selects(LabelSelector, Child(metadata, "labels"))
            && Selects(AnnotationSelector, Child(metadata, "annotations"));
    }

    private static bool Selects(string? selector, SsaValue? labels) =>
        string.IsNullOrEmpty(selector)
        || Selectors.Internal.LabelSelector.Parse(selector, static m => new FormatException(m), allowEmptyRequirements: true).Matches(key => Text(labels, key));

    private static bool Anchored(string? pattern, string value) =>
        string.IsNullOrEmpty(pattern) || Regex.IsMatch(value, "^(?:" + pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static SsaValue? Child(SsaValue? value, string key) =>
        value is { IsMap: true } && value.AsMap.TryGetValue(key, out var child) ? child : null;

    private static string? Text(SsaValue? value, string key) =>
        Child(value, key) is { Kind: SsaValueKind.String } s ? s.AsString : null;
}
