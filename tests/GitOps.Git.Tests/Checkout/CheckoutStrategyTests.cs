using GitOps.Git.Checkout;
using GitOps.Git.Checkout.Internal;

namespace GitOps.Git.Tests.Checkout;

public sealed class CheckoutStrategyTests
{
    [Test]
    public void Flux_precedence_is_commit_then_name_then_semver_then_tag_then_branch()
    {
        var all = new CheckoutStrategy { Branch = "main", Tag = "v1", SemVer = "*", Name = "refs/heads/x", Commit = new string('a', 40) };
        Assert.That(all.Kind, Is.EqualTo(CheckoutKind.Commit));
        Assert.That((all with { Commit = null }).Kind, Is.EqualTo(CheckoutKind.Name));
        Assert.That((all with { Commit = null, Name = null }).Kind, Is.EqualTo(CheckoutKind.SemVer));
        Assert.That((all with { Commit = null, Name = null, SemVer = null }).Kind, Is.EqualTo(CheckoutKind.Tag));
        Assert.That((all with { Commit = null, Name = null, SemVer = null, Tag = null }).Kind, Is.EqualTo(CheckoutKind.Branch));
        Assert.That(new CheckoutStrategy().EffectiveBranch, Is.EqualTo("master"));
    }

    [TestCase("branch=main", CheckoutKind.Branch)]
    [TestCase("tag=v1.0.0", CheckoutKind.Tag)]
    [TestCase("semver=>=1.0.0 <2.0.0", CheckoutKind.SemVer)]
    [TestCase("name=refs/pull/1/head", CheckoutKind.Name)]
    [TestCase("commit=0123456789abcdef0123456789abcdef01234567", CheckoutKind.Commit)]
    public void The_CLI_reference_syntax_is_read(string text, CheckoutKind kind) =>
        Assert.That(CheckoutStrategy.Parse(text).Kind, Is.EqualTo(kind));

    [TestCase("main")]
    [TestCase("branch=")]
    [TestCase("sha=abc")]
    [TestCase("commit=abc")]
    [TestCase("name=heads/main")]
    [TestCase("branch=--upload-pack=evil")]
    public void Bad_references_are_refused(string text) =>
        Assert.That(() => CheckoutStrategy.Parse(text), Throws.TypeOf<FormatException>());

    [Test]
    public void Semver_picks_the_highest_strict_version_and_skips_prereleases_unless_asked()
    {
        GitRemoteReference Tag(string name) => new("refs/tags/" + name, new string('1', 40));
        var refs = new[] { Tag("v1.0.0"), Tag("v1.1.0"), Tag("v2.0.0-rc.1"), Tag("1.2"), Tag("v1.10.0"), Tag("not-a-version"), Tag("3.0.0.0"), new GitRemoteReference("refs/heads/v9.0.0", new string('2', 40)) };

        Assert.That(CheckoutResolver.PickSemVer("*", refs)?.Name, Is.EqualTo("refs/tags/v1.10.0"));
        Assert.That(CheckoutResolver.PickSemVer("~1.0", refs)?.Name, Is.EqualTo("refs/tags/v1.0.0"));
        Assert.That(CheckoutResolver.PickSemVer(">=2.0.0-0", refs)?.Name, Is.EqualTo("refs/tags/v2.0.0-rc.1"));
        Assert.That(CheckoutResolver.PickSemVer(">=1.0.0, <1.5.0", refs)?.Name, Is.EqualTo("refs/tags/v1.1.0"));
        Assert.That(CheckoutResolver.PickSemVer(">=5", refs), Is.Null);
        Assert.That(() => CheckoutResolver.PickSemVer("1..2", refs), Throws.TypeOf<GitReferenceNotFoundException>());
    }

    [Test]
    public void Semver_ties_are_every_tag_of_the_highest_version_greatest_name_first()
    {
        GitRemoteReference Tag(string name) => new("refs/tags/" + name, new string('1', 40));
        var refs = new[] { Tag("v1.0.0+b"), Tag("1.0.0+a"), Tag("v1.0.0"), Tag("v0.9.0"), Tag("v1.0.0-rc.1") };

        Assert.That(CheckoutResolver.SemVerTies("1.x", refs).Select(r => r.Name), Is.EqualTo(new[] { "refs/tags/v1.0.0+b", "refs/tags/v1.0.0", "refs/tags/1.0.0+a" }));
        Assert.That(CheckoutResolver.SemVerTies("<1.0.0", refs).Select(r => r.Name), Is.EqualTo(new[] { "refs/tags/v0.9.0" }));
        Assert.That(CheckoutResolver.SemVerTies(">=2", refs), Is.Empty);
    }

    [Test]
    public void Sparse_directories_must_stay_inside_the_repository()
    {
        Assert.That(() => new CloneOptions { SparseCheckoutDirectories = ["../x"] }.Validate(), Throws.ArgumentException);
        Assert.That(() => new CloneOptions { SparseCheckoutDirectories = ["/etc"] }.Validate(), Throws.ArgumentException);
        Assert.That(() => new CloneOptions { SparseCheckoutDirectories = ["deploy/app"] }.Validate(), Throws.Nothing);
    }
}
