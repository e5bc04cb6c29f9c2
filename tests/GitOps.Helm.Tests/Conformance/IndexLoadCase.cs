namespace GitOps.Helm.Tests.Conformance;

/// <summary>One row of index-load-cases.tsv, with helm v4.1.4's outcome parsed.</summary>
internal sealed record IndexLoadCase(string Id, string File, string RepoPath, string Description, string Outcome)
{
    public bool Rejected => Outcome.StartsWith("REJECT", StringComparison.Ordinal);

    /// <summary>name@version of every entry helm kept, in helm's listing order.</summary>
    public IReadOnlyList<string> Loaded { get; private init; } = [];

    public int Skipped { get; private init; }

    public IReadOnlyList<PullCheck> Pulls { get; private init; } = [];

    public static IndexLoadCase FromRow(string[] row)
    {
        var c = new IndexLoadCase(row[0], row[1], row[2], row[3], row[4]);
        if (c.Rejected)
        {
            return c;
        }

        var parts = row[4].Split(" | ");
        var head = parts[0];
        var open = head.IndexOf('[', StringComparison.Ordinal);
        var close = head.IndexOf(']', StringComparison.Ordinal);
        var loaded = head[(open + 1)..close];
        var skippedAt = head.IndexOf("skipped=", StringComparison.Ordinal);
        return c with
        {
            Loaded = loaded.Length == 0 ? [] : loaded.Split(','),
            Skipped = skippedAt < 0 ? 0 : int.Parse(head[(skippedAt + 8)..], System.Globalization.CultureInfo.InvariantCulture),
            Pulls = parts.Skip(1).Select(PullCheck.Parse).ToArray(),
        };
    }
}

/// <summary><c>pull NAME@VERSION -> FILE GET /path</c> or <c>-> FAIL(Error: ...)[ GET /path]</c>.</summary>
internal sealed record PullCheck(string Chart, string? Version, string? File, string? Failure, string? GetPath)
{
    public static PullCheck Parse(string text)
    {
        // "pull a@1.0.0 -> a-first.tgz GET /a-first.tgz"
        var arrow = text.IndexOf(" -> ", StringComparison.Ordinal);
        var reference = text["pull ".Length..arrow];
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var chart = reference[..at];
        var version = reference[(at + 1)..];
        var result = text[(arrow + 4)..];
        string? get = null;
        var getAt = result.LastIndexOf(" GET ", StringComparison.Ordinal);
        if (getAt >= 0)
        {
            get = result[(getAt + 5)..];
            result = result[..getAt];
        }

        return result.StartsWith("FAIL(", StringComparison.Ordinal)
            ? new PullCheck(chart, version == "(latest)" ? null : version, null, result[5..^1], get)
            : new PullCheck(chart, version == "(latest)" ? null : version, result, null, get);
    }
}
