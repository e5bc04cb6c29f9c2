namespace GitOps.Artifacts.Extraction.Internal;

/// <summary>
/// Remembers what an extraction has created, to refuse duplicates and file/directory clashes, in memory
/// that stays small however many entries an archive has and however long their names: files and directories
/// are kept by a 64-bit hash of their path. A hash collision between two different paths can only make a
/// valid archive look like it has a duplicate or a file/directory clash (a refusal, with odds around 1 in
/// 10^9 for a million entries), never let a real duplicate through: equal paths always have equal hashes.
/// </summary>
internal sealed class EntryRegistry
{
    private readonly HashSet<ulong> _directories = [];
    private readonly HashSet<ulong> _files = [];

    /// <summary>Whether a directory of this name was created.</summary>
    public bool HasDirectory(string relative) => _directories.Contains(Hash(relative));

    /// <summary>Whether a file of this name may have been written.</summary>
    public bool MayHaveFile(string relative) => _files.Contains(Hash(relative));

    /// <summary>Records a directory; false if it was already recorded.</summary>
    public bool AddDirectory(string relative) => _directories.Add(Hash(relative));

    /// <summary>Records a file; false if a file of this name may already exist.</summary>
    public bool AddFile(string relative) => _files.Add(Hash(relative));

    /// <summary>FNV-1a over the UTF-16 code units, then a 64-bit finaliser (MurmurHash3's fmix64) to spread the bits.</summary>
    private static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
