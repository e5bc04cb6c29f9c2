namespace GitOps.Artifacts;

/// <summary>Why an archive was refused (<see cref="UnsafeArchiveException.Reason"/>).</summary>
public enum UnsafeArchiveReason
{
    /// <summary>The bytes are not a well-formed gzip-compressed tar (bad header, checksum, truncation).</summary>
    Malformed,

    /// <summary>An entry name is empty, has a NUL or backslash, or a <c>..</c> component.</summary>
    InvalidName,

    /// <summary>An entry name is absolute (<c>/etc/passwd</c>, <c>C:\…</c>).</summary>
    AbsolutePath,

    /// <summary>An entry would land outside the destination once resolved.</summary>
    PathEscape,

    /// <summary>A symbolic link, refused by <see cref="Extraction.LinkPolicy.Reject"/>.</summary>
    SymbolicLink,

    /// <summary>A hard link, refused by <see cref="Extraction.LinkPolicy.Reject"/>.</summary>
    HardLink,

    /// <summary>A device or FIFO entry, always refused.</summary>
    SpecialFile,

    /// <summary>An entry type this reader does not extract (sparse files, volume labels, …).</summary>
    UnsupportedEntryType,

    /// <summary>Two entries have the same name, or a file and a directory share a path.</summary>
    DuplicateEntry,
}
