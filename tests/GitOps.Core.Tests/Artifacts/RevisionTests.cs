using GitOps.Artifacts;

namespace GitOps.Core.Tests.Artifacts;

public sealed class RevisionTests
{
    private const string Sha1 = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3";
    private const string Sha256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    [TestCase("main@sha1:" + Sha1, "main", "sha1:" + Sha1)]
    [TestCase("v1.2.3@sha1:" + Sha1, "v1.2.3", "sha1:" + Sha1)]
    [TestCase("refs/heads/feature/x@sha1:" + Sha1, "refs/heads/feature/x", "sha1:" + Sha1)]
    [TestCase("latest@sha256:" + Sha256, "latest", "sha256:" + Sha256)]
    [TestCase("sha1:" + Sha1, null, "sha1:" + Sha1)]
    [TestCase("sha256:" + Sha256, null, "sha256:" + Sha256)]
    [TestCase("1.2.3", "1.2.3", null)]
    public void Reads_the_current_forms_and_writes_them_back_unchanged(string text, string? reference, string? digest)
    {
        var revision = Revision.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(revision.Reference, Is.EqualTo(reference));
            Assert.That(revision.Digest?.ToString(), Is.EqualTo(digest));
            Assert.That(revision.WasLegacy, Is.False);
            Assert.That(revision.ToString(), Is.EqualTo(text));
        });
    }

    [TestCase("main/" + Sha1, "main@sha1:" + Sha1)]
    [TestCase("refs/heads/main/" + Sha1, "refs/heads/main@sha1:" + Sha1)]
    [TestCase("latest/" + Sha256, "latest@sha256:" + Sha256)]
    [TestCase("HEAD/" + Sha1, "sha1:" + Sha1)]
    [TestCase(Sha1, "sha1:" + Sha1)]
    public void Reads_the_legacy_forms_and_writes_the_current_one(string legacy, string current)
    {
        var revision = Revision.Parse(legacy);

        Assert.Multiple(() =>
        {
            Assert.That(revision.WasLegacy, Is.True);
            Assert.That(revision.ToString(), Is.EqualTo(current));
            Assert.That(Revision.Parse(current).ToString(), Is.EqualTo(current));
        });
    }

    [TestCase("")]
    [TestCase(" ")]
    [TestCase("main@")]
    [TestCase("@sha1:" + Sha1)]
    [TestCase("main@sha1:abc")]
    [TestCase("main@" + Sha1)]
    [TestCase("md5:abc")]
    [TestCase("main branch")]
    public void Rejects_what_is_not_a_revision(string text)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Revision.TryParse(text, out _), Is.False);
            Assert.That(() => Revision.Parse(text), Throws.TypeOf<FormatException>());
        });
    }

    [Test]
    public void Needs_a_reference_or_a_digest()
    {
        Assert.That(() => new Revision(null, null), Throws.ArgumentException);
    }

    [Test]
    public void An_artifact_carries_its_revision_and_empty_metadata_by_default()
    {
        var artifact = new Artifact { Digest = Digest.Compute("x"u8), Revision = Revision.Parse("main@sha1:" + Sha1), Size = 1 };

        Assert.Multiple(() =>
        {
            Assert.That(artifact.Metadata, Is.Empty);
            Assert.That(artifact.Revision?.Reference, Is.EqualTo("main"));
            Assert.That(artifact with { Size = 1 }, Is.EqualTo(artifact));
        });
    }
}
