using GitOps.Ssa.ApiServer.Internal.Validation;

namespace GitOps.Core.Tests.Ssa.ApiServer.Validation;

/// <summary>
/// The unified diff of validation messages is go-difflib's, itself Python's difflib: the expected texts
/// below were produced by Python's <c>difflib.unified_diff(a, b, n=3)</c> without its file header.
/// </summary>
public sealed class UnifiedDiffTests
{
    [Test]
    public void Changes_far_apart_make_two_hunks_and_close_ones_share_one()
    {
        var before = string.Join('\n', Enumerable.Range(0, 30).Select(i => $"line {i}"));
        var after = before.Replace("line 3\n", "line three\n", StringComparison.Ordinal)
            .Replace("line 8\n", string.Empty, StringComparison.Ordinal)
            .Replace("line 25\n", "line 25\nnew\n", StringComparison.Ordinal);

        Assert.That(UnifiedDiff.Of(before, after), Is.EqualTo(
            "@@ -1,12 +1,11 @@\n line 0\n line 1\n line 2\n-line 3\n+line three\n line 4\n line 5\n line 6\n line 7\n-line 8\n line 9\n line 10\n line 11\n"
            + "@@ -24,6 +23,7 @@\n line 23\n line 24\n line 25\n+new\n line 26\n line 27\n line 28\n"));
    }

    [Test]
    public void Lines_too_frequent_to_index_in_a_long_text_still_match_next_to_a_match()
    {
        // 202 lines: "  {" and the other repeated lines are popular (more than 1% + 1 of them), so difflib
        // leaves them out of its index and only reaches them by extending a match.
        var items = Enumerable.Range(0, 50).SelectMany(i => new[] { "  {", $"   \"Name\": \"n{i}\",", "   \"Value\": null", "  }," });
        var before = string.Join('\n', new[] { "{" }.Concat(items).Append("}"));
        var after = before.Replace("\"n10\",", "\"m10\",", StringComparison.Ordinal)
            .Replace("\"n11\",", "\"n11\",\n   \"Extra\": 1,", StringComparison.Ordinal);

        Assert.That(UnifiedDiff.Of(before, after), Is.EqualTo(
            "@@ -40,11 +40,12 @@\n    \"Value\": null\n   },\n   {\n-   \"Name\": \"n10\",\n+   \"Name\": \"m10\",\n    \"Value\": null\n   },\n   {\n"
            + "    \"Name\": \"n11\",\n+   \"Extra\": 1,\n    \"Value\": null\n   },\n   {\n"));
    }

    [Test]
    public void Equal_texts_give_no_diff() => Assert.That(UnifiedDiff.Of("{\n \"A\": 1\n}", "{\n \"A\": 1\n}"), Is.Empty);
}
