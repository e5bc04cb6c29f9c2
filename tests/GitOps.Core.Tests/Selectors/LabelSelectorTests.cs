using GitOps.Selectors.Internal;

namespace GitOps.Core.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal) { ["app"] = "web", ["tier"] = "front", ["empty"] = "" };

    [TestCase("", true)]
    [TestCase("   ", true)]
    [TestCase("app", true)]
    [TestCase("!app", false)]
    [TestCase("!missing", true)]
    [TestCase("app=web", true)]
    [TestCase("app==web", true)]
    [TestCase("app = web", true)]
    [TestCase("app=api", false)]
    [TestCase("app!=api", true)]
    [TestCase("missing!=x", true)]
    [TestCase("app in (api, web)", true)]
    [TestCase("app in (api)", false)]
    [TestCase("missing in (x)", false)]
    [TestCase("app notin (api)", true)]
    [TestCase("app notin (web,api)", false)]
    [TestCase("missing notin (x)", true)]
    [TestCase("empty=", true)]
    [TestCase("app=web,tier in (front,back),!missing", true)]
    [TestCase("app=web,tier=back", false)]
    public void Requirements_match_as_apimachinery_reads_them(string selector, bool matches)
    {
        Assert.That(LabelSelector.Parse(selector, static m => new FormatException(m)).Matches(Labels), Is.EqualTo(matches));
    }

    [TestCase("app=web,", "found '', expected: !, identifier, or 'end of string'")]
    [TestCase("app in web", "unable to parse requirement: found 'web', expected: '('")]
    [TestCase("=web", "unable to parse requirement: invalid label key \"\"")]
    [TestCase("a b", "unable to parse requirement: invalid label key \"a b\"")]
    public void Malformed_selectors_become_the_callers_exception(string selector, string message)
    {
        Assert.That(() => LabelSelector.Parse(selector, static m => new InvalidOperationException(m)),
            Throws.InvalidOperationException.With.Message.EqualTo(message));
    }

    [Test]
    public void Empty_requirements_are_skipped_when_the_caller_allows_them()
    {
        var selector = LabelSelector.Parse("app=web,,tier=front,", static m => new FormatException(m), allowEmptyRequirements: true);

        Assert.That(selector.Matches(Labels), Is.True);
    }

    [Test]
    public void A_lookup_function_serves_labels_from_any_source()
    {
        var selector = LabelSelector.Parse("app=web", static m => new FormatException(m));

        Assert.Multiple(() =>
        {
            Assert.That(selector.Matches(key => key == "app" ? "web" : null), Is.True);
            Assert.That(selector.Matches(static _ => null), Is.False);
        });
    }
}
