namespace GitOps.Git.Internal;

/// <summary>Fills a destination folder through a sibling staging folder renamed into place only on success.</summary>
internal static class StagedDirectory
{
    /// <exception cref="IOException">The destination exists and is not empty.</exception>
    public static async Task<T> FillAsync<T>(string directory, Func<string, Task<T>> fill)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var destination = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        var existing = Directory.Exists(destination);
        if (existing && Directory.EnumerateFileSystemEntries(destination).Any())
        {
            throw new IOException($"clone destination '{destination}' exists and is not empty");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var stage = destination + ".tmp-" + Guid.NewGuid().ToString("N")[..12];
        Directory.CreateDirectory(stage);
        try
        {
            var result = await fill(stage).ConfigureAwait(false);
            if (existing)
            {
                Directory.Delete(destination);
            }

            Directory.Move(stage, destination);
            return result;
        }
        finally
        {
            if (Directory.Exists(stage))
            {
                DeleteTree(stage);
            }
        }
    }

    /// <summary>Removes everything inside <paramref name="path"/>, keeping the folder.</summary>
    public static void Empty(string path)
    {
        foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory && directory.LinkTarget is null)
            {
                DeleteTree(directory.FullName);
            }
            else
            {
                entry.Delete();
            }
        }
    }

    /// <summary>Deletes a clone; git makes its pack files read-only.</summary>
    public static void DeleteTree(string path)
    {
        foreach (var file in Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(path, recursive: true);
    }
}
