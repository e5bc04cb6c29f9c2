namespace GitOps.Helm.Tests.Conformance;

/// <summary>Reads the Helm conformance tables in ../shared/conformance/helm (produced by the real helm binary).</summary>
internal static class HelmConformanceData
{
    public const string Directory = "conformance/helm";

    /// <summary>
    /// Yields one test case per data row of <paramref name="file"/> (comment lines skipped); where the
    /// shared data is missing, one case that asks <see cref="GitOps.Testing.SharedData.Require"/> for it,
    /// so that it is ignored locally and fails under CI.
    /// </summary>
    public static IEnumerable<TestCaseData> Rows(string file, Func<string[], int, TestCaseData> toCase)
    {
        var path = GitOps.Testing.SharedData.TryResolve($"{Directory}/{file}");
        if (path is null)
        {
            yield return new TestCaseData(null, 0).SetName($"{file} is present");
            yield break;
        }

        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            yield return toCase(line.Split('\t'), lineNumber);
        }
    }

    /// <summary>Fails or ignores (per SharedData rules) when a row stands for missing data.</summary>
    public static string[] RequireRow(string[]? row, string file)
    {
        if (row is null)
        {
            GitOps.Testing.SharedData.Require($"{Directory}/{file}");
            throw new InvalidOperationException("unreachable");
        }

        return row;
    }

    /// <summary>Makes a test name readable and unique: NUnit names may not hold some characters.</summary>
    public static string Name(int line, params string[] parts) =>
        $"L{line:D4} " + string.Join(" | ", parts.Select(p => p.Length == 0 ? "(empty)" : p.Replace("(", "[", StringComparison.Ordinal).Replace(")", "]", StringComparison.Ordinal)));
}
