namespace GitOps.Oci.Flux;

/// <summary>The media types and annotation keys of Flux's OCI artifacts (RFC-0003, <c>flux push artifact</c>, <c>fluxcd/pkg oci</c>).</summary>
public static class FluxArtifact
{
    /// <summary>The config media type of an artifact <c>flux push artifact</c> makes.</summary>
    public const string ConfigMediaType = "application/vnd.cncf.flux.config.v1+json";

    /// <summary>The media type of its content layer: a gzip-compressed tar of the pushed directory.</summary>
    public const string ContentMediaType = "application/vnd.cncf.flux.content.v1.tar+gzip";

    /// <summary>Annotation: when the artifact was made (RFC 3339).</summary>
    public const string CreatedAnnotation = "org.opencontainers.image.created";

    /// <summary>Annotation: where the content came from (a Git URL, say).</summary>
    public const string SourceAnnotation = "org.opencontainers.image.source";

    /// <summary>Annotation: the content's revision at the source (<c>main@sha1:…</c>, say).</summary>
    public const string RevisionAnnotation = "org.opencontainers.image.revision";

    /// <summary>The tag Flux uses when a reference names none.</summary>
    public const string DefaultTag = "latest";
}
