using NUnit.Framework.Internal;

namespace GitOps.Helm.Tests.Conformance;

/// <summary>
/// The conformance ratchet: cases listed in KnownGaps.txt (<c>case-name&lt;TAB&gt;reason</c>) are run; a listed case
/// that fails is ignored with its reason, and a listed case that now passes fails until it is taken off the list.
/// </summary>
internal static class KnownGaps
{
    private static readonly Lazy<Dictionary<string, string>> Gaps = new(Load);

    public static void Run(string caseName, Action body)
    {
        if (!Gaps.Value.TryGetValue(caseName, out var reason))
        {
            body();
            return;
        }

        try
        {
            using (new TestExecutionContext.IsolatedContext())
            {
                body();
            }
        }
        catch (Exception ex) when (ex is not IgnoreException)
        {
            Assert.Ignore($"known gap: {reason}");
        }

        Assert.Fail($"remove {caseName} from KnownGaps.txt: it passes now");
    }

    private static Dictionary<string, string> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "KnownGaps.txt");
        var gaps = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return gaps;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            gaps[tab < 0 ? line : line[..tab]] = tab < 0 ? "(no reason given)" : line[(tab + 1)..];
        }

        return gaps;
    }
}
