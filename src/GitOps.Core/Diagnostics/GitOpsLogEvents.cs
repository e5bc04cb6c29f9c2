namespace GitOps.Diagnostics;

/// <summary>
/// The catalogue of log event ids the GitOps packages write (<c>EventId</c> of their <c>ILogger</c> messages): one
/// id per message, unique across packages and stable, so log pipelines can filter and alert on them. Ranges by
/// area: 1100 artifact fetch, 1300 notifications, 2100 Helm index, 2200 Helm charts, 4000 Git, 5000 kustomize, 5100 Flux builds,
/// 6100 buckets, 7000 OCI, 8100 image automation.
/// </summary>
public static class GitOpsLogEvents
{
    /// <summary>Debug: an artifact fetch starts, with the digest it expects.</summary>
    public const int ArtifactFetchStarting = 1100;

    /// <summary>Warning: a fetch attempt failed and is retried.</summary>
    public const int ArtifactFetchRetrying = 1101;

    /// <summary>Information: an artifact was fetched, verified and extracted.</summary>
    public const int ArtifactFetched = 1102;

    /// <summary>Warning: an artifact fetch failed for good.</summary>
    public const int ArtifactFetchFailed = 1103;

    /// <summary>Debug: an artifact fetch starts without an expected digest.</summary>
    public const int ArtifactFetchStartingUnverified = 1104;

    /// <summary>Debug: a download followed a redirect.</summary>
    public const int ArtifactFetchRedirected = 1105;

    /// <summary>Debug: a notification was delivered.</summary>
    public const int NotificationDelivered = 1300;

    /// <summary>Warning: a notification attempt failed and is retried.</summary>
    public const int NotificationRetrying = 1301;

    /// <summary>Warning: a notification could not be delivered.</summary>
    public const int NotificationFailed = 1302;

    /// <summary>Warning: invalid Helm index entries were skipped, as Helm skips them.</summary>
    public const int HelmIndexEntriesSkipped = 2101;

    /// <summary>Information: a chart was downloaded and verified against the index digest.</summary>
    public const int HelmChartDownloaded = 2201;

    /// <summary>Information: a chart was downloaded from an index that lists no digest.</summary>
    public const int HelmChartDownloadedUnverified = 2202;

    /// <summary>Information: a repository was cloned.</summary>
    public const int GitCloned = 4000;

    /// <summary>Information: a clone was skipped because the remote is still at the last observed revision.</summary>
    public const int GitCloneSkipped = 4001;

    /// <summary>Information: a branch was pushed.</summary>
    public const int GitPushed = 4002;

    /// <summary>Debug: which Git backend (libgit2 or the git CLI) a clone goes to, and why.</summary>
    public const int GitBackendChosen = 4003;

    /// <summary>Debug: a kustomization was built.</summary>
    public const int KustomizeBuilt = 5001;

    /// <summary>Debug: a kustomization failed to build.</summary>
    public const int KustomizeBuildFailed = 5002;

    /// <summary>Debug: a Flux build (generate, overlay, build, substitute) finished.</summary>
    public const int FluxKustomizeBuilt = 5101;

    /// <summary>Debug: a Flux build failed.</summary>
    public const int FluxKustomizeBuildFailed = 5102;

    /// <summary>Debug: a bucket was listed.</summary>
    public const int BucketListed = 6100;

    /// <summary>Information: an object listed in a bucket was gone when downloaded.</summary>
    public const int BucketObjectVanished = 6101;

    /// <summary>Information: a bucket was packed into an artifact.</summary>
    public const int BucketPacked = 6102;

    /// <summary>Information: a Flux OCI artifact was pulled.</summary>
    public const int OciArtifactPulled = 7001;

    /// <summary>Information: a Flux OCI artifact was pushed.</summary>
    public const int OciArtifactPushed = 7002;

    /// <summary>Information: an image automation run found nothing to change.</summary>
    public const int ImageAutomationNoChange = 8101;

    /// <summary>Information: an image automation run pushed a commit.</summary>
    public const int ImageAutomationPushed = 8102;
}
