using GitOps.Versioning;

namespace GitOps.Core.Tests.Versioning;

/// <summary>Core's Masterminds/semver rules; the full tables run through GitOps.Helm's names in its tests.</summary>
public sealed class VersionConstraintTests
{
    [TestCase("^1.2", "1.9.0", true)]
    [TestCase("^1.2", "2.0.0", false)]
    [TestCase("~1.2.3", "1.2.9", true)]
    [TestCase(">=1.0.0 <2.0.0 || 3.x", "3.4.5", true)]
    [TestCase("1.2 - 1.4", "1.4.9", true)]
    [TestCase("*", "1.0.0-rc.1", false)]
    [TestCase(">1.0.0-0", "1.0.1-rc.1", true)]
    public void Constraints_match_as_masterminds_semver_v3(string constraint, string version, bool matches)
    {
        Assert.That(VersionConstraint.Parse(constraint).IsSatisfiedBy(version), Is.EqualTo(matches));
    }

    [Test]
    public void A_refused_constraint_is_a_gitops_exception_with_the_reason()
    {
        var ex = Assert.Throws<VersionConstraintException>(() => VersionConstraint.Parse("1..2"));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Reason, Does.StartWith("improper constraint"));
            Assert.That(ex, Is.InstanceOf<GitOpsException>());
        });
    }

    [TestCase("v1.2", "1.2.0")]
    [TestCase("1", "1.0.0")]
    [TestCase("01.02.03", "1.2.3")]
    public void Loose_versions_are_read_as_helm_reads_chart_versions(string text, string expected)
    {
        Assert.That(SemanticVersion.Parse(text).ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Ordering_ignores_build_metadata()
    {
        Assert.That(SemanticVersion.Compare("1.2.3+a", "1.2.3+b"), Is.Zero);
    }
}
