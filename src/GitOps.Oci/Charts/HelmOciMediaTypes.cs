namespace GitOps.Oci.Charts;

/// <summary>The media types of Helm charts in OCI registries (helm v4 <c>pkg/registry/constants.go</c>).</summary>
public static class HelmOciMediaTypes
{
    /// <summary>The config: the chart's metadata (Chart.yaml) as JSON.</summary>
    public const string Config = "application/vnd.cncf.helm.config.v1+json";

    /// <summary>The chart archive layer.</summary>
    public const string ChartContent = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    /// <summary>The chart archive layer as Helm's first OCI support (before 3.7) pushed it; still read.</summary>
    public const string LegacyChartContent = "application/tar+gzip";

    /// <summary>The provenance layer (<c>helm package --sign</c>).</summary>
    public const string Provenance = "application/vnd.cncf.helm.chart.provenance.v1.prov";
}
