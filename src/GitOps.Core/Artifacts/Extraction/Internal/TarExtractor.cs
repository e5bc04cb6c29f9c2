using System.Buffers;

namespace GitOps.Artifacts.Extraction.Internal;

/// <summary>
/// Extracts an uncompressed tar stream into a new, empty directory that nothing else writes to (a staging
/// directory). Every entry is checked before anything is written for it: name, containment, type, the
/// limits, and duplicates. Files are created with <see cref="FileMode.CreateNew"/>, so nothing that already
/// exists (least of all a link) is ever followed or overwritten.
/// </summary>
internal static class TarExtractor
{
    /// <summary>What a directory is charged against <see cref="ExtractionOptions.MaxExtractedBytes"/>: one block of an ordinary file system.</summary>
    internal const long DirectoryBytes = 4096;

    private const UnixFileMode DirectoryMode = (UnixFileMode)0b111_111_111; // 0777, less the umask
    private const UnixFileMode ExecutableMode = (UnixFileMode)0b111_101_101; // 0755

    /// <summary>
    /// Extracts <paramref name="tar"/> into <paramref name="directory"/> and reads the stream to its end
    /// (counting whatever follows the archive against the extracted-bytes limit).
    /// </summary>
    public static async Task<ExtractionResult> ExtractAsync(Stream tar, string directory, ExtractionOptions options, CancellationToken cancellationToken)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar;
        var seen = new EntryRegistry();
        var budget = new Budget(options);
        int files = 0, skippedLinks = 0;
        using var reader = new TarStreamReader(tar);
        var writers = new FileWriterQueue();
        await using var writersScope = writers.ConfigureAwait(false);
        try
        {
            while (await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } header)
            {
                budget.CountEntry();
                var relative = EntryPath.Normalize(header.Name);
                switch (header.Kind)
                {
                    case TarEntryKind.Directory:
                        if (relative.Length == 0)
                        {
                            continue; // the root itself ("./")
                        }

                        Claim(seen, budget, relative, header.Name, root);
                        continue;
                    case TarEntryKind.File:
                        if (relative.Length == 0)
                        {
                            ThrowHelper.Unsafe(UnsafeArchiveReason.InvalidName, header.Name, "a file entry names the root directory");
                        }

                        if (header.Size > options.MaxFileBytes)
                        {
                            ThrowHelper.TooLarge(ArtifactLimit.FileBytes, options.MaxFileBytes, header.Name);
                        }

                        budget.Charge(header.Size, header.Name);
                        var full = EntryPath.Resolve(root, relative, header.Name);
                        ClaimParents(seen, budget, relative, header.Name, root);
                        if (seen.HasDirectory(relative) || !seen.AddFile(relative))
                        {
                            ThrowHelper.Unsafe(UnsafeArchiveReason.DuplicateEntry, header.Name, "two entries have the same name");
                        }

                        var executable = (header.Mode & 0b001_001_001) != 0;
                        if (header.Size <= FileWriterQueue.MaxQueuedFileBytes)
                        {
                            var data = header.Size == 0 ? [] : ArrayPool<byte>.Shared.Rent((int)header.Size);
                            try
                            {
                                await reader.ReadDataAsync(data.AsMemory(0, (int)header.Size), header.Name, cancellationToken).ConfigureAwait(false);
                            }
                            catch
                            {
                                FileWriterQueue.ReturnBuffer(data);
                                throw;
                            }

                            await writers.EnqueueAsync(full, data, (int)header.Size, executable, cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            await WriteFileAsync(reader, full, executable, header.Name, cancellationToken).ConfigureAwait(false);
                        }

                        files++;
                        continue;
                    case TarEntryKind.SymbolicLink or TarEntryKind.HardLink:
                        if (options.Links == LinkPolicy.Skip)
                        {
                            skippedLinks++;
                            continue;
                        }

                        ThrowHelper.Unsafe(
                            header.Kind == TarEntryKind.SymbolicLink ? UnsafeArchiveReason.SymbolicLink : UnsafeArchiveReason.HardLink,
                            header.Name,
                            $"links are not extracted (this one points to '{header.LinkName}')");
                        break;
                    case TarEntryKind.CharacterDevice or TarEntryKind.BlockDevice or TarEntryKind.Fifo:
                        ThrowHelper.Unsafe(UnsafeArchiveReason.SpecialFile, header.Name, "device and FIFO entries are never extracted");
                        break;
                    default:
                        ThrowHelper.Unsafe(UnsafeArchiveReason.UnsupportedEntryType, header.Name, $"entry type '{(char)header.TypeFlag}' is not supported");
                        break;
                }
            }

            // What follows the end-of-archive block (normally the second zero block, maybe padding) is read
            // so that the gzip trailer is checked, and counted against the limit, but is not content.
            _ = await reader.DrainAsync(options.MaxExtractedBytes - budget.Charged, cancellationToken).ConfigureAwait(false);
            await writers.CompleteAsync().ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            // Raised by the decompressor below the reader: the gzip stream is corrupt or not gzip at all.
            ThrowHelper.Malformed("the data is not a valid gzip stream: " + ex.Message, inner: ex);
        }

