namespace GitOps.Artifacts.Extraction;

/// <summary>What an extraction wrote.</summary>
/// <param name="Directory">The directory the archive was extracted into.</param>
/// <param name="Files">Regular files written.</param>
/// <param name="Directories">Directories created (explicit entries and implied parents).</param>
/// <param name="Bytes">Bytes of file content written.</param>
/// <param name="SkippedLinks">Symbolic and hard links left out under <see cref="LinkPolicy.Skip"/>.</param>
public sealed record ExtractionResult(string Directory, int Files, int Directories, long Bytes, int SkippedLinks);
