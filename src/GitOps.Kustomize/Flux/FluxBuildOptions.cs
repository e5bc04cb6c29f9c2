namespace GitOps.Kustomize.Flux;

/// <summary>Options for a Flux build. The defaults are Flux's (strict substitution) with limits on.</summary>
public sealed class FluxBuildOptions
{
    /// <summary>Shared defaults.</summary>
    public static FluxBuildOptions Default { get; } = new();

    /// <summary>
    /// The kustomize build's limits and allowed root (the source's root, as Flux's: with none, the built directory).
    /// Flux builds with kustomize's <c>LoadRestrictionsNone</c>, so files may always come from outside their
    /// kustomization's directory, never from outside that root. Default <see cref="KustomizeBuildOptions.Default"/>.
    /// </summary>
    public KustomizeBuildOptions Kustomize { get; init; } = KustomizeBuildOptions.Default;

    /// <summary>
    /// Fail on a variable that is referenced without a default and not defined (Flux's
    /// <c>StrictPostBuildSubstitutions</c> feature gate, on by default since kustomize-controller v1.9.0).
    /// Default true. When false, undefined variables become empty strings.
    /// </summary>
    public bool StrictSubstitution { get; init; } = true;

    /// <summary>The most variables a build may define in all. Default 10,000.</summary>
    public int MaxVariables { get; init; } = 10_000;

    /// <summary>The largest an object's text may grow to by substitution, in characters. Default 16 Mi.</summary>
    public long MaxSubstitutedObjectChars { get; init; } = 16L * 1024 * 1024;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A limit is not positive or <see cref="Kustomize"/> is null.</exception>
    public void Validate()
    {
        if (Kustomize is null)
        {
            throw new ArgumentException("Kustomize options must be set.", nameof(Kustomize));
        }

        if (MaxVariables <= 0)
        {
            throw new ArgumentException("MaxVariables must be positive.", nameof(MaxVariables));
        }

        if (MaxSubstitutedObjectChars <= 0)
        {
            throw new ArgumentException("MaxSubstitutedObjectChars must be positive.", nameof(MaxSubstitutedObjectChars));
        }
    }
}
