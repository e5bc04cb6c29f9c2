namespace GitOps.Artifacts;

/// <summary>
/// An artifact went over a configured limit. Thrown as soon as the limit is crossed while reading, before
/// anything beyond it is buffered or written. Retrying cannot help; raise the limit if the artifact is trusted.
/// </summary>
public sealed class ArtifactTooLargeException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="limit">Which limit was crossed.</param>
    /// <param name="maximum">The limit's value.</param>
    /// <param name="entryName">The archive entry being read when it was crossed, if any.</param>
    public ArtifactTooLargeException(ArtifactLimit limit, long maximum, string? entryName = null)
        : base(Describe(limit, maximum, entryName))
    {
        Limit = limit;
        Maximum = maximum;
        EntryName = entryName;
    }

    /// <summary>Which limit was crossed.</summary>
    public ArtifactLimit Limit { get; }

    /// <summary>The limit's value (bytes, or entries for <see cref="ArtifactLimit.Entries"/>).</summary>
    public long Maximum { get; }

    /// <summary>The archive entry being read when the limit was crossed, or null.</summary>
    public string? EntryName { get; }

    private static string Describe(ArtifactLimit limit, long maximum, string? entryName)
    {
        var what = limit switch
        {
            ArtifactLimit.DownloadBytes => $"artifact is larger than the download limit of {maximum} bytes",
            ArtifactLimit.ExtractedBytes => $"artifact extracts to more than the limit of {maximum} bytes",
            ArtifactLimit.FileBytes => $"archive entry is larger than the per-file limit of {maximum} bytes",
            ArtifactLimit.Entries => $"archive has more than the limit of {maximum} entries",
            ArtifactLimit.HeaderBytes => $"archive entry metadata is larger than the limit of {maximum} bytes",
            _ => $"artifact exceeds a limit of {maximum}",
        };
        return entryName is null ? what : $"{what} (at entry '{entryName}')";
    }
}
