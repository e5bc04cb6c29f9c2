namespace GitOps.Artifacts.Extraction;

/// <summary>
/// Limits and policies for extracting a tar.gz. Every limit is on by default and enforced while reading:
/// an entry's declared size is checked against the limits before any of its bytes are read.
/// </summary>
public sealed class ExtractionOptions
{
    /// <summary>Flux's default cap on extracted bytes: 100 MiB.</summary>
    public const long DefaultMaxExtractedBytes = 100L * 1024 * 1024;

    /// <summary>The default cap on one file: 100 MiB (the same as the total, as in Flux).</summary>
    public const long DefaultMaxFileBytes = 100L * 1024 * 1024;

    /// <summary>The default cap on the number of entries: 100,000.</summary>
    public const int DefaultMaxEntries = 100_000;

    /// <summary>The cap on the metadata before one entry (PAX record sets and GNU long names, their headers included): 1 MiB.</summary>
    public const int MaxHeaderBytes = 1024 * 1024;

    /// <summary>
    /// The most bytes all files together may hold, plus 4 KiB for each directory (explicit or implied by a
    /// file's path: what a directory takes on disk), plus any data after the archive's end. Also stops gzip
    /// bombs, whatever their compression ratio. Default <see cref="DefaultMaxExtractedBytes"/> (100 MiB).
    /// </summary>
    public long MaxExtractedBytes { get; set; } = DefaultMaxExtractedBytes;

    /// <summary>The most bytes one file may hold. Default <see cref="DefaultMaxFileBytes"/> (100 MiB).</summary>
    public long MaxFileBytes { get; set; } = DefaultMaxFileBytes;

    /// <summary>
    /// The most entries the archive may have: files, directories, links, and each parent directory a path
    /// implies without an entry of its own. Metadata records (PAX, GNU long names) are not entries: they are
    /// capped by <see cref="MaxHeaderBytes"/> before each entry. Default 100,000.
    /// </summary>
    public int MaxEntries { get; set; } = DefaultMaxEntries;

    /// <summary>What to do with symbolic and hard links. Default <see cref="LinkPolicy.Reject"/>.</summary>
    public LinkPolicy Links { get; set; } = LinkPolicy.Reject;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a limit is not positive.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxExtractedBytes, nameof(MaxExtractedBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFileBytes, nameof(MaxFileBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxEntries, nameof(MaxEntries));
        if (!Enum.IsDefined(Links))
        {
            throw new ArgumentOutOfRangeException(nameof(Links), Links, "unknown link policy");
        }
    }
}
