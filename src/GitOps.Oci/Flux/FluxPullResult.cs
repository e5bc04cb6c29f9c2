using GitOps.Artifacts;
using GitOps.Oci.Registry;

namespace GitOps.Oci.Flux;

/// <summary>A pulled and verified Flux artifact.</summary>
/// <param name="Reference">What was pulled, pinned to the manifest's digest.</param>
/// <param name="Revision">Flux's revision: <c>&lt;tag&gt;@sha256:&lt;manifest digest&gt;</c>, or the digest alone when pulled by digest.</param>
/// <param name="Manifest">The manifest, verified.</param>
/// <param name="Layer">The selected layer, verified.</param>
/// <param name="Path">The directory extracted into, or the file copied to.</param>
public sealed record FluxPullResult(OciReference Reference, Revision Revision, OciManifest Manifest, OciDescriptor Layer, string Path)
{
    /// <summary>Files extracted (0 when copied).</summary>
    public int Files { get; init; }

    /// <summary>Directories extracted (0 when copied).</summary>
    public int Directories { get; init; }

    /// <summary>Bytes extracted, or the layer's size when copied.</summary>
    public long Bytes { get; init; }

    /// <summary>The manifest's source annotation, if any.</summary>
    public string? Source => Manifest.Annotations.TryGetValue(FluxArtifact.SourceAnnotation, out var value) ? value : null;

    /// <summary>The manifest's revision annotation (the revision at the source), if any.</summary>
    public string? SourceRevision => Manifest.Annotations.TryGetValue(FluxArtifact.RevisionAnnotation, out var value) ? value : null;
}
