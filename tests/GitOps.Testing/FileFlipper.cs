namespace GitOps.Testing;

/// <summary>
/// Another process's race, played in a test: swaps a file, again and again until cancelled, between a symbolic link
/// and a regular file, each time by an atomic rename over it, so a reader sees one or the other, never neither.
/// </summary>
public static class FileFlipper
{
    /// <summary>Starts flipping <paramref name="path"/>; the task's result is the number of swaps made.</summary>
    /// <param name="path">The file that is swapped.</param>
    /// <param name="linkTarget">What the symbolic link points at (e.g. <c>../secret</c>).</param>
    /// <param name="regularContent">The regular file's text.</param>
    /// <param name="stop">Stops the swapping.</param>
    public static Task<int> Start(string path, string linkTarget, string regularContent, CancellationToken stop) => Task.Run(() =>
    {
        var staged = path + ".next";
        var flips = 0;
        while (!stop.IsCancellationRequested)
        {
            if (flips++ % 2 == 0)
            {
                File.CreateSymbolicLink(staged, linkTarget);
            }
            else
            {
                File.WriteAllText(staged, regularContent);
            }

            File.Move(staged, path, overwrite: true);
        }

        return flips;
    });
}
