namespace GitOps.Patching;

/// <summary>Options of <see cref="StrategicMergePatch"/>.</summary>
public sealed class StrategicMergePatchOptions
{
    /// <summary>The defaults: the built-in Kubernetes schema, patch elements first as kustomize orders them.</summary>
    public static StrategicMergePatchOptions Default { get; } = new();

    /// <summary>Where merge keys and patch strategies come from. Default: <see cref="PatchSchema.Kubernetes"/>.</summary>
    public PatchSchema Schema { get; init; } = PatchSchema.Kubernetes;

    /// <summary>
    /// Whether merged list elements named by the patch come before the other elements of the original list
    /// (kustomize's <c>ListIncreaseDirection: Prepend</c>). Default: true, as kustomize's patches do.
    /// </summary>
    public bool PatchElementsFirst { get; init; } = true;

    /// <summary>
    /// Whether apimachinery's directives apply as kube-apiserver applies a strategic merge patch (the patches
    /// <c>kubectl apply</c> sends): <c>$retainKeys</c>, <c>$deleteFromPrimitiveList/&lt;field&gt;</c> and
    /// <c>$setElementOrder/&lt;field&gt;</c>. Use with <see cref="PatchElementsFirst"/> false, the server's list
    /// order (original elements in place, new ones appended). Default: false, as kustomize (kyaml) treats
    /// them as ordinary fields.
    /// </summary>
    public bool ApiServerDirectives { get; init; }

    /// <summary>The options kube-apiserver's strategic merge uses: its directives, original list order first.</summary>
    public static StrategicMergePatchOptions ApiServer { get; } = new() { ApiServerDirectives = true, PatchElementsFirst = false };

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">The schema is missing.</exception>
    public void Validate()
    {
        if (Schema is null)
        {
            throw new ArgumentException("a strategic merge patch needs a schema (PatchSchema.Empty for none)", nameof(Schema));
        }
    }
}
