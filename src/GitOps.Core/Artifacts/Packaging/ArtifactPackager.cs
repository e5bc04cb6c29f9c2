using System.Collections.ObjectModel;
using System.IO.Compression;
using GitOps.Artifacts.Packaging.Internal;
using GitOps.SourceIgnore;

namespace GitOps.Artifacts.Packaging;

/// <summary>
/// Packs a directory into a tar.gz that is byte-for-byte the same for the same tree, wherever and whenever
/// it is packed, and returns it as an <see cref="Artifact"/> with its sha256 digest and size.
/// </summary>
/// <remarks>
/// <para>Entries are sorted ordinally by path (UTF-16 code units, <c>/</c>-separated); directories are
/// included (<c>name/</c>) except the root. Headers are POSIX ustar (PAX records only for names that do not
/// fit) with owner and group 0 and unnamed and time 0. Modes are fixed, as Flux's source-controller sets
/// them: directories <c>0755</c>, files <c>0644</c>, files with any execute bit <c>0744</c>. The gzip
/// stream has no name or time, OS byte 255 and deflate level 6 (the .NET runtime's zlib-ng: the same
/// tree gives the same bytes with the same runtime).</para>
/// <para>Ignore rules, as Flux applies them: <c>.sourceignore</c> files (gitignore syntax, each scoped to its
/// folder) and <see cref="PackOptions.Ignore"/>, on top of the VCS exclusions (<c>.git/</c>, <c>.gitignore</c>,
/// …); only when there are no rules at all do the default exclusions apply too (images, archives, CI
/// configuration: <see cref="SourceIgnoreRules.DefaultPatterns"/>). Git's semantics: nothing inside an
/// ignored directory is packed, even if a later rule re-includes it.</para>
/// <para>Symbolic links are skipped, whether to files or to directories, inside the tree or out of it (as
/// Flux does): an artifact never carries links and never reads outside the directory. So are sockets,
/// FIFOs and devices.</para>
/// </remarks>
public sealed class ArtifactPackager
{
    /// <summary>The mode of directories in the archive: 0755.</summary>
    public const int DirectoryMode = 0b111_101_101;

    /// <summary>The mode of files in the archive: 0644.</summary>
    public const int FileMode = 0b110_100_100;

    /// <summary>The mode of files with any execute bit in the archive: 0744.</summary>
    public const int ExecutableMode = 0b111_100_100;

    /// <summary>The deflate level: 6.</summary>
    public const int CompressionLevel = 6;

    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a packager.</summary>
    /// <param name="timeProvider">The clock for <see cref="Artifact.LastUpdateTime"/> (default: the system clock).</param>
    public ArtifactPackager(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Packs <paramref name="sourceDirectory"/> into <paramref name="outputFile"/> (written beside it under a
    /// temporary name, then renamed into place) and returns the artifact.
    /// </summary>
    public async Task<Artifact> PackAsync(string sourceDirectory, string outputFile, PackOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputFile);
        var output = Path.GetFullPath(outputFile);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var temporary = output + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            Artifact artifact;
            var file = new FileStream(temporary, System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
            await using (file.ConfigureAwait(false))
            {
                artifact = await PackCoreAsync(sourceDirectory, file, options, [output, temporary], cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, output, overwrite: true);
            return artifact with { Path = output };
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Packs <paramref name="sourceDirectory"/> into <paramref name="output"/> and returns the artifact (with no path).</summary>
    public Task<Artifact> PackToStreamAsync(string sourceDirectory, Stream output, PackOptions? options = null, CancellationToken cancellationToken = default) =>
        PackCoreAsync(sourceDirectory, output, options, [], cancellationToken);

    /// <summary>
    /// The relative paths (<c>/</c>-separated, directories ending in <c>/</c>) that packing
    /// <paramref name="sourceDirectory"/> would include, in archive order.
    /// </summary>
    public static IReadOnlyList<string> ListEntries(string sourceDirectory, PackOptions? options = null) =>
        [.. Collect(Path.GetFullPath(sourceDirectory), options ?? new PackOptions(), []).Select(e => e.Name)];

    private async Task<Artifact> PackCoreAsync(string sourceDirectory, Stream output, PackOptions? options, string[] exclude, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceDirectory);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new PackOptions();
        var root = Path.GetFullPath(sourceDirectory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"nothing to pack: '{root}' is not a directory");
        }

        var entries = Collect(root, options, exclude);
        using var hashing = new HashingWriteStream(output);
        var gzip = new GZipStream(hashing, new ZLibCompressionOptions { CompressionLevel = CompressionLevel }, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            // Headers and padding are small writes: buffer them ahead of the compressor.
            var buffered = new BufferedStream(gzip, 64 * 1024);
            var tar = new DeterministicTarWriter(buffered);
            foreach (var entry in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.IsDirectory)
                {
                    tar.WriteDirectory(entry.Name, DirectoryMode);
                    continue;
                }

                var content = new FileStream(entry.FullPath, System.IO.FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
                await using (content.ConfigureAwait(false))
                {
                    await tar.WriteFileAsync(entry.Name, entry.Mode, entry.Size, content, cancellationToken).ConfigureAwait(false);
                }
            }

            tar.WriteEnd();
            await buffered.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await hashing.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new Artifact
        {
            Digest = hashing.GetDigest(),
            Size = hashing.BytesWritten,
            Revision = options.Revision,
            LastUpdateTime = _timeProvider.GetUtcNow(),
            Metadata = options.Metadata is null ? new Dictionary<string, string>() : new ReadOnlyDictionary<string, string>(options.Metadata.ToDictionary()),
        };
    }

    private static List<Entry> Collect(string root, PackOptions options, string[] exclude)
    {
        var rules = new List<IgnorePattern>();
        if (options.UseSourceIgnoreFiles)
        {
            rules.AddRange(SourceIgnoreRules.LoadPatterns(root));
        }

        rules.AddRange(options.ReadExtraPatterns());
        var matcher = options.ApplyBuiltInExclusions ? SourceIgnoreRules.CreateMatcher(rules) : new IgnoreMatcher(rules);
        var entries = new List<Entry>();
        Walk(new DirectoryInfo(root), string.Empty, matcher, exclude, entries);
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    private static void Walk(DirectoryInfo directory, string prefix, IgnoreMatcher matcher, string[] exclude, List<Entry> entries)
    {
        foreach (var info in directory.EnumerateFileSystemInfos())
        {
            if (info.LinkTarget is not null || exclude.Contains(info.FullName, StringComparer.Ordinal))
            {
                continue; // symbolic links are never packed; nor is the archive being written
            }

            var relative = prefix + info.Name;
            switch (info)
            {
                case DirectoryInfo child:
                    if (!matcher.Matches(relative, isDirectory: true))
                    {
                        entries.Add(new Entry(relative + "/", child.FullName, true, DirectoryMode, 0));
                        Walk(child, relative + "/", matcher, exclude, entries);
                    }

                    break;
                case FileInfo file when IsRegularFile(file) && !matcher.Matches(relative, isDirectory: false):
                    entries.Add(new Entry(relative, file.FullName, false, IsExecutable(file) ? ExecutableMode : FileMode, file.Length));
                    break;
            }
        }
    }

    private static bool IsRegularFile(FileInfo file) =>
        OperatingSystem.IsWindows() ? (file.Attributes & FileAttributes.Device) == 0 : UnixFileType.IsRegularFile(file.FullName);

    private static bool IsExecutable(FileInfo file) =>
        !OperatingSystem.IsWindows()
        && (file.UnixFileMode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private sealed record Entry(string Name, string FullPath, bool IsDirectory, int Mode, long Size);
}
