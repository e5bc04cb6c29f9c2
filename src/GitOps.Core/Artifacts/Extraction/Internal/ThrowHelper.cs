using System.Diagnostics.CodeAnalysis;

namespace GitOps.Artifacts.Extraction.Internal;

/// <summary>Throws from the extraction hot paths without bloating them.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Malformed(string detail, string? entryName = null, Exception? inner = null) =>
        throw new UnsafeArchiveException(UnsafeArchiveReason.Malformed, entryName, detail, inner);

    [DoesNotReturn]
    public static void Unsafe(UnsafeArchiveReason reason, string? entryName, string detail) =>
        throw new UnsafeArchiveException(reason, entryName, detail);

    [DoesNotReturn]
    public static void TooLarge(ArtifactLimit limit, long maximum, string? entryName = null) =>
        throw new ArtifactTooLargeException(limit, maximum, entryName);
}
