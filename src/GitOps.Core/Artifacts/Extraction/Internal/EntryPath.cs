namespace GitOps.Artifacts.Extraction.Internal;

/// <summary>Turns an entry name into a safe relative path, or says why it is not one.</summary>
internal static class EntryPath
{
    private const int MaxComponentBytes = 255;
    private const int MaxPathBytes = 4096;

    /// <summary>
    /// The normalised relative path of <paramref name="name"/> (<c>./a//b/</c> → <c>a/b</c>), or the empty string
    /// for the root itself. Throws <see cref="UnsafeArchiveException"/> for absolute names, <c>..</c>
    /// components, NUL or backslash characters, and names too long for a file system.
    /// </summary>
    public static string Normalize(string name)
    {
        if (name.Length == 0)
        {
            ThrowHelper.Unsafe(UnsafeArchiveReason.InvalidName, name, "an entry has an empty name");
        }

        if (name[0] == '/' || (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0])))
        {
            ThrowHelper.Unsafe(UnsafeArchiveReason.AbsolutePath, name, "an entry name is absolute");
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            ThrowHelper.Unsafe(UnsafeArchiveReason.InvalidName, name, "an entry name has a NUL character");
        }

        if (name.Contains('\\', StringComparison.Ordinal))
        {
            // A backslash is a separator on Windows; refuse it everywhere so an archive means the same on every OS.
            ThrowHelper.Unsafe(UnsafeArchiveReason.InvalidName, name, "an entry name has a backslash");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxPathBytes)
        {
            ThrowHelper.Unsafe(UnsafeArchiveReason.InvalidName, name, $"an entry name is longer than {MaxPathBytes} bytes");
        }

        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            switch (part)
            {
                case "" or ".":
                    continue;
                case "..":
                    ThrowHelper.Unsafe(UnsafeArchiveReason.PathEscape, name, "an entry name has a '..' component");
                    break;
                default:
                    if (System.Text.Encoding.UTF8.GetByteCount(part) > MaxComponentBytes)
                    {
                        ThrowHelper.Unsafe(UnsafeArchiveReason.InvalidName, name, $"an entry name has a component longer than {MaxComponentBytes} bytes");
                    }

                    parts.Add(part);
                    break;
            }
        }

        return string.Join('/', parts);
    }

    /// <summary>
    /// The full path of <paramref name="relative"/> under <paramref name="root"/> (a full path ending in a
    /// separator), checked to stay inside it once canonicalised.
    /// </summary>
    public static string Resolve(string root, string relative, string entryName)
    {
        var full = Path.GetFullPath(Path.Join(root, relative));
        if (!full.StartsWith(root, StringComparison.Ordinal) || full.Length == root.Length)
        {
            ThrowHelper.Unsafe(UnsafeArchiveReason.PathEscape, entryName, "an entry resolves outside the destination");
        }

        return full;
    }
}
