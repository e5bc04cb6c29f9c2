using System.Text.Json;

namespace GitOps.Testing;

/// <summary>
/// The Go-recorded scalar table (tests/GitOps.Core.Tests/Yaml/Scalars/scalars.json, rebuilt by regenerate.py from
/// kubectl): how sigs.k8s.io/yaml and kustomize decode a few hundred tricky YAML values of a field <c>v</c>. Test
/// projects link the file to <c>Scalars/scalars.json</c> beside their assembly.
/// </summary>
public static class GoScalarTable
{
    private static readonly Lazy<IReadOnlyList<GoScalarCase>> Loaded = new(Load);

    /// <summary>Every case, in the file's order.</summary>
    public static IReadOnlyList<GoScalarCase> Cases => Loaded.Value;

    private static List<GoScalarCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scalars", "scalars.json")));
        return [.. doc.RootElement.EnumerateArray().Select(e => new GoScalarCase(
            e.GetProperty("name").GetString()!,
            e.GetProperty("yaml").GetString()!,
            Expectation(e.GetProperty("kubernetes")),
            Expectation(e.GetProperty("kyaml"))))];
    }

    private static GoScalarExpectation Expectation(JsonElement e) => new(
        e.TryGetProperty("value", out var v) ? v.GetRawText() : null,
        e.TryGetProperty("error", out var err) ? err.GetString() : null,
        e.TryGetProperty("text", out var t) ? t.GetString() : null);
}

/// <summary>One case: the YAML of the value and what Go gave for it in each dialect.</summary>
public sealed record GoScalarCase(string Name, string Yaml, GoScalarExpectation Kubernetes, GoScalarExpectation KYaml)
{
    /// <summary>The object the value was recorded in, with <paramref name="header"/> before its field <c>v</c>.</summary>
    public string Document(string header = "apiVersion: x.example/v1\nkind: Thing\nmetadata:\n  name: x\n")
    {
        var sep = Yaml.StartsWith('\n') || Yaml.Length == 0 ? string.Empty : " ";
        return header + "v:" + sep + Yaml + (Yaml.EndsWith('\n') ? string.Empty : "\n");
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>What Go gave: the JSON value as kubectl printed it, or an error; for kyaml also kustomize's printed text of <c>v</c>.</summary>
public sealed record GoScalarExpectation(string? Json, string? Error, string? Text)
{
    /// <summary>Whether Go refused the case.</summary>
    public bool IsError => Error is not null;
}
