using GitOps.Artifacts;

namespace GitOps.Oci.Registry;

/// <summary>An OCI content descriptor: what a manifest says about a blob (or another manifest).</summary>
/// <param name="MediaType">The content's media type.</param>
/// <param name="Digest">The content's digest.</param>
/// <param name="Size">The content's size in bytes.</param>
public sealed record OciDescriptor(string MediaType, Digest Digest, long Size)
{
    /// <summary>The descriptor's annotations (empty when it has none).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
