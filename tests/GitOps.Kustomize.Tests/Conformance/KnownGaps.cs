namespace GitOps.Kustomize.Tests.Conformance;

/// <summary>
/// The kustomize corpus cases we do not pass yet (Conformance/KnownGaps.txt, <c>case-name reason</c>), from the
/// shared ratchet, <see cref="KnownGapList"/>; the corpus test judges them (a build that throws anything but a
/// GitOps error is a failure even when listed).
/// </summary>
internal static class KnownGaps
{
    private static readonly Lazy<KnownGapList> Gaps = new(() => KnownGapList.Load(" ", Path.Combine(TestContext.CurrentContext.TestDirectory, "Conformance", "KnownGaps.txt")));

    public static IReadOnlyDictionary<string, string> All => Gaps.Value.All;

    public static string? ReasonFor(string caseName) => Gaps.Value.ReasonFor(caseName);
}
