namespace GitOps.Kustomize.Tests.Conformance;

/// <summary>
/// The corpus cases we do not pass yet, with a reason each (Conformance/KnownGaps.txt, one
/// <c>case-name  reason</c> per line). A listed case that starts passing fails its test until it is
/// removed from the list, so the pass count only goes up.
/// </summary>
internal static class KnownGaps
{
    private static readonly Lazy<Dictionary<string, string>> Gaps = new(Load);

    public static IReadOnlyDictionary<string, string> All => Gaps.Value;

    public static string? ReasonFor(string caseName) => Gaps.Value.GetValueOrDefault(caseName);

    private static Dictionary<string, string> Load()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Conformance", "KnownGaps.txt");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var name = space < 0 ? line : line[..space];
            var reason = space < 0 ? "not yet passing" : line[space..].Trim();
            result.Add(name, reason);
        }

        return result;
    }
}
