namespace GitOps.Artifacts;

/// <summary>Which limit an artifact went over (<see cref="ArtifactTooLargeException.Limit"/>).</summary>
public enum ArtifactLimit
{
    /// <summary>The bytes downloaded (the compressed artifact as served).</summary>
    DownloadBytes,

    /// <summary>The bytes extracted: file contents, plus any data after the archive's end.</summary>
    ExtractedBytes,

    /// <summary>The size of one file in the archive.</summary>
    FileBytes,

    /// <summary>The number of entries in the archive.</summary>
    Entries,

    /// <summary>The size of one entry's metadata (a PAX or GNU long-name record).</summary>
    HeaderBytes,
}
