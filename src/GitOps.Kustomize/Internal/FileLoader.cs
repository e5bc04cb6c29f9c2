using System.Text;
using Microsoft.Win32.SafeHandles;

namespace GitOps.Kustomize.Internal;

/// <summary>
/// Loads files for one kustomization directory with kustomize's root-only restriction: files must resolve
/// (after following symlinks) inside the kustomization's own directory; other kustomization directories
/// may be anywhere except where they would form a cycle. When an allowed root is set, nothing outside it
/// is read at all. Remote URLs are refused.
/// </summary>
/// <remarks>
/// A file is opened once and read through that one handle, and the containment check is made on what the
/// handle actually opened (on Linux, <c>/proc/self/fd</c>), so a path swapped for a symlink between the check
/// and the read cannot lead outside. Every loader of one build shares one byte budget
/// (<see cref="KustomizeBuildOptions.MaxTotalFileBytes"/>).
/// </remarks>
internal sealed class FileLoader
{
    private readonly List<string> _previousRoots;
    private readonly KustomizeBuildOptions _options;
    private readonly ReadBudget _budget;

    private readonly string? _filesRoot;

    private FileLoader(string root, List<string> previousRoots, KustomizeBuildOptions options, ReadBudget budget, string? filesRoot)
    {
        _filesRoot = filesRoot;
        Root = root;
        _previousRoots = previousRoots;
        _options = options;
        _budget = budget;
    }

    /// <summary>The real (symlink-free) absolute path of this loader's directory.</summary>
    public string Root { get; }

    public int Depth => _previousRoots.Count;

    public static FileLoader Create(string directory, KustomizeBuildOptions options)
    {
        if (LooksRemote(directory))
        {
            throw new KustomizeException($"remote kustomization '{directory}' is not supported: builds read local files only");
        }

        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new KustomizeException($"must build at directory: not a valid directory: evalsymlink failure on '{directory}' : lstat {full}: no such file or directory");
        }

        var real = RealPath(full);

