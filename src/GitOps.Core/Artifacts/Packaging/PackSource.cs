using GitOps.SourceIgnore;

namespace GitOps.Artifacts.Packaging;

/// <summary>
/// A tree for <see cref="ArtifactPackager"/> to pack that is not a directory on disk, such as a Git commit's tree
/// read from its object database. The packer walks it as it walks a directory (sorted, ignore rules applied per
/// folder, ignored folders never entered), so the same tree packs to the same bytes whichever way it is read.
/// </summary>
public abstract class PackSource
{
    /// <summary>The entries of one folder of the tree, in any order.</summary>
    /// <param name="directory">The folder: empty for the root, otherwise its <c>/</c>-separated path from the root.</param>
    public abstract IEnumerable<PackSourceEntry> GetEntries(string directory);

    /// <summary>Opens a file entry for reading; the stream gives exactly the entry's <see cref="PackSourceEntry.Size"/> bytes.</summary>
    /// <param name="path">The file's <c>/</c>-separated path from the root.</param>
    public abstract Stream OpenRead(string path);

    /// <summary>
    /// Called once the packer knows what it will pack, before it opens the first of <paramref name="files"/>; it then
    /// opens each of them once, in this order. A source may start reading them ahead. The default does nothing.
    /// </summary>
    /// <param name="files">The <c>/</c>-separated paths of the files to pack, in archive order.</param>
    protected internal virtual void BeginReading(IReadOnlyList<string> files)
    {
    }

    /// <summary>
    /// The tree's <c>.sourceignore</c> rules, each file's scoped to its folder, parents before children and
    /// folders in ordinal order (as <see cref="SourceIgnoreRules.LoadPatterns(string)"/> reads a directory);
    /// <c>.git</c> folders are not read. The default reads every <c>.sourceignore</c> file entry.
    /// </summary>
    public virtual IReadOnlyList<IgnorePattern> LoadSourceIgnorePatterns()
    {
        var patterns = new List<IgnorePattern>();
        Load(string.Empty, [], patterns);
        return patterns;
    }

    private void Load(string directory, string[] domain, List<IgnorePattern> patterns)
    {
        var entries = GetEntries(directory).ToList();
        var prefix = directory.Length == 0 ? string.Empty : directory + "/";
        if (entries.Any(e => e.Kind == PackSourceEntryKind.File && e.Name == SourceIgnoreRules.FileName))
        {
            using var reader = new StreamReader(OpenRead(prefix + SourceIgnoreRules.FileName));
            patterns.AddRange(SourceIgnoreRules.ReadPatterns(reader, domain));
        }

        foreach (var child in entries.Where(e => e.Kind == PackSourceEntryKind.Directory && e.Name != ".git").Select(e => e.Name).Order(StringComparer.Ordinal))
        {
            Load(prefix + child, [.. domain, child], patterns);
        }
    }
}

/// <summary>One entry of a <see cref="PackSource"/> folder.</summary>
/// <param name="Name">The entry's name within its folder (no <c>/</c>).</param>
/// <param name="Kind">File, folder, or something never packed.</param>
/// <param name="Size">A file's size in bytes (0 for the rest).</param>
/// <param name="IsExecutable">Whether a file has an execute bit (packed as <see cref="ArtifactPackager.ExecutableMode"/>).</param>
public readonly record struct PackSourceEntry(string Name, PackSourceEntryKind Kind, long Size = 0, bool IsExecutable = false);

/// <summary>What a <see cref="PackSourceEntry"/> is.</summary>
public enum PackSourceEntryKind
{
    /// <summary>A regular file: packed unless ignored.</summary>
    File,

    /// <summary>A folder: packed (as <c>name/</c>) and entered unless ignored.</summary>
    Directory,

    /// <summary>A symbolic link, FIFO, socket or device: never packed, never followed.</summary>
    Other,
}
