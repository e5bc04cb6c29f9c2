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
        ArgumentException.ThrowIfNullOrEmpty(sourceDirectory);
        ArgumentException.ThrowIfNullOrEmpty(outputFile);
        var output = Path.GetFullPath(outputFile);
        return await PackToFileAsync(OpenDirectory(sourceDirectory, [output]), output, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Packs a tree that is not a directory on disk (<paramref name="source"/>) into <paramref name="outputFile"/>
    /// (written beside it under a temporary name, then renamed into place) and returns the artifact. The same tree
    /// gives the same bytes as packing it from a directory.
    /// </summary>
    public Task<Artifact> PackTreeAsync(PackSource source, string outputFile, PackOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(outputFile);
        return PackToFileAsync(source, Path.GetFullPath(outputFile), options, cancellationToken);
    }

    /// <summary>Packs <paramref name="sourceDirectory"/> into <paramref name="output"/> and returns the artifact (with no path).</summary>
    public async Task<Artifact> PackToStreamAsync(string sourceDirectory, Stream output, PackOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceDirectory);
        return await PackCoreAsync(OpenDirectory(sourceDirectory, []), output, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Packs <paramref name="source"/> into <paramref name="output"/> and returns the artifact (with no path).</summary>
    public Task<Artifact> PackTreeToStreamAsync(PackSource source, Stream output, PackOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return PackCoreAsync(source, output, options, cancellationToken);
    }

    /// <summary>
    /// The relative paths (<c>/</c>-separated, directories ending in <c>/</c>) that packing
    /// <paramref name="sourceDirectory"/> would include, in archive order.
    /// </summary>
    public static IReadOnlyList<string> ListEntries(string sourceDirectory, PackOptions? options = null) =>
        [.. Collect(OpenDirectory(sourceDirectory, []), options ?? new PackOptions()).Select(e => e.Name)];

    private static DirectoryPackSource OpenDirectory(string sourceDirectory, string[] exclude)
    {
        var root = Path.GetFullPath(sourceDirectory);
        return Directory.Exists(root)
            ? new DirectoryPackSource(root, exclude)
            : throw new DirectoryNotFoundException($"nothing to pack: '{root}' is not a directory");
    }

    private async Task<Artifact> PackToFileAsync(PackSource source, string output, PackOptions? options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var temporary = output + ".tmp-" + Guid.NewGuid().ToString("N");
        if (source is DirectoryPackSource directory)
        {
            source = new DirectoryPackSource(directory.Root, [output, temporary]);
        }

        try
        {
            Artifact artifact;
            var file = new FileStream(temporary, System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
            await using (file.ConfigureAwait(false))
            {
                artifact = await PackCoreAsync(source, file, options, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, output, overwrite: true);
            return artifact with { Path = output };
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private async Task<Artifact> PackCoreAsync(PackSource source, Stream output, PackOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        options ??= new PackOptions();
        var entries = Collect(source, options);
        source.BeginReading([.. entries.Where(e => !e.IsDirectory).Select(e => e.Name)]);
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

                var content = source.OpenRead(entry.Name);
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

    private static List<Entry> Collect(PackSource source, PackOptions options)
    {
        var rules = new List<IgnorePattern>();
        if (options.UseSourceIgnoreFiles)
        {
            rules.AddRange(source.LoadSourceIgnorePatterns());
        }

        rules.AddRange(options.ReadExtraPatterns());
        var matcher = options.ApplyBuiltInExclusions ? SourceIgnoreRules.CreateMatcher(rules) : new IgnoreMatcher(rules);
        var entries = new List<Entry>();
        Walk(source, string.Empty, matcher, entries);
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    private static void Walk(PackSource source, string directory, IgnoreMatcher matcher, List<Entry> entries)
    {
        var prefix = directory.Length == 0 ? string.Empty : directory + "/";
        foreach (var entry in source.GetEntries(directory))
        {
            var relative = prefix + entry.Name;
            switch (entry.Kind)
            {
                case PackSourceEntryKind.Directory when !matcher.Matches(relative, isDirectory: true):
                    entries.Add(new Entry(relative + "/", true, DirectoryMode, 0));
                    Walk(source, relative, matcher, entries);
                    break;
                case PackSourceEntryKind.File when !matcher.Matches(relative, isDirectory: false):
                    entries.Add(new Entry(relative, false, entry.IsExecutable ? ExecutableMode : FileMode, entry.Size));
                    break;
            }
        }
    }

    private sealed record Entry(string Name, bool IsDirectory, int Mode, long Size);
}
