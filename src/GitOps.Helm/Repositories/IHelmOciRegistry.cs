using GitOps.Helm.Charts;

namespace GitOps.Helm.Repositories;

/// <summary>
/// Pulls charts from <c>oci://</c> repositories for <see cref="HelmRepositoryClient"/>. GitOps.Helm carries no
/// registry client of its own, so that users of HTTP repositories take on no OCI code: the implementation is
/// <c>GitOps.Oci.Charts.OciHelmChartClient</c> in the GitOps.Oci package, registered by
/// <c>services.AddGitOpsOci()</c> or passed to the client's constructor.
/// </summary>
public interface IHelmOciRegistry
{
    /// <summary>
    /// <c>helm pull oci://HOST/REPOSITORY/CHART --version CONSTRAINT [--devel] --untar --untardir DESTINATION</c>:
    /// the version Helm selects among the repository's tags, verified by manifest and layer digest.
    /// </summary>
    /// <param name="chartReference">The chart's reference, <c>oci://HOST[:PORT]/REPOSITORY/CHART</c> (a <c>:TAG</c> or <c>@DIGEST</c> pins it).</param>
    /// <param name="constraint">A version or constraint; null or empty for the latest stable version.</param>
    /// <param name="destinationDirectory">Where to unpack the chart (replaced atomically; untouched on failure).</param>
    /// <param name="devel">Without a constraint, consider prereleases too.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    Task<HelmChartDownload> PullAsync(string chartReference, string? constraint, string destinationDirectory, bool devel = false, CancellationToken cancellationToken = default);
}
