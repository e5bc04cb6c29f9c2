namespace GitOps.Kustomize;

/// <summary>Options for one kustomize build. Limits are on by default.</summary>
public sealed class KustomizeBuildOptions
{
    /// <summary>Shared defaults.</summary>
    public static KustomizeBuildOptions Default { get; } = new();

    /// <summary>
    /// The outermost directory the build may read from (after resolving symlinks), such as a repository
    /// checkout. Null (the default) applies only kustomize's own rules: files must lie inside their
    /// kustomization's directory; other kustomization directories may be anywhere except in a cycle.
    /// </summary>
    public string? AllowedRoot { get; init; }

    /// <summary>
    /// Lets a kustomization read files (patches, generator sources, configurations) outside its own directory,
    /// as kustomize's <c>LoadRestrictionsNone</c>, which Flux's kustomize-controller builds with. Every read
    /// stays inside <see cref="AllowedRoot"/>; with no allowed root set, inside the built directory (or the file's
    /// own kustomization directory).
    /// Default false (kustomize's own rule: files inside their kustomization's directory).
    /// </summary>
    public bool AllowFilesOutsideKustomizationDirectory { get => _filesOutside; init => _filesOutside = value; }

    private bool _filesOutside;

    /// <summary>These options with files allowed outside each kustomization's directory (Flux's build).</summary>
    internal KustomizeBuildOptions WithFilesOutsideKustomizationDirectory()
    {
        if (_filesOutside)
        {
            return this;
        }

        var copy = (KustomizeBuildOptions)MemberwiseClone();
        copy._filesOutside = true;
        return copy;
    }

    /// <summary>The largest file the build reads. Default 32 MiB.</summary>
    public long MaxFileBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>The most bytes a build reads from files in all (resources, generator sources, configuration). Default 256 MiB.</summary>
    public long MaxTotalFileBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The most resources a build may accumulate. Default 100,000.</summary>
    public int MaxResources { get; init; } = 100_000;

    /// <summary>How deeply kustomizations may refer to other kustomizations. Default 64.</summary>
    public int MaxKustomizationDepth { get; init; } = 64;

    /// <summary>How deeply YAML collections may nest in any file. Default 256.</summary>
    public int MaxYamlDepth { get; init; } = 256;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFileBytes, nameof(MaxFileBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxTotalFileBytes, nameof(MaxTotalFileBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxResources, nameof(MaxResources));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxKustomizationDepth, nameof(MaxKustomizationDepth));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxYamlDepth, nameof(MaxYamlDepth));
    }
}
