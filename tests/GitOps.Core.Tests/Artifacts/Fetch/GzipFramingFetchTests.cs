using GitOps.Artifacts;
using GitOps.Artifacts.Fetch;
using GitOps.Core.Tests.Artifacts.Extraction;
using GitOps.Testing.Http;

namespace GitOps.Core.Tests.Artifacts.Fetch;

/// <summary>
/// Without a digest, the gzip framing is what tells a complete, intact artifact from a cut or corrupted one:
/// <see cref="ArtifactFetcher.FetchUnverifiedAsync"/> against a real Kestrel on 127.0.0.1, with the bodies of
/// <see cref="GzipFraming"/>, and bodies that end cleanly (chunked) anywhere in the gzip trailer.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class GzipFramingFetchTests : LoopbackFetchTests
{
    [TestCaseSource(typeof(GzipFraming), nameof(GzipFraming.Accepted))]
    public async Task Fetches_well_framed_gzip_with_the_same_content(byte[] gzip)
    {
        using var scene = new ExtractionScene();

        var result = await new ArtifactFetcher().FetchUnverifiedAsync(ServeAt(gzip).Url, scene.Destination, Quick());

        Assert.Multiple(() =>
        {
            Assert.That(result.Size, Is.EqualTo(gzip.Length));
            Assert.That(result.Digest, Is.EqualTo(Digest.Compute(gzip)));
            Assert.That(result.Verified, Is.False);
        });
        GzipFraming.AssertExtracted(scene.Destination);
        scene.AssertNoStagingLeft();
    }

    [TestCaseSource(typeof(GzipFraming), nameof(GzipFraming.Refused))]
    public void Refuses_bad_framing_once_and_writes_nothing(byte[] gzip)
    {
        using var scene = new ExtractionScene();
        var (url, path) = ServeAt(gzip);

        var error = Assert.ThrowsAsync<UnsafeArchiveException>(() => new ArtifactFetcher().FetchUnverifiedAsync(url, scene.Destination, Quick()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Reason, Is.EqualTo(UnsafeArchiveReason.Malformed), error.Message);
            Assert.That(error.IsTransient, Is.False);
            Assert.That(Server.RequestCount(path), Is.EqualTo(1), "the same bytes would be refused again");
        });
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    [TestCase(6)]
    [TestCase(7)]
    [TestCase(8)]
    public void Refuses_a_chunked_body_that_ends_cleanly_inside_the_gzip_trailer(int missing)
    {
        using var scene = new ExtractionScene();
        var (url, path) = ServeAt(GzipFraming.Good, HttpFault.TruncatedBody(GzipFraming.Good.Length - missing));

        var error = Assert.ThrowsAsync<UnsafeArchiveException>(() => new ArtifactFetcher().FetchUnverifiedAsync(url, scene.Destination, Quick()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Reason, Is.EqualTo(UnsafeArchiveReason.Malformed), error.Message);
            Assert.That(error.Message, Does.Contain("trailer"));
            Assert.That(Server.RequestCount(path), Is.EqualTo(1), "a clean but short body is not a transport failure");
        });
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
    }
}
