namespace GitOps.ImageAutomation.Setters.Internal;

/// <summary>
/// The files image-automation-controller's ScreeningLocalReader considers, in <c>filepath.Walk</c>'s order
/// (depth first, names sorted bytewise): <c>*.yaml</c>, <c>*.yml</c> and files named <c>Kustomization</c>.
/// Directory links are not followed (as Walk); a file link is read only when its final target is inside the
/// root, so nothing outside the root is ever read or written.
/// </summary>
internal static class RootWalker
{
    public static IEnumerable<(string Relative, string Physical)> Files(string root, int maxFiles)
    {
        var count = 0;
        return Walk(root, string.Empty);

        IEnumerable<(string Relative, string Physical)> Walk(string dir, string relative)
        {
            foreach (var entry in new DirectoryInfo(dir).GetFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var rel = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                if (entry.LinkTarget is null && entry is DirectoryInfo)
                {
                    foreach (var file in Walk(entry.FullName, rel))
                    {
                        yield return file;
                    }

                    continue;
                }

                if (++count > maxFiles)
                {
                    throw new ImageSetterException($"more than {maxFiles} files under the update path");
                }

                if (!IsCandidate(entry.Name))
                {
                    continue;
                }

                if (entry.LinkTarget is null)
                {
                    yield return (rel, entry.FullName);
                }
                else if (entry.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true } target && IsInside(root, target.FullName))
                {
                    yield return (rel, target.FullName);
                }
            }
        }
    }

    private static bool IsCandidate(string name) =>
        name == "Kustomization" || name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal);

    private static bool IsInside(string root, string path)
    {
        var full = Path.GetFullPath(path);
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal);
    }
}
