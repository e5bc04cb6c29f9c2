using GitOps.Artifacts;
using GitOps.Oci.Registry;

namespace GitOps.Oci.Tests.Registry;

public sealed class OciReferenceTests
{
    [TestCase("oci://127.0.0.1:5000/apps/podinfo:1.0.0", "127.0.0.1:5000", "apps/podinfo", "1.0.0")]
    [TestCase("ghcr.io/stefanprodan/manifests/podinfo", "ghcr.io", "stefanprodan/manifests/podinfo", null)]
    [TestCase("oci://localhost/a_b.c-d:v2.0.0-rc.1_build", "localhost", "a_b.c-d", "v2.0.0-rc.1_build")]
    public void A_reference_reads_into_registry_repository_and_tag(string text, string registry, string repository, string? tag)
    {
        var reference = OciReference.Parse(text);

        Assert.That((reference.Registry, reference.Repository, reference.Tag), Is.EqualTo((registry, repository, tag)));
    }

    [Test]
    public void A_digest_reference_keeps_its_digest_and_prints_back_the_same()
    {
        var digest = Digest.Compute("x"u8);
        var reference = OciReference.Parse($"oci://r.example:443/a/b:t@{digest}");

        Assert.That(reference.Digest, Is.EqualTo(digest));
        Assert.That(reference.ToString(), Is.EqualTo($"oci://r.example:443/a/b:t@{digest}"));
    }

    [TestCase("oci://", "not HOST/REPOSITORY")]
    [TestCase("oci://host", "not HOST/REPOSITORY")]
    [TestCase("oci://host/Upper", "not a valid repository name")]
    [TestCase("oci://host/a:bad+tag", "not a valid tag")]
    [TestCase("oci://host/a@sha256:abc", "not a digest")]
    [TestCase("oci://ho st/a", "not a registry host")]
    public void An_invalid_reference_is_refused_with_a_reason(string text, string reason)
    {
        Assert.That(OciReference.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(reason));
    }
}
