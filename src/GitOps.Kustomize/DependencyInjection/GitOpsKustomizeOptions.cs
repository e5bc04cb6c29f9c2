using GitOps.Kustomize;
using GitOps.Kustomize.Flux;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <see cref="GitOpsKustomizeServiceCollectionExtensions.AddGitOpsKustomize(IServiceCollection, Action{GitOpsKustomizeOptions}?)"/>
/// and <see cref="GitOpsKustomizeFluxServiceCollectionExtensions.AddGitOpsKustomizeFlux(IServiceCollection, Action{GitOpsKustomizeOptions}?)"/>
/// register: the options of builds that pass none. Every default is safe (limits on).
/// </summary>
public sealed class GitOpsKustomizeOptions
{
    /// <summary>The options of kustomize builds that pass none. Default <see cref="KustomizeBuildOptions.Default"/>.</summary>
    public KustomizeBuildOptions Build { get; set; } = KustomizeBuildOptions.Default;

    /// <summary>
    /// The options of Flux builds that pass none. Default null: <see cref="FluxBuildOptions"/>' defaults with
    /// <see cref="Build"/> as their kustomize options.
    /// </summary>
    public FluxBuildOptions? Flux { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is missing or a limit is not positive.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Build, nameof(Build));
        Build.Validate();
        Flux?.Validate();
    }

    /// <summary>The Flux build defaults: <see cref="Flux"/>, or Flux's defaults over <see cref="Build"/>.</summary>
    internal FluxBuildOptions FluxOrDefault() => Flux ?? (ReferenceEquals(Build, KustomizeBuildOptions.Default) ? FluxBuildOptions.Default : new FluxBuildOptions { Kustomize = Build });
}
