using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using GitOps.Helm.Index;
using GitOps.Helm.Tests.Conformance;
using GitOps.Helm.Versioning;

namespace GitOps.Helm.Tests.Index;

/// <summary>
/// Every row of pick-latest.tsv: which entry <c>helm pull --version C [--devel]</c> downloads from an index
/// listing the candidates in order (entry i created 2020-01-01 plus i days). Rows noted go-sort-tie depend on
/// Go's unstable sort, so there only the precedence of the pick is asserted, not which of the tied entries.
/// </summary>
public sealed class PickLatestConformanceTests
{
    private const string File = "pick-latest.tsv";
    private static readonly ConcurrentDictionary<string, HelmIndex> Indexes = new(StringComparer.Ordinal);

    public static IEnumerable<TestCaseData> Rows() => HelmConformanceData.Rows(File, (row, line) =>
        new TestCaseData(row, line).SetName(HelmConformanceData.Name(line, row[0], row[1], row[4])));

    [TestCaseSource(nameof(Rows))]
    public void Selection_picks_the_entry_helm_pulls(string[]? row, int line)
    {
        row = HelmConformanceData.RequireRow(row, File);
        var (constraint, devel, candidates, picked, note) = (row[0], row[1] == "--devel", row[2], row[3], row[4]);
        var index = Indexes.GetOrAdd(candidates, Build);

        if (picked == "NONE")
        {
            Assert.Throws<HelmChartNotFoundException>(() => index.Select("a", constraint, devel), $"line {line}");
            return;
        }

        var chosen = index.Select("a", constraint, devel);
        if (note == "go-sort-tie")
        {
            Assert.That(HelmVersion.Compare(chosen.Version, picked), Is.Zero, $"line {line}: a version tied with helm's pick");
            return;
        }

        Assert.That(chosen.Version, Is.EqualTo(picked), $"line {line}");
    }

    private static HelmIndex Build(string candidates)
    {
        var yaml = new StringBuilder("apiVersion: v1\nentries:\n  a:\n");
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var i = 0;
        foreach (var version in candidates.Split(','))
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - apiVersion: v2\n    name: a\n    version: \"{version}\"\n    created: \"{start.AddDays(i):yyyy-MM-ddTHH:mm:ssZ}\"\n    urls: [a-{i}.tgz]\n");
            i++;
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(yaml.ToString()));
        return new HelmIndexLoader().Load(stream);
    }
}
