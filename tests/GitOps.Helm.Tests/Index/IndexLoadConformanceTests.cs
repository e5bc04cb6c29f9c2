using GitOps.Helm.Charts;
using GitOps.Helm.Index;
using GitOps.Helm.Tests.Conformance;

namespace GitOps.Helm.Tests.Index;

/// <summary>
/// The 118 index-loading cases of index-load-cases.tsv (helm v4.1.4): whether the document is refused, which
/// name@version entries survive, how many are dropped, and for each recorded pull which entry is picked and
/// which path its URL resolves to.
/// </summary>
public sealed class IndexLoadConformanceTests
{
    private const string File = "index-load-cases.tsv";

    /// <summary>The repository host stands in for helm's test server (only paths are compared).</summary>
    private const string Host = "http://HOST/";

    public static IEnumerable<TestCaseData> Cases() => HelmConformanceData.Rows(File, (row, line) =>
        new TestCaseData(row, line).SetName(HelmConformanceData.Name(line, row[0])));

    [TestCaseSource(nameof(Cases))]
    public void An_index_loads_exactly_as_helm_loads_it(string[]? row, int line)
    {
        var c = IndexLoadCase.FromRow(HelmConformanceData.RequireRow(row, File));
        KnownGaps.Run(c.Id, () => Check(c));
    }

    private static void Check(IndexLoadCase c)
    {
        var path = GitOps.Testing.SharedData.Require($"{HelmConformanceData.Directory}/index-cases/{c.File}");
        var loader = new HelmIndexLoader();
        if (c.Rejected)
        {
            using var rejected = System.IO.File.OpenRead(path);
            Assert.Throws<HelmIndexException>(() => loader.Load(rejected), c.Outcome);
            return;
        }

        using var stream = System.IO.File.OpenRead(path);
        var index = loader.Load(stream);
        var loaded = index.ChartNames
            .SelectMany(name => index.TryGetVersions(name, out var versions) ? versions.Select(v => $"{name}@{v.Version}") : [])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();

        // helm search lists each name@version once, so duplicates are compared as one (the pulls check which wins).
        Assert.That(loaded, Is.EqualTo(c.Loaded.Distinct().Order(StringComparer.Ordinal).ToArray()), "surviving entries");
        Assert.That(index.SkippedEntryCount, Is.EqualTo(c.Skipped), "entries dropped with a warning");
        foreach (var pull in c.Pulls)
        {
            CheckPull(c, index, pull);
        }
    }

    /// <summary>The case files write ABSOLUTE for http://HOST/abs/a.tgz and SCHEMELESS for //HOST/abs/a.tgz.</summary>
    private static string Placeholder(string url) => url switch
    {
        "ABSOLUTE" => Host + "abs/a.tgz",
        "SCHEMELESS" => "//HOST/abs/a.tgz",
        _ => url,
    };

    private static void CheckPull(IndexLoadCase c, HelmIndex index, PullCheck pull)
    {
        var what = $"pull {pull.Chart}@{pull.Version ?? "(latest)"}";
        if (pull.Failure is { } failure && (failure.Contains("not found in", StringComparison.Ordinal)))
        {
            Assert.Throws<HelmChartNotFoundException>(() => index.Select(pull.Chart, pull.Version), what);
            return;
        }

        var chosen = index.Select(pull.Chart, pull.Version);
        if (pull.Failure is { } noUrls && noUrls.Contains("no downloadable URLs", StringComparison.Ordinal))
        {
            Assert.That(chosen.Urls, Is.Empty, what);
            return;
        }

        if (pull.Failure is { } digestFailure && (digestFailure.Contains("hex", StringComparison.Ordinal) || digestFailure.Contains("digest length", StringComparison.Ordinal)))
        {
            var ok = HelmChartDigest.TryParse(chosen.Digest!, out _, out var error);
            Assert.That(ok, Is.False, what);
            Assert.That("Error: " + error, Is.EqualTo(digestFailure), what);
            return;
        }

        var repository = c.RepoPath == "-" ? Host : Host + c.RepoPath;
        var resolved = new Uri(HelmChartUrl.Resolve(repository, Placeholder(chosen.Urls[0])));
        Assert.That(resolved.PathAndQuery, Is.EqualTo(pull.GetPath), what + " requests");
        if (pull.File is { } file)
        {
            Assert.That(Path.GetFileName(Uri.UnescapeDataString(resolved.AbsolutePath)), Is.EqualTo(file), what + " saves as");
        }
    }
}
