using GitOps.Artifacts;
using GitOps.Helm.Index;

namespace GitOps.Helm.Charts;

/// <summary>A chart downloaded, verified and unpacked.</summary>
/// <param name="Version">The index entry that was downloaded.</param>
/// <param name="Url">The URL it was downloaded from (resolved as Helm resolves it).</param>
/// <param name="Digest">The verified SHA-256 digest of the archive.</param>
/// <param name="ChartDirectory">The unpacked chart's root (the directory holding Chart.yaml).</param>
/// <param name="Metadata">The chart's Chart.yaml.</param>
/// <param name="ArchiveBytes">The archive's size as served.</param>
public sealed record HelmChartDownload(HelmChartVersion Version, Uri Url, Digest Digest, string ChartDirectory, HelmChartMetadata Metadata, long ArchiveBytes);
