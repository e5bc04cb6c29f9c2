namespace GitOps.Artifacts.Extraction.Internal;

/// <summary>The entry kinds the tar reader hands to the extractor (metadata records are consumed inside it).</summary>
internal enum TarEntryKind
{
    File,
    Directory,
    SymbolicLink,
    HardLink,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Unsupported,
}
