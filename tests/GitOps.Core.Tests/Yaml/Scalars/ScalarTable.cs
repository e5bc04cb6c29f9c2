using System.Text.Json;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Yaml.Scalars;

/// <summary>
/// One row of <c>scalars.json</c>: a YAML value (of the field <c>v</c>) and how Go decodes it, recorded from
/// kubectl by <c>regenerate.py</c>. An expectation holds either the JSON value or an error.
/// </summary>
public sealed record ScalarCase(string Name, string Yaml, ScalarExpectation Kubernetes, ScalarExpectation KYaml)
{
    public const string Header = "apiVersion: x.example/v1\nkind: Thing\nmetadata:\n  name: x\n";

    /// <summary>The whole object as the regeneration script wrote it.</summary>
    public string Document
    {
        get
        {
            var sep = Yaml.StartsWith('\n') || Yaml.Length == 0 ? string.Empty : " ";
            return Header + "v:" + sep + Yaml + (Yaml.EndsWith('\n') ? string.Empty : "\n");
        }
    }

    public override string ToString() => Name;
}

/// <summary>What Go gave: a value (as canonical JSON) or an error; for kyaml also kustomize's printed text of <c>v</c>.</summary>
public sealed record ScalarExpectation(string? Json, string? Error, string? Text)
{
    public bool IsError => Error is not null;
}

public static class ScalarTable
{
    private static readonly Lazy<IReadOnlyList<ScalarCase>> Loaded = new(Load);

    public static IReadOnlyList<ScalarCase> Cases => Loaded.Value;

    /// <summary>The path of the table (copied beside the test assembly).</summary>
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Yaml", "Scalars", "scalars.json");

    private static List<ScalarCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path));
        return doc.RootElement.EnumerateArray().Select(e => new ScalarCase(
            e.GetProperty("name").GetString()!,
            e.GetProperty("yaml").GetString()!,
            Expectation(e.GetProperty("kubernetes")),
            Expectation(e.GetProperty("kyaml")))).ToList();
    }

    private static ScalarExpectation Expectation(JsonElement e) => new(
        e.TryGetProperty("value", out var v) ? SsaValue.ParseJson(v.GetRawText()).ToJson() : null,
        e.TryGetProperty("error", out var err) ? err.GetString() : null,
        e.TryGetProperty("text", out var t) ? t.GetString() : null);
}
