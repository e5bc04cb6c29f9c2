using System.Text;
using GitOps.Artifacts;
using GitOps.Oci.Registry;

namespace GitOps.Oci.Tests.Registry;

public sealed class OciManifestTests
{
    [Test]
    public void A_written_manifest_reads_back_with_sorted_annotations_and_its_own_digest()
    {
        var config = new OciDescriptor("application/vnd.cncf.flux.config.v1+json", Digest.Compute("{}"u8), 2);
        var layer = new OciDescriptor("application/vnd.cncf.flux.content.v1.tar+gzip", Digest.Compute("layer"u8), 5);

        var bytes = OciManifest.Write(config, [layer], new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" });
        var manifest = OciManifest.Parse(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(manifest.Digest, Is.EqualTo(Digest.Compute(bytes)));
            Assert.That(manifest.MediaType, Is.EqualTo(OciMediaTypes.ImageManifest));
            Assert.That(manifest.Config, Is.EqualTo(config).Using<OciDescriptor>((x, y) => x.Digest == y.Digest && x.MediaType == y.MediaType && x.Size == y.Size));
            Assert.That(manifest.Layers.Single().Digest, Is.EqualTo(layer.Digest));
            Assert.That(Encoding.UTF8.GetString(bytes), Does.Contain("\"annotations\":{\"a\":\"2\",\"z\":\"1\"}"));
        });
    }

    [TestCase("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""", "an index")]
    [TestCase("""{"schemaVersion":1}""", "schemaVersion 2")]
    [TestCase("""{"schemaVersion":2,"config":{"mediaType":"x","digest":"sha1:0000000000000000000000000000000000000000","size":1}}""", "not a sha256")]
    [TestCase("""{"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:00","size":-1}}""", "non-negative size")]
    [TestCase("""[1,2]""", "JSON object")]
    [TestCase("""{"schemaVersion":""", "not valid JSON")]
    public void What_is_not_an_image_manifest_is_refused(string json, string reason)
    {
        var error = Assert.Throws<OciManifestException>(() => OciManifest.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.That(error!.Message, Does.Contain(reason));
    }
}
