namespace GitOps.Artifacts;

/// <summary>
/// An archive was refused because extracting it would be unsafe or it is not a well-formed tar.gz. Nothing
/// was written to the destination. Not transient: the same bytes will be refused again.
/// </summary>
public sealed class UnsafeArchiveException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the archive was refused.</param>
    /// <param name="entryName">The offending entry's name as written in the archive, if one is to blame.</param>
    /// <param name="detail">What exactly was wrong.</param>
    /// <param name="innerException">The underlying failure, if any (a decompression error).</param>
    public UnsafeArchiveException(UnsafeArchiveReason reason, string? entryName, string detail, Exception? innerException = null)
        : base(entryName is null ? $"unsafe archive: {detail}" : $"unsafe archive: {detail} (entry '{Printable(entryName)}')", innerException)
    {
        Reason = reason;
        EntryName = entryName;
    }

    /// <summary>Why the archive was refused.</summary>
    public UnsafeArchiveReason Reason { get; }

    /// <summary>The offending entry's name as written in the archive, or null.</summary>
    public string? EntryName { get; }

    private static string Printable(string name) =>
        name.Length > 200 ? string.Concat(name.AsSpan(0, 200), "…") : name.Replace("\0", "\\0", StringComparison.Ordinal);
}
