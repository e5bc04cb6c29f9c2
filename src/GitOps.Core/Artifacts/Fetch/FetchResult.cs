namespace GitOps.Artifacts.Fetch;

/// <summary>What a successful fetch did.</summary>
/// <param name="Url">The artifact's address (credentials masked).</param>
/// <param name="Directory">Where the artifact's contents now are.</param>
/// <param name="Digest">
/// The digest of the bytes served: the expected one, verified, after <see cref="ArtifactFetcher.FetchAsync"/>;
/// their SHA-256, computed but not checked, after <see cref="ArtifactFetcher.FetchUnverifiedAsync"/> (see <see cref="Verified"/>).
/// </param>
/// <param name="Size">The number of bytes served (the compressed artifact).</param>
/// <param name="Files">Files extracted.</param>
/// <param name="Directories">Directories created.</param>
/// <param name="ExtractedBytes">Bytes of file content extracted.</param>
/// <param name="SkippedLinks">Links left out under <see cref="Extraction.LinkPolicy.Skip"/>.</param>
/// <param name="Attempts">Attempts made, 1 when the first one succeeded.</param>
public sealed record FetchResult(
    Uri Url,
    string Directory,
    Digest Digest,
    long Size,
    int Files,
    int Directories,
    long ExtractedBytes,
    int SkippedLinks,
    int Attempts)
{
    /// <summary>
    /// Whether <see cref="Digest"/> was checked against an expected digest (true) or only computed while
    /// downloading because none was given (false, <see cref="ArtifactFetcher.FetchUnverifiedAsync"/>).
    /// </summary>
    public bool Verified { get; init; }
}
