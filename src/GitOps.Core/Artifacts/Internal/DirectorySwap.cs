using System.Runtime.InteropServices;

namespace GitOps.Artifacts.Internal;

/// <summary>
/// Puts a fully written staging directory in place of a destination directory. On Linux an existing
/// destination is exchanged with the staging directory in one <c>renameat2(RENAME_EXCHANGE)</c>, so a
/// reader sees either the old tree or the new one, never neither; elsewhere (or on file systems without
/// the exchange) the old tree is renamed aside first and put back if the second rename fails.
/// </summary>
internal static partial class DirectorySwap
{
    private const int AtCurrentDirectory = -100;
    private const uint RenameExchange = 2;

    /// <summary>A new, empty staging directory beside <paramref name="destination"/> (same file system, so renames are atomic).</summary>
    public static string CreateStaging(string destination)
    {
        var parent = Path.GetDirectoryName(destination) ?? throw new ArgumentException("the destination cannot be a root directory", nameof(destination));
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(destination)}.staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        return staging;
    }

    /// <summary>
    /// The file beside <paramref name="destination"/> (in its parent, never inside the tree, so that what was
    /// extracted stays exactly the artifact) that records that a fetch made it: <c>.NAME.gitops-artifact</c>.
    /// </summary>
    public static string MarkerPath(string destination)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        return Path.Combine(Path.GetDirectoryName(full) ?? full, $".{Path.GetFileName(full)}.gitops-artifact");
    }

    /// <summary>
    /// Refuses a destination that must not be replaced: a root, the current directory or a parent of it, a file,
    /// or (unless <paramref name="overwrite"/>) a non-empty directory without the marker a fetch leaves beside it.
    /// </summary>
    public static void CheckReplaceable(string destination, bool overwrite)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        if (Path.GetDirectoryName(full) is null)
        {
            throw new ArtifactDestinationException($"refusing to replace the root directory '{full}'");
        }

        var current = Path.TrimEndingDirectorySeparator(Environment.CurrentDirectory);
        if (current == full || current.StartsWith(full + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArtifactDestinationException($"refusing to replace '{full}': it is the current directory or one of its parents");
        }

        if (File.Exists(full))
        {
            throw new ArtifactDestinationException($"the destination '{full}' is a file, not a directory");
        }

        if (!overwrite && Directory.Exists(full) && !File.Exists(MarkerPath(full)) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            throw new ArtifactDestinationException($"refusing to replace '{full}': not empty and not made by an earlier fetch; pass overwrite (--overwrite) to replace it");
        }
    }

    /// <summary>Deletes a staging directory, never throwing: a failure here must not hide the original one.</summary>
    public static void TryDelete(string? directory)
    {
        if (directory is null)
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Moves <paramref name="staging"/> to <paramref name="destination"/>, replacing what was there.</summary>
    public static void Replace(string staging, string destination)
    {
        if (File.Exists(destination))
        {
            throw new IOException($"the destination '{destination}' is a file, not a directory");
        }

        if (!Directory.Exists(destination))
        {
            Directory.Move(staging, destination);
            return;
        }

        if (OperatingSystem.IsLinux() && TryExchange(staging, destination))
        {
            TryDelete(staging); // now holds the old tree
            return;
        }

        var aside = Path.Combine(Path.GetDirectoryName(destination)!, $".{Path.GetFileName(destination)}.old-{Guid.NewGuid():N}");
        Directory.Move(destination, aside);
        try
        {
            Directory.Move(staging, destination);
        }
        catch
        {
            Directory.Move(aside, destination);
            throw;
        }

        TryDelete(aside);
    }

    private static bool TryExchange(string a, string b)
    {
        try
        {
            return RenameAt2(AtCurrentDirectory, a, AtCurrentDirectory, b, RenameExchange) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);
}
