using GitOps.Selectors;

namespace GitOps.Kustomize.Flux;

/// <summary>
/// The fields of a Flux <c>Kustomization</c> (kustomize.toolkit.fluxcd.io/v1 <c>spec</c>) that shape its build:
/// what kustomize-controller writes into <c>kustomization.yaml</c> before building, what it applies after the
/// build (<see cref="CommonMetadata"/>) and its post-build variable substitution (<see cref="PostBuild"/>).
/// Every field is optional; an empty instance builds the directory as Flux would with no overrides.
/// </summary>
public sealed class FluxKustomization
{
    /// <summary><c>spec.targetNamespace</c>: replaces the kustomization's <c>namespace</c>. Null or empty leaves it.</summary>
    public string? TargetNamespace { get; init; }

    /// <summary><c>spec.namePrefix</c>: replaces the kustomization's <c>namePrefix</c>. Null or empty leaves it.</summary>
    public string? NamePrefix { get; init; }

    /// <summary><c>spec.nameSuffix</c>: replaces the kustomization's <c>nameSuffix</c>. Null or empty leaves it.</summary>
    public string? NameSuffix { get; init; }

    /// <summary><c>spec.patches</c>: appended to the kustomization's <c>patches</c>.</summary>
    public IReadOnlyList<FluxPatch> Patches { get; init; } = [];

    /// <summary>
    /// <c>spec.images</c>: an entry whose name the kustomization already lists overrides it (<c>newName</c> when
    /// set; <c>newTag</c> and <c>digest</c> together when either is set); other entries are appended.
    /// </summary>
    public IReadOnlyList<FluxImage> Images { get; init; } = [];

    /// <summary><c>spec.components</c>: appended to the kustomization's <c>components</c>; each must be a local relative path.</summary>
    public IReadOnlyList<string> Components { get; init; } = [];

    /// <summary><c>spec.ignoreMissingComponents</c>: skip components whose path does not exist instead of failing.</summary>
    public bool IgnoreMissingComponents { get; init; }

    /// <summary><c>spec.buildMetadata</c> (<c>originAnnotations</c>, <c>transformerAnnotations</c>): replaces the kustomization's when not empty.</summary>
    public IReadOnlyList<string> BuildMetadata { get; init; } = [];

    /// <summary><c>spec.commonMetadata</c>: labels and annotations set on every object after the build and substitution.</summary>
    public FluxCommonMetadata? CommonMetadata { get; init; }

    /// <summary><c>spec.postBuild</c>: variable substitution; null (the default) substitutes nothing.</summary>
    public FluxPostBuild? PostBuild { get; init; }
}

/// <summary>A <c>spec.patches</c> entry: a strategic merge or JSON 6902 patch and the objects it applies to.</summary>
/// <param name="Patch">The patch document (YAML or JSON).</param>
/// <param name="Target">The objects patched; null lets kustomize take them from the patch itself.</param>
public sealed record FluxPatch(string Patch, ResourceSelector? Target = null);

/// <summary>A <c>spec.images</c> entry.</summary>
/// <param name="Name">The image name to match in containers.</param>
public sealed record FluxImage(string Name)
{
    /// <summary>The replacement image name.</summary>
    public string? NewName { get; init; }

    /// <summary>The replacement tag.</summary>
    public string? NewTag { get; init; }

    /// <summary>The replacement digest (wins over the tag).</summary>
    public string? Digest { get; init; }
}

/// <summary><c>spec.commonMetadata</c>: set on every object, overriding keys already present.</summary>
public sealed record FluxCommonMetadata
{
    /// <summary>Labels to set.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Annotations to set.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
