using GitOps.Artifacts;
using GitOps.Oci.Registry;

namespace GitOps.Oci.Flux;

/// <summary>A pushed Flux artifact.</summary>
/// <param name="Reference">Where it was pushed, pinned to the manifest digest.</param>
/// <param name="Digest">The manifest's digest.</param>
/// <param name="Revision">Flux's revision for it: <c>&lt;tag&gt;@sha256:&lt;manifest digest&gt;</c>.</param>
/// <param name="Layer">The content layer (the packed directory).</param>
public sealed record FluxPushResult(OciReference Reference, Digest Digest, Revision Revision, OciDescriptor Layer);
