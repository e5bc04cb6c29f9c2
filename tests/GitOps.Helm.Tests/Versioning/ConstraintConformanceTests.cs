using System.Collections.Concurrent;
using GitOps.Helm.Tests.Conformance;
using GitOps.Helm.Versioning;

namespace GitOps.Helm.Tests.Versioning;

/// <summary>Every row of constraints.tsv and constraints-invalid.tsv (helm v4.1.4, Masterminds/semver v3.4.0).</summary>
public sealed class ConstraintConformanceTests
{
    private const string MatchesFile = "constraints.tsv";
    private const string InvalidFile = "constraints-invalid.tsv";
    private static readonly ConcurrentDictionary<string, HelmVersionConstraint> Parsed = new(StringComparer.Ordinal);

    public static IEnumerable<TestCaseData> MatchRows() => HelmConformanceData.Rows(MatchesFile, (row, line) =>
        new TestCaseData(row, line).SetName(HelmConformanceData.Name(line, row[0], row[1], row[2])));

    public static IEnumerable<TestCaseData> InvalidRows() => HelmConformanceData.Rows(InvalidFile, (row, line) =>
        new TestCaseData(row, line).SetName(HelmConformanceData.Name(line, row[0])));

    [TestCaseSource(nameof(MatchRows))]
    public void A_constraint_matches_a_version_exactly_when_helm_says_so(string[]? row, int line)
    {
        var (constraint, version, expected) = Unpack(HelmConformanceData.RequireRow(row, MatchesFile));
        var parsed = Parsed.GetOrAdd(constraint, c => HelmVersionConstraint.Parse(c));

        Assert.That(parsed.IsSatisfiedBy(version), Is.EqualTo(expected), $"line {line}: '{constraint}' vs '{version}'");
    }

    [TestCaseSource(nameof(InvalidRows))]
    public void A_constraint_helm_refuses_is_refused_with_helms_reason(string[]? row, int line)
    {
        row = HelmConformanceData.RequireRow(row, InvalidFile);
        var constraint = row[0];
        var helmError = row[1].Trim();

        var ex = Assert.Throws<HelmVersionConstraintException>(() => HelmVersionConstraint.Parse(constraint));

        Assert.That("Error: " + ex!.Message.TrimEnd(), Is.EqualTo(helmError), $"line {line}");
    }

    private static (string Constraint, string Version, bool Expected) Unpack(string[] row) =>
        (row[0], row[1], row[2] switch
        {
            "true" => true,
            "false" => false,
            _ => throw new FormatException($"bad expectation '{row[2]}'"),
        });
}
