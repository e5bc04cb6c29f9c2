namespace GitOps.Core.Tests.Ssa;

/// <summary>
/// The ratchet for conformance corpora: a case listed in a KnownGaps.txt is still run; if it fails the
/// test is ignored with the listed reason, if it passes the test fails until the line is removed. A listed
/// case that crashes (throws anything but an assertion failure) fails: a gap must be a wrong answer.
/// </summary>
internal static class KnownGaps
{
    private static readonly Lazy<Dictionary<string, string>> Gaps = new(Load);

    public static void Run(string caseName, Action check)
    {
        if (!Gaps.Value.TryGetValue(caseName, out var reason))
        {
            check();
            return;
        }

        try
        {
            using (new NUnit.Framework.Internal.TestExecutionContext.IsolatedContext())
            {
                check();
            }
        }
        catch (AssertionException)
        {
            // A wrong answer is the gap; a crash (any other exception) is a failure of its own.
            Assert.Ignore("known gap: " + reason);
        }

        Assert.Fail($"remove {caseName} from KnownGaps.txt: it passes now");
    }

    private static Dictionary<string, string> Load()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        // Read in place from the source tree (the test project's files are not copied to the output).
        var dir = Path.Combine(GitOps.Testing.SharedData.RepositoryRoot, "tests", "GitOps.Core.Tests", "Ssa");
        foreach (var file in Directory.EnumerateFiles(dir, "KnownGaps*.txt", SearchOption.AllDirectories))
        {
            foreach (var raw in File.ReadAllLines(file))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                // "<case name> | <reason>"
                var bar = line.LastIndexOf(" | ", StringComparison.Ordinal);
                if (bar < 0)
                {
                    result[line] = "(no reason given)";
                }
                else
                {
                    result[line[..bar].Trim()] = line[(bar + 3)..].Trim();
                }
            }
        }

        return result;
    }
}
