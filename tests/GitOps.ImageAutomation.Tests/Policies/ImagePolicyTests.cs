using GitOps.ImageAutomation.Policies;

namespace GitOps.ImageAutomation.Tests.Policies;

/// <summary>Tables derived from image-reflector-controller's internal/policy (semver.go, alphabetical.go, numerical.go, factory.go) and fluxcd/pkg version.ParseVersion.</summary>
public sealed class ImagePolicyTests
{
    [TestCase("1.0.x", new[] { "1.0.0", "1.0.0.1", "1.0.0p", "1.0.1", "1.2.0", "0.1.0" }, "1.0.1", TestName = "Semver skips four-part and suffixed tags")]
    [TestCase("1.0.x", new[] { "v1.2.3", "v1.0.0", "v0.1.0" }, "v1.0.0", TestName = "Semver returns the original tag with its v")]
    [TestCase(">=1.0.0", new[] { "1.2", "1.1.0", "2", "latest" }, "1.1.0", TestName = "Semver skips tags with fewer than three parts")]
    [TestCase(">=1.0.0", new[] { "1.2.0", "v1.2.0", "1.2.0+build" }, "1.2.0", TestName = "Semver keeps the first of equal versions")]
    [TestCase(">=1.0.0", new[] { "1.2.0-rc.1", "1.1.0" }, "1.1.0", TestName = "Semver prereleases need a prerelease range")]
    [TestCase(">=1.0.0-0", new[] { "1.2.0-rc.1", "1.1.0", "1.2.0-rc.2" }, "1.2.0-rc.2", TestName = "Semver prerelease range picks the newest prerelease")]
    [TestCase("*", new[] { "2025.01.07", "2025.02.03", "v2025.10.01" }, "v2025.10.01", TestName = "Semver accepts leading zeros as fluxcd pkg does")]
    [TestCase("^1", new[] { "1.2-rc.1", "1.1.0" }, "1.1.0", TestName = "Semver reads 1.2-rc.1 as a prerelease and skips it")]
    public void Semver_picks_as_Flux(string range, string[] tags, string expected) =>
        Assert.That(ImagePolicy.SemVer(range).Latest(tags), Is.EqualTo(expected));

    [TestCase("1.0.0p")]
    [TestCase("1x")]
    [TestCase("a")]
    [TestCase("")]
    public void An_invalid_semver_range_is_refused(string range) =>
        Assert.That(() => ImagePolicy.SemVer(range), Throws.TypeOf<ImagePolicyException>());

    [TestCase("b1.2.3,b1.0.0")]
    [TestCase("1.2.0")]
    public void No_qualifying_version_fails_with_Flux_message(string tags) =>
        Assert.That(() => ImagePolicy.SemVer("1.0.x").Latest(tags.Split(',')), Throws.TypeOf<ImagePolicyException>().With.Message.EqualTo("unable to determine latest version from provided list"));

    [Test]
    public void An_empty_list_fails_every_policy()
    {
        foreach (var policy in new[] { ImagePolicy.SemVer("*"), ImagePolicy.Alphabetical(), ImagePolicy.Numerical() })
        {
            Assert.That(() => policy.Latest([]), Throws.TypeOf<ImagePolicyException>().With.Message.EqualTo("version list argument cannot be empty"));
        }
    }

    [TestCase(null, new[] { "xzy", "yzx", "zxy", "zzz" }, "zzz", TestName = "Alphabetical default asc picks the greatest")]
    [TestCase("asc", new[] { "RELEASE.2024-01-01", "RELEASE.2023-12-31" }, "RELEASE.2024-01-01", TestName = "Alphabetical asc suits timestamped tags")]
    [TestCase("DESC", new[] { "xzy", "aaa", "zzz" }, "aaa", TestName = "Alphabetical desc picks the smallest")]
    [TestCase("asc", new[] { "a", "B", "Z" }, "a", TestName = "Alphabetical compares bytes so lower case sorts last")]
    [TestCase("asc", new[] { "1.10.0", "1.9.0" }, "1.9.0", TestName = "Alphabetical is not numeric")]
    public void Alphabetical_orders_as_Go_strings(string? order, string[] tags, string expected) =>
        Assert.That(ImagePolicy.Alphabetical(order).Latest(tags), Is.EqualTo(expected));

    [TestCase(null, new[] { "1", "10", "2", "9.5" }, "10", TestName = "Numerical default asc picks the largest")]
    [TestCase("desc", new[] { "1", "10", "-2", "9.5" }, "-2", TestName = "Numerical desc picks the smallest")]
    [TestCase("asc", new[] { "1.0", "1", "01" }, "01", TestName = "Numerical ties go to the later tag")]
    [TestCase("asc", new[] { "1e3", "999", "0x1p10" }, "0x1p10", TestName = "Numerical reads exponents and hex floats as ParseFloat")]
    [TestCase("asc", new[] { "5", "+Inf" }, "+Inf", TestName = "Numerical reads infinity")]
    public void Numerical_orders_by_value(string? order, string[] tags, string expected) =>
        Assert.That(ImagePolicy.Numerical(order).Latest(tags), Is.EqualTo(expected));

    [TestCase("latest")]
    [TestCase("1_000")]
    [TestCase("0x10")]
    [TestCase("1e400")]
    [TestCase(" 1")]
    public void One_non_numeric_tag_fails_the_numerical_policy(string bad) =>
        Assert.That(
            () => ImagePolicy.Numerical().Latest(["1", bad, "3"]),
            Throws.TypeOf<ImagePolicyException>().With.Message.EqualTo($"failed to parse invalid numeric value '{bad}'"));

    [Test]
    public void An_unknown_order_is_refused_with_Flux_message() =>
        Assert.That(() => ImagePolicy.Numerical("up"), Throws.TypeOf<ImagePolicyException>().With.Message.EqualTo("invalid order argument provided: 'UP', must be one of: ASC, DESC"));

    [Test]
    public void A_spec_without_a_choice_is_invalid() =>
        Assert.That(() => ImagePolicy.FromSpec(null, null, null), Throws.TypeOf<ImagePolicyException>().With.Message.EqualTo("given ImagePolicyChoice object is invalid"));

    [Test]
    public void The_filter_extract_feeds_the_policy_and_the_original_tag_is_returned()
    {
        var tags = new[] { "main-abc123-1700000001", "main-def456-1700000300", "feature-x-1800000000", "main-0aa-1700000200" };

        var latest = ImagePolicy.Numerical("asc").SelectLatestTag(tags, TagFilter.Create("^main-[a-f0-9]+-(?P<ts>[0-9]+)", "$ts"));

        Assert.That(latest, Is.EqualTo("main-def456-1700000300"));
    }

    [Test]
    public void Filtering_nothing_leaves_an_empty_list() =>
        Assert.That(
            () => ImagePolicy.SemVer("*").SelectLatestTag(["1.0.0"], TagFilter.Create("^v")),
            Throws.TypeOf<ImagePolicyException>().With.Message.EqualTo("version list argument cannot be empty"));

    [Test]
    public void The_default_exclusion_drops_signature_tags() =>
        Assert.That(TagExclusion.Default.Apply(["1.0.0", "sha256-abc.sig", "1.0.0.sig", "sig"]), Is.EqualTo(new[] { "1.0.0", "sig" }));
}
