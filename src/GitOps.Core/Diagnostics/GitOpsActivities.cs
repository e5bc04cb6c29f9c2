namespace GitOps.Diagnostics;

/// <summary>
/// The names of the activities (<see cref="GitOpsDiagnostics.ActivitySource"/> spans) the GitOps packages start,
/// all <c>gitops.&lt;area&gt;.&lt;operation&gt;</c>.
/// </summary>
public static class GitOpsActivities
{
    /// <summary>An artifact download, verification and extraction (<c>ArtifactFetcher</c>).</summary>
    public const string ArtifactFetch = "gitops.artifact.fetch";

    /// <summary>A bucket listed, downloaded and packed (<c>BucketSource</c>).</summary>
    public const string BucketPack = "gitops.bucket.pack";

    /// <summary>A Helm repository index loaded (<c>HelmIndexLoader</c>).</summary>
    public const string HelmLoadIndex = "gitops.helm.load_index";

    /// <summary>A kustomization built (<c>KustomizeBuilder</c>).</summary>
    public const string KustomizeBuild = "gitops.kustomize.build";

    /// <summary>A repository cloned (<c>GitClient</c>).</summary>
    public const string GitClone = "gitops.git.clone";

    /// <summary>A Flux OCI artifact pulled (<c>FluxArtifactPuller</c>).</summary>
    public const string OciPull = "gitops.oci.pull";

    /// <summary>A Flux OCI artifact pushed (<c>FluxArtifactPusher</c>).</summary>
    public const string OciPush = "gitops.oci.push";

    /// <summary>One image automation run: clone, set, commit, push, notify (<c>ImageUpdateAutomation</c>).</summary>
    public const string ImageAutomationRun = "gitops.image_automation.run";
}
