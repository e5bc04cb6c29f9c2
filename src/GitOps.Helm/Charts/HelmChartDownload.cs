using GitOps.Artifacts;
using GitOps.Helm.Index;

namespace GitOps.Helm.Charts;

/// <summary>A chart downloaded, verified and unpacked.</summary>
/// <param name="Version">The index entry that was downloaded.</param>
/// <param name="Url">The URL it was downloaded from (resolved as Helm resolves it).</param>
/// <param name="Digest">
/// The SHA-256 digest of the archive: the index entry's, verified, or (when the entry lists none) the one
/// computed while downloading; <see cref="Verified"/> says which.
/// </param>
/// <param name="ChartDirectory">The unpacked chart's root (the directory holding Chart.yaml).</param>
/// <param name="Metadata">The chart's Chart.yaml.</param>
/// <param name="ArchiveBytes">The archive's size as served.</param>
public sealed record HelmChartDownload(HelmChartVersion Version, Uri Url, Digest Digest, string ChartDirectory, HelmChartMetadata Metadata, long ArchiveBytes)
{
    /// <summary>
    /// True when <see cref="Digest"/> was checked against the index entry's digest; false when the entry lists
    /// no digest and <see cref="Digest"/> was only computed (the chart was pulled unverified, as Helm pulls it).
    /// </summary>
    public bool Verified { get; init; }
}
