using GitOps.SourceIgnore;

namespace GitOps.Artifacts.Packaging.Internal;

/// <summary>
/// A directory on disk as a <see cref="PackSource"/>: symbolic links (to files or folders, inside or out) are never
/// followed, FIFOs, sockets and devices never opened, and the archive being written is left out.
/// </summary>
internal sealed class DirectoryPackSource(string root, string[] exclude) : PackSource
{
    public string Root { get; } = root;

    public override IEnumerable<PackSourceEntry> GetEntries(string directory)
    {
        foreach (var info in new DirectoryInfo(Resolve(directory)).EnumerateFileSystemInfos())
        {
            if (exclude.Contains(info.FullName, StringComparer.Ordinal))
            {
                continue; // the archive being written
            }

            yield return info switch
            {
                _ when info.LinkTarget is not null => new PackSourceEntry(info.Name, PackSourceEntryKind.Other),
                DirectoryInfo => new PackSourceEntry(info.Name, PackSourceEntryKind.Directory),
                FileInfo file when IsRegularFile(file) => new PackSourceEntry(info.Name, PackSourceEntryKind.File, file.Length, IsExecutable(file)),
                _ => new PackSourceEntry(info.Name, PackSourceEntryKind.Other),
            };
        }
    }

    public override Stream OpenRead(string path) =>
        new FileStream(Resolve(path), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    // .sourceignore files are read as Flux reads them from a checkout (a link named .sourceignore is followed).
    public override IReadOnlyList<IgnorePattern> LoadSourceIgnorePatterns() => SourceIgnoreRules.LoadPatterns(Root);

    private string Resolve(string path) => path.Length == 0 ? Root : Path.Combine(Root, path);

    private static bool IsRegularFile(FileInfo file) =>
        OperatingSystem.IsWindows() ? (file.Attributes & FileAttributes.Device) == 0 : UnixFileType.IsRegularFile(file.FullName);

    private static bool IsExecutable(FileInfo file) =>
        !OperatingSystem.IsWindows()
        && (file.UnixFileMode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
