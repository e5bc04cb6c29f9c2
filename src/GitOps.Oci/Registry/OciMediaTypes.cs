namespace GitOps.Oci.Registry;

/// <summary>The manifest media types of the OCI image spec and Docker's schema 2 that this client reads.</summary>
public static class OciMediaTypes
{
    /// <summary>An OCI image manifest.</summary>
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>An OCI image index (a list of manifests).</summary>
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>A Docker schema 2 manifest.</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>A Docker manifest list.</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>The <c>Accept</c> header value sent when fetching a manifest.</summary>
    internal const string AcceptManifests = ImageManifest + ", " + DockerManifest + ", " + ImageIndex + ", " + DockerManifestList;
}
