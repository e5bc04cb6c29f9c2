using System.Text.Json;
using GitOps.Testing;

namespace GitOps.Core.Tests.Ssa;

/// <summary>Reads the JSON-lines conformance vectors of ../shared/conformance/ssa into test cases.</summary>
internal static class Vectors
{
    public const string Root = "conformance/ssa/";

    public static IEnumerable<TestCaseData> Cases(string relativePath, Func<JsonElement, string> name, Func<JsonElement, bool>? include = null)
    {
        var path = SharedData.TryResolve(Root + relativePath);
        if (path is null)
        {
            yield return new TestCaseData(relativePath, string.Empty).SetName("missing " + relativePath);
            yield break;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            if (include is not null && !include(doc.RootElement))
            {
                continue;
            }

            var caseName = name(doc.RootElement);
            yield return new TestCaseData(caseName, line).SetName(caseName);
        }
    }

    /// <summary>The case's JSON line, or (for the placeholder case) the ignore/fail of missing data.</summary>
    public static JsonDocument Open(string caseName, string line)
    {
        if (line.Length == 0)
        {
            SharedData.Require(Root + caseName);
        }

        return JsonDocument.Parse(line);
    }
}
