using System.Text.Json;

namespace GitOps.Kustomize.Tests.Conformance;

/// <summary>The shared kustomize conformance corpus (../shared/conformance/kustomize): its cases and their features.</summary>
internal static class KustomizeCorpus
{
    public const string RelativeRoot = "conformance/kustomize";

    /// <summary>Features that belong to the next issue (patches, replacements, vars, plugins, configurations).</summary>
    private static readonly string[] OutOfScopeFeatures =
        ["patches", "patchesStrategicMerge", "patchesJson6902", "replacements", "vars", "openapi", "transformers", "generators", "configurations"];

    public static IEnumerable<TestCaseData> Cases()
    {
        var root = SharedData.TryResolve(RelativeRoot + "/cases");
        if (root is null)
        {
            yield return new TestCaseData("(shared corpus missing)").SetArgDisplayNames("shared-corpus-missing");
            yield break;
        }

        foreach (var dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            yield return new TestCaseData(name).SetArgDisplayNames(name);
        }
    }

    /// <summary>The in-scope cases of issue 5: features include none of the out-of-scope ones.</summary>
    public static IReadOnlyList<string> InScopeCases(string indexPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(indexPath));
        var result = new List<string>();
        foreach (var c in doc.RootElement.EnumerateObject())
        {
            var features = c.Value.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToList();
            if (!features.Any(f => OutOfScopeFeatures.Contains(f) || f.StartsWith("patch-", StringComparison.Ordinal)))
            {
                result.Add(c.Name);
            }
        }

        return result;
    }
}
