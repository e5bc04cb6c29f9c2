using GitOps.Testing;

namespace GitOps.Core.Tests.Ssa;

/// <summary>
/// The SSA corpora's known gaps (every <c>KnownGaps*.txt</c> under tests/GitOps.Core.Tests/Ssa, lines
/// <c>case name | reason</c>, read in place from the source tree) under the shared ratchet,
/// <see cref="KnownGapList"/>.
/// </summary>
internal static class KnownGaps
{
    private static readonly Lazy<KnownGapList> Gaps = new(() => KnownGapList.Load(
        " | ",
        Directory.EnumerateFiles(Path.Combine(SharedData.RepositoryRoot, "tests", "GitOps.Core.Tests", "Ssa"), "KnownGaps*.txt", SearchOption.AllDirectories)));

    public static void Run(string caseName, Action check) => Gaps.Value.Run(caseName, check);
}
