namespace GitOps.Artifacts.Extraction.Internal;

/// <summary>One tar entry, with PAX and GNU long names already applied.</summary>
/// <param name="Name">The entry's name as written (not yet validated).</param>
/// <param name="Kind">What the entry is.</param>
/// <param name="TypeFlag">The raw type flag, for messages about unsupported entries.</param>
/// <param name="Mode">The permission bits as written.</param>
/// <param name="Size">The number of data bytes that follow the header.</param>
/// <param name="LinkName">The link target, for links.</param>
internal readonly record struct TarHeader(string Name, TarEntryKind Kind, byte TypeFlag, int Mode, long Size, string LinkName);
