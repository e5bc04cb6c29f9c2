using GitOps.Buckets.Internal;
using GitOps.SourceIgnore;

namespace GitOps.Buckets.Tests.Internal;

public sealed class KeyFilterTests
{
    private static KeyFilter Filter(string bucketRules, string? extra = null, bool defaults = false) =>
        KeyFilter.Create(SourceIgnoreRules.ReadPatterns(new StringReader(bucketRules)), extra, defaults);

    [Test]
    public void A_pattern_applies_to_a_key_through_its_parent_folders()
    {
        var filter = Filter("secret/\n*.txt\n");

        Assert.Multiple(() =>
        {
            Assert.That(filter.IsIgnored("secret/a.yaml"), Is.True);
            Assert.That(filter.IsIgnored("apps/secret/a.yaml"), Is.True);
            Assert.That(filter.IsIgnored("apps/notes.txt"), Is.True);
            Assert.That(filter.IsIgnored("apps/a.yaml"), Is.False);
            Assert.That(filter.IsIgnored("secret"), Is.False, "a folder-only pattern does not match a file");
        });
    }

    [Test]
    public void The_last_pattern_that_applies_wins_so_a_key_under_an_ignored_folder_can_be_re_included_as_go_git_does()
    {
        var filter = Filter("dir/\n!dir/keep.yaml\n");

        Assert.Multiple(() =>
        {
            Assert.That(filter.IsIgnored("dir/drop.yaml"), Is.True);
            Assert.That(filter.IsIgnored("dir/keep.yaml"), Is.False);
        });
    }

    [Test]
    public void Extra_rules_come_after_the_bucket_rules_and_take_precedence()
    {
        var filter = Filter("*.yaml\n", extra: "!keep.yaml\n");

        Assert.Multiple(() =>
        {
            Assert.That(filter.IsIgnored("drop.yaml"), Is.True);
            Assert.That(filter.IsIgnored("keep.yaml"), Is.False);
        });
    }

    [Test]
    public void By_default_no_built_in_exclusion_applies_as_in_flux_bucket_controller()
    {
        var filter = Filter(string.Empty);

        Assert.Multiple(() =>
        {
            Assert.That(filter.IsIgnored("logo.png"), Is.False);
            Assert.That(filter.IsIgnored(".gitignore"), Is.False);
            Assert.That(filter.IsIgnored(".github/workflows/ci.yml"), Is.False);
        });
    }

    [Test]
    public void Default_exclusions_apply_on_request_and_the_defaults_only_without_rules()
    {
        var none = Filter(string.Empty, defaults: true);
        var withRules = Filter("*.tmp\n", defaults: true);

        Assert.Multiple(() =>
        {
            Assert.That(none.IsIgnored("img/logo.png"), Is.True);
            Assert.That(none.IsIgnored(".github/workflows/ci.yml"), Is.True);
            Assert.That(none.IsIgnored(".gitignore"), Is.True);
            Assert.That(withRules.IsIgnored("img/logo.png"), Is.False);
            Assert.That(withRules.IsIgnored(".gitignore"), Is.True, "VCS files are always excluded");
            Assert.That(withRules.IsIgnored("x.tmp"), Is.True);
        });
    }
}
