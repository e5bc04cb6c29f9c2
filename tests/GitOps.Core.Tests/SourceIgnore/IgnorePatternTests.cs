using GitOps.SourceIgnore;

namespace GitOps.Core.Tests.SourceIgnore;

public sealed class IgnorePatternTests
{
    [TestCase("")]
    [TestCase("# comment")]
    [TestCase("   ")]
    [TestCase("!")]
    [TestCase("/")]
    public void Blank_lines_comments_and_empty_patterns_are_not_patterns(string line) =>
        Assert.That(IgnorePattern.Parse(line), Is.Null);

    [Test]
    public void Reads_negation_directory_only_and_anchoring()
    {
        var pattern = IgnorePattern.Parse("!/build/", ["sub"])!;

        Assert.Multiple(() =>
        {
            Assert.That(pattern.IsNegated, Is.True);
            Assert.That(pattern.IsDirectoryOnly, Is.True);
            Assert.That(pattern.MatchesBasename, Is.False);
            Assert.That(pattern.Domain, Is.EqualTo(new[] { "sub" }));
            Assert.That(pattern.Matches("sub/build", isDirectory: true), Is.True);
            Assert.That(pattern.Matches("build", isDirectory: true), Is.False, "outside its folder");
            Assert.That(pattern.Matches("sub/build", isDirectory: false), Is.False, "directories only");
            Assert.That(pattern.ToString(), Is.EqualTo("sub/: !/build/"));
        });
    }

    [Test]
    public void Without_rules_Flux_defaults_apply_and_with_rules_only_the_VCS_exclusions()
    {
        var none = SourceIgnoreRules.CreateMatcher([]);
        var some = SourceIgnoreRules.CreateMatcher([IgnorePattern.Parse("*.tmp")!]);

        Assert.Multiple(() =>
        {
            Assert.That(none.IsIgnored(".github/workflows/ci.yml", false), Is.True);
            Assert.That(none.IsIgnored("img/logo.png", false), Is.True);
            Assert.That(none.IsIgnored("deep/.sops.yaml", false), Is.True);
            Assert.That(none.IsIgnored(".git/config", false), Is.True);
            Assert.That(none.IsIgnored("deploy/app.yaml", false), Is.False);
            Assert.That(some.IsIgnored(".github/workflows/ci.yml", false), Is.False);
            Assert.That(some.IsIgnored("img/logo.png", false), Is.False);
            Assert.That(some.IsIgnored(".git/config", false), Is.True);
            Assert.That(some.IsIgnored(".gitignore", false), Is.True);
            Assert.That(some.IsIgnored("x.tmp", false), Is.True);
        });
    }

    [TestCase("*a*a*a*a*a*a*a*a*a*a*b", false)]
    [TestCase("**/*a*a*a*a*a*a*a*a*a*a*b", true)]
    public void Many_stars_against_a_long_name_answer_at_once_where_git_takes_minutes(string glob, bool anchored)
    {
        // git check-ignore needs about three minutes for the 50-character name (its wildmatch retries every
        // position for every star); the answer itself is plain. The wait is a guard against a hang, not a timing.
        var pattern = IgnorePattern.Parse(glob)!;
        var prefix = anchored ? "x/" : string.Empty;
        var work = Task.Run(() => (
            NoB: pattern.Matches(prefix + new string('a', 50) + "c", isDirectory: false),
            EndsInB: pattern.Matches(prefix + new string('a', 49) + "b", isDirectory: false),
            Deep: pattern.Matches(prefix + string.Concat(Enumerable.Repeat("a/", 40)) + new string('a', 60), isDirectory: false)));

        Assert.That(work.Wait(TimeSpan.FromSeconds(60)), Is.True, "the match did not finish");
        Assert.That(work.Result, Is.EqualTo((false, true, false)));
    }
}