        return new ExtractionResult(Path.TrimEndingDirectorySeparator(root), files, budget.Directories, budget.FileBytes, skippedLinks);
    }

    /// <summary>Records a directory entry (and its parents), creating it.</summary>
    private static void Claim(EntryRegistry seen, Budget budget, string relative, string entryName, string root)
    {
        ClaimParents(seen, budget, relative, entryName, root);
        if (seen.MayHaveFile(relative))
        {
            ThrowHelper.Unsafe(UnsafeArchiveReason.DuplicateEntry, entryName, "a directory has the name of a file");
        }

        if (!seen.AddDirectory(relative))
        {
            return;
        }

        budget.ChargeDirectory(entryName, implied: false);
        CreateDirectory(EntryPath.Resolve(root, relative, entryName));
    }

    /// <summary>Makes sure every parent of <paramref name="relative"/> is a directory we created; each new one is an entry of its own.</summary>
    private static void ClaimParents(EntryRegistry seen, Budget budget, string relative, string entryName, string root)
    {
        for (var slash = relative.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = relative.IndexOf('/', slash + 1))
        {
            var parent = relative[..slash];
            if (seen.HasDirectory(parent))
            {
                continue;
            }

            if (seen.MayHaveFile(parent))
            {
                ThrowHelper.Unsafe(UnsafeArchiveReason.DuplicateEntry, entryName, $"'{parent}' is a file and cannot hold other entries");
            }

            seen.AddDirectory(parent);
            budget.ChargeDirectory(entryName, implied: true);
            CreateDirectory(EntryPath.Resolve(root, parent, entryName));
        }
    }

    private static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, DirectoryMode);
        }
    }

    private static async Task WriteFileAsync(TarStreamReader reader, string path, bool executable, string entryName, CancellationToken cancellationToken)
    {
        // A bare handle and positional writes: no FileStream, no seek. CreateNew never follows or replaces
        // anything that exists. New files get 0666 less the umask (0644 under the usual 022); files the
        // archive marks executable are then set to 0755.
        using var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        await reader.CopyDataAsync(file, entryName, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows() && executable)
        {
            File.SetUnixFileMode(file, ExecutableMode);
        }
    }

    /// <summary>
    /// The extraction's running totals against its limits: entries (every entry the archive lists and every
    /// parent directory it implies) and bytes (file contents, and <see cref="DirectoryBytes"/> for each directory).
    /// </summary>
    private sealed class Budget(ExtractionOptions options)
    {
        private int _entries;

        public long FileBytes { get; private set; }

        public int Directories { get; private set; }

        public long Charged => FileBytes + (Directories * DirectoryBytes);

        public void CountEntry()
        {
            if (++_entries > options.MaxEntries)
            {
                ThrowHelper.TooLarge(ArtifactLimit.Entries, options.MaxEntries);
            }
        }

        public void Charge(long size, string entryName)
        {
            if (size > options.MaxExtractedBytes - Charged)
            {
                ThrowHelper.TooLarge(ArtifactLimit.ExtractedBytes, options.MaxExtractedBytes, entryName);
            }

            FileBytes += size;
        }

        public void ChargeDirectory(string entryName, bool implied)
        {
            if (implied)
            {
                CountEntry();
            }

            if (DirectoryBytes > options.MaxExtractedBytes - Charged)
            {
                ThrowHelper.TooLarge(ArtifactLimit.ExtractedBytes, options.MaxExtractedBytes, entryName);
            }

            Directories++;
        }
    }
}