        // Files may come from outside each kustomization's directory, never from outside the allowed root (or, with
        // none, the built directory or their own kustomization's directory), as Flux's secure file system.
        var filesRoot = options.AllowFilesOutsideKustomizationDirectory ? (options.AllowedRoot is { } allowed ? RealPath(Path.GetFullPath(allowed)) : real) : null;
        var loader = new FileLoader(real, [], options, new ReadBudget(options.MaxTotalFileBytes), filesRoot);
        loader.CheckAllowed(real, directory);
        return loader;
    }

    public static bool LooksRemote(string path) =>
        path.Contains("://", StringComparison.Ordinal)
        || path.StartsWith("github.com/", StringComparison.Ordinal)
        || path.StartsWith("git@", StringComparison.Ordinal)
        || path.StartsWith("gitlab.com/", StringComparison.Ordinal)
        || path.StartsWith("bitbucket.org/", StringComparison.Ordinal);

    /// <summary>A loader for another kustomization directory, relative to this one.</summary>
    public FileLoader New(string path)
    {
        if (LooksRemote(path))
        {
            throw new KustomizeException($"remote resource '{path}' is not supported: builds read local files only");
        }

        var full = Path.GetFullPath(Path.Combine(Root, path));
        if (!Directory.Exists(full))
        {
            if (File.Exists(full))
            {
                throw new KustomizeException($"must build at directory: '{full}': file is not directory");
            }

            throw new KustomizeException($"must build at directory: not a valid directory: evalsymlink failure on '{full}' : lstat {full}: no such file or directory");
        }

        var real = RealPath(full);
        CheckAllowed(real, path);
        if (IsWithin(real, Root))
        {
            throw new KustomizeException($"cycle detected: candidate root '{real}' contains visited root '{Root}'");
        }

        // As kustomize's errIfArgEqualOrHigher: every root on the way here, nearest first, must not be at or under the candidate.
        for (var i = _previousRoots.Count - 1; i >= 0; i--)
        {
            if (IsWithin(real, _previousRoots[i]))
            {
                throw new KustomizeException($"cycle detected: candidate root '{real}' contains visited root '{_previousRoots[i]}'");
            }
        }

        if (_previousRoots.Count + 1 > _options.MaxKustomizationDepth)
        {
            throw new KustomizeException($"kustomizations nest deeper than {_options.MaxKustomizationDepth} levels at '{real}'");
        }

        return new FileLoader(real, [.. _previousRoots, Root], _options, _budget, _filesRoot);
    }

    /// <summary>Whether <paramref name="path"/> names an existing file (not a directory) relative to this root.</summary>
    public bool IsFile(string path) => File.Exists(Path.GetFullPath(Path.Combine(Root, path)));

    /// <summary>Reads a file that must resolve inside this loader's root, as UTF-8 text.</summary>
    public string Load(string path) => Encoding.UTF8.GetString(LoadBytes(path));

    /// <summary>Reads a file's raw bytes (for generator file sources), with the same checks as <see cref="Load"/>.</summary>
    public byte[] LoadBytes(string path)
    {
        if (LooksRemote(path))
        {
            throw new KustomizeException($"remote file '{path}' is not supported: builds read local files only");
        }

        var full = Path.GetFullPath(Path.Combine(Root, path));
        if (Directory.Exists(full))
        {
            throw new KustomizeException($"'{full}' must resolve to a file");
        }

        if (!File.Exists(full))
        {
            throw new KustomizeException($"open {full}: no such file or directory");
        }

        // Checked by path first, for the clear message kustomize gives; then again on the opened handle.
        var real = RealPath(full);
        CheckContained(real, path, full);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(real, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KustomizeException($"open {full}: {ex.Message}", ex);
        }

        using (handle)
        {
            CheckContained(OpenedPath(handle) ?? RealPath(full), path, full);
            return ReadCapped(handle, real);
        }
    }

    /// <summary>Refuses a file whose real path is outside the root, naming it as written (joined, not resolved) as kustomize does.</summary>
    private void CheckContained(string real, string original, string shown)
    {
        if (_filesRoot is not null)
        {
            // Flux's secure file system (fluxcd/pkg/kustomize/filesys): the root bounds every read. With no allowed
            // root, a kustomization outside the built directory still reads inside its own directory.
            if (!IsWithin(_filesRoot, real) && !IsWithin(Root, real))
            {
                throw new KustomizeException($"fs-security-constraint read {shown}: path '{shown}' is not in or below '{_filesRoot}'");
            }

            CheckAllowed(real, original);
            return;
        }

        if (!IsWithin(Root, real))
        {
            throw new KustomizeException($"security; file '{shown}' is not in or below '{Root}'");
        }

        CheckAllowed(real, original);
    }

    /// <summary>What an open handle refers to, from the kernel (Linux); null where that cannot be asked.</summary>
    private static string? OpenedPath(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var descriptor = handle.DangerousGetHandle().ToInt64();
            return new FileInfo($"/proc/self/fd/{descriptor}").LinkTarget;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Reads to the end, refusing a file over the per-file limit or the build's total, whatever its size said before.</summary>
    private byte[] ReadCapped(SafeFileHandle handle, string real)
    {
        var limit = _options.MaxFileBytes;
        var buffer = new byte[(int)Math.Min(Math.Max(RandomAccess.GetLength(handle), 0) + 1, Math.Min(limit + 1, Array.MaxLength))];
        long total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > limit)
                {
                    throw new KustomizeException($"file '{real}' is larger than the limit of {limit} bytes");
                }

                Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, 4096), Math.Min(limit + 1, Array.MaxLength)));
            }

            var read = RandomAccess.Read(handle, buffer.AsSpan((int)total), total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        if (total > limit)
        {
            throw new KustomizeException($"file '{real}' is larger than the limit of {limit} bytes");
        }

        _budget.Take(total, real);
        return total == buffer.Length ? buffer : buffer.AsSpan(0, (int)total).ToArray();
    }

    private void CheckAllowed(string real, string original)
    {
        if (_options.AllowedRoot is { } allowed)
        {
            var allowedReal = RealPath(Path.GetFullPath(allowed));
            if (!IsWithin(allowedReal, real))
            {
                throw new KustomizeException($"security; '{original}' resolves to '{real}', outside the allowed root '{allowedReal}'");
            }
        }
    }

    private static bool IsWithin(string root, string path)
    {
        if (path == root)
        {
            return true;
        }

        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>The path with every symlink on it resolved.</summary>
    public static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "/";
        var parts = fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        var hops = 0;
        var queue = new Queue<string>(parts);
        while (queue.Count > 0)
        {
            var part = queue.Dequeue();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is { } target)
            {
                if (++hops > 64)
                {
                    throw new KustomizeException($"too many levels of symbolic links at '{next}'");
                }

                var resolved = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                var rest = queue.ToArray();
                queue.Clear();
                var resolvedRoot = Path.GetPathRoot(resolved) ?? "/";
                current = resolvedRoot;
                foreach (var p in resolved[resolvedRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
                {
                    queue.Enqueue(p);
                }

                foreach (var p in rest)
                {
                    queue.Enqueue(p);
                }

                continue;
            }

            current = next;
        }

        return current;
    }
}

/// <summary>The bytes one build may still read from files, shared by all its loaders.</summary>
internal sealed class ReadBudget(long limit)
{
    private long _used;

    public void Take(long bytes, string file)
    {
        if (Interlocked.Add(ref _used, bytes) > limit)
        {
            throw new KustomizeException($"the build read more than the limit of {limit} bytes from files (at '{file}')");
        }
    }
}
