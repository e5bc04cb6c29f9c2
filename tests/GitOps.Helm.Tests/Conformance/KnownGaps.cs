using GitOps.Testing;

namespace GitOps.Helm.Tests.Conformance;

/// <summary>The Helm conformance tables' known gaps (KnownGaps.txt, <c>case-name&lt;TAB&gt;reason</c>) under the shared ratchet, <see cref="KnownGapList"/>.</summary>
internal static class KnownGaps
{
    private static readonly Lazy<KnownGapList> Gaps = new(() => KnownGapList.Load("\t", Path.Combine(AppContext.BaseDirectory, "KnownGaps.txt")));

    public static void Run(string caseName, Action body) => Gaps.Value.Run(caseName, body);
}
