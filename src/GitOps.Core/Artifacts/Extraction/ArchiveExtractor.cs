using GitOps.Artifacts.Extraction.Internal;
using GitOps.Artifacts.Internal;

namespace GitOps.Artifacts.Extraction;

/// <summary>
/// Extracts a gzip-compressed tar safely: into a staging directory beside the destination, swapped into
/// place only once the whole archive was read and accepted, so that on any failure the destination is as
/// it was and no staging directory is left behind.
/// </summary>
/// <remarks>
/// Refused, with <see cref="UnsafeArchiveException"/>: absolute names, <c>..</c> components, names that
/// resolve outside the destination, NUL and backslash characters, devices and FIFOs, links (unless
/// <see cref="LinkPolicy.Skip"/>), duplicate names and file/directory clashes, unknown entry types, corrupt
/// or truncated data. The gzip framing is checked as Go's <c>compress/gzip</c> reader checks it when read to
/// the end (the stream is): every member's CRC-32 and size against its 8-byte trailer, which must be there
/// in full; concatenated members are one stream; anything after the last member that is not another
/// member, zeros included, is refused as malformed (GNU gzip 1.12 ignores trailing zeros and warns about
/// other trailing garbage with exit status 2, which GNU tar turns into a failure; Flux's and Helm's tar
/// readers stop at the tar's end and never see it). Limits (<see cref="ExtractionOptions"/>) raise <see cref="ArtifactTooLargeException"/>
/// before the bytes beyond them are read. Files are created 0666 and directories 0777, less the process
/// umask (0644 and 0755 under the usual 022); files the archive marks executable are set to 0755. Times
/// are the extraction time and owners the current user: nothing of the archive's metadata is kept.
/// </remarks>
public sealed class ArchiveExtractor
{
    private readonly ExtractionOptions? _defaults;

    /// <summary>Creates an extractor.</summary>
    /// <param name="defaultOptions">The options used when a call passes none (default: <see cref="ExtractionOptions"/>'s defaults).</param>
    public ArchiveExtractor(ExtractionOptions? defaultOptions = null)
    {
        _defaults = defaultOptions;
    }

    /// <summary>
    /// Reads <paramref name="gzipTar"/> (a gzip-compressed tar, one or more gzip members) to its end and, if
    /// it is an acceptable archive, puts its contents at
    /// <paramref name="destinationDirectory"/> (replacing a directory already there).
    /// </summary>
    /// <exception cref="UnsafeArchiveException">The archive is unsafe or malformed.</exception>
    /// <exception cref="ArtifactTooLargeException">A limit was crossed.</exception>
    public async Task<ExtractionResult> ExtractAsync(Stream gzipTar, string destinationDirectory, ExtractionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gzipTar);
        ArgumentException.ThrowIfNullOrEmpty(destinationDirectory);
        options ??= _defaults ?? new ExtractionOptions();
        options.Validate();
        var destination = Path.GetFullPath(destinationDirectory);
        var staging = DirectorySwap.CreateStaging(destination);
        try
        {
            ExtractionResult result;
            var gzip = new GzipReadStream(gzipTar);
            await using (gzip.ConfigureAwait(false))
            {
                result = await TarExtractor.ExtractAsync(gzip, staging, options, cancellationToken).ConfigureAwait(false);
            }

            DirectorySwap.Replace(staging, destination);
            staging = null;
            return result with { Directory = destination };
        }
        finally
        {
            DirectorySwap.TryDelete(staging);
        }
    }
}
