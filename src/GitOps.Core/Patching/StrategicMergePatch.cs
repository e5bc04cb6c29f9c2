using GitOps.Patching.Internal;
using GitOps.Yaml;

namespace GitOps.Patching;

/// <summary>
/// Strategic merge patches with kustomize v5.5's semantics (kyaml's merge2, which kustomize's patches and
/// patchesStrategicMerge run): maps merge field by field; lists whose schema type says
/// <c>x-kubernetes-patch-strategy: merge</c> merge element by element on their merge keys
/// (<c>x-kubernetes-list-map-keys</c>, else <c>x-kubernetes-patch-merge-key</c>) or, without keys, on their
/// values; every other list is replaced; <c>$patch: delete|replace|merge</c> applies to maps, lists and list
/// elements; a null clears a field. As in kustomize, the other apimachinery directives
/// (<c>$setElementOrder</c>, <c>$retainKeys</c>, <c>$deleteFromPrimitiveList</c>) are ordinary fields, unless
/// <see cref="StrategicMergePatchOptions.ApiServerDirectives"/> asks for them as kube-apiserver applies them.
/// </summary>
public static class StrategicMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="original"/>; neither is changed.</summary>
    /// <param name="original">The object to patch.</param>
    /// <param name="patch">The patch, a mapping (or a list, for list documents).</param>
    /// <param name="options">The schema and list order; <see cref="StrategicMergePatchOptions.Default"/> when null.</param>
    /// <returns>The patched object, or null when the patch deletes it (<c>$patch: delete</c> at the top).</returns>
    /// <exception cref="PatchException">The patch does not fit the object, or names an unknown directive.</exception>
    public static YamlNode? Apply(YamlNode original, YamlNode patch, StrategicMergePatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(patch);
        options ??= StrategicMergePatchOptions.Default;
        options.Validate();
        return ApplyInPlace(original.DeepClone(), patch, options);
    }

    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="target"/>, changing <paramref name="target"/> where
    /// it can (the patch is not changed). Faster than <see cref="Apply"/> when the caller owns the target.
    /// </summary>
    /// <param name="target">The object to patch, changed in place.</param>
    /// <param name="patch">The patch.</param>
    /// <param name="options">The schema and list order; defaults when null.</param>
    /// <returns>The patched object (<paramref name="target"/> or a node that replaced it), or null when deleted.</returns>
    /// <exception cref="PatchException">The patch does not fit the object, or names an unknown directive.</exception>
    public static YamlNode? ApplyInPlace(YamlNode target, YamlNode patch, StrategicMergePatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(patch);
        options ??= StrategicMergePatchOptions.Default;
        options.Validate();
        return ApplyOwned(target, patch.DeepClone(), options);
    }

    /// <summary>
    /// <see cref="ApplyInPlace"/> with a patch the caller made for this one use (a copy per target): the merge reads
    /// its directives out of it and moves its nodes into the target, so it is not copied again.
    /// </summary>
    internal static YamlNode? ApplyOwned(YamlNode target, YamlNode ownedPatch, StrategicMergePatchOptions options)
    {
        options.Validate();
        var result = new Merge2Walker(options.Schema, options.PatchElementsFirst, options.ApiServerDirectives).Merge(target, ownedPatch);
        return NodeFacts.IsMissingOrNull(result) ? null : result;
    }
}
