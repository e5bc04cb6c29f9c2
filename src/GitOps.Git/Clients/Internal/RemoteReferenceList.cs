namespace GitOps.Git.Clients.Internal;

/// <summary>Builds the reference list from ls-remote pairs, folding each <c>tag^{}</c> line into its tag.</summary>
internal static class RemoteReferenceList
{
    private const string Peeled = "^{}";

    public static IReadOnlyList<GitRemoteReference> Build(IEnumerable<(string Name, string Target)> pairs)
    {
        var list = pairs.ToList();
        var peeled = list.Where(p => p.Name.EndsWith(Peeled, StringComparison.Ordinal))
            .GroupBy(p => p.Name[..^Peeled.Length], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Target, StringComparer.Ordinal);
        return
        [
            .. list.Where(p => !p.Name.EndsWith(Peeled, StringComparison.Ordinal))
                .Select(p => new GitRemoteReference(p.Name, p.Target, peeled.GetValueOrDefault(p.Name))),
        ];
    }

    /// <summary>Reads <c>git ls-remote</c> output: <c>&lt;hash&gt;\t&lt;ref&gt;</c> per line.</summary>
    public static IReadOnlyList<GitRemoteReference> Parse(string output) =>
        Build(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', 2))
            .Where(parts => parts.Length == 2 && parts[0].Length >= 40)
            .Select(parts => (parts[1].Trim(), parts[0].Trim())));
}
