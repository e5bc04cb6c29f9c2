using GitOps.Artifacts;
using GitOps.Artifacts.Extraction;
using GitOps.Artifacts.Fetch;
using GitOps.Testing.Http;

namespace GitOps.Core.Tests.Artifacts.Extraction;

/// <summary>
/// Every archive of <see cref="HostileArchives"/>, served by a real Kestrel with its true digest (so the
/// digest check passes and extraction must refuse it), and extracted from a local stream.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class HostileArchiveTests
{
    private LoopbackHttpServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await LoopbackHttpServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public void The_corpus_has_at_least_forty_archives() =>
        Assert.That(HostileArchives.All().Count(), Is.GreaterThanOrEqualTo(40));

    [TestCaseSource(typeof(HostileArchives), nameof(HostileArchives.All))]
    public async Task Fetch_refuses_it_and_leaves_everything_as_it_was(HostileArchive archive)
    {
        using var scene = new ExtractionScene();
        var path = "/" + Guid.NewGuid().ToString("N") + ".tar.gz";
        _server.MapBytes(path, archive.GzipBytes);
        var options = new ArtifactFetchOptions { Extraction = archive.Options ?? new ExtractionOptions(), MaxRetryAttempts = 0 };

        var fetch = () => new ArtifactFetcher().FetchAsync(_server.Url(path), Digest.Compute(archive.GzipBytes), scene.Destination, options);

        await AssertRefusedAsync(archive, fetch);
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
    }

    [TestCaseSource(typeof(HostileArchives), nameof(HostileArchives.All))]
    public async Task Local_extraction_refuses_it_and_leaves_everything_as_it_was(HostileArchive archive)
    {
        using var scene = new ExtractionScene();

        var extract = () => new ArchiveExtractor().ExtractAsync(new MemoryStream(archive.GzipBytes), scene.Destination, archive.Options);

        await AssertRefusedAsync(archive, extract);
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
    }

    private static async Task AssertRefusedAsync(HostileArchive archive, Func<Task> action)
    {
        if (archive.Reason is { } reason)
        {
            var refused = await ThrowsAsync<UnsafeArchiveException>(action);
            Assert.That(refused.Reason, Is.EqualTo(reason), refused.Message);
            Assert.That(refused.IsTransient, Is.False);
        }
        else
        {
            var refused = await ThrowsAsync<ArtifactTooLargeException>(action);
            Assert.That(refused.Limit, Is.EqualTo(archive.Limit), refused.Message);
            Assert.That(refused.IsTransient, Is.False);
        }
    }

    private static async Task<T> ThrowsAsync<T>(Func<Task> action)
        where T : Exception
    {
        try
        {
            await action();
        }
        catch (T expected)
        {
            return expected;
        }
        catch (Exception other)
        {
            Assert.Fail($"expected {typeof(T).Name}, got {other.GetType().Name}: {other.Message}");
        }

        Assert.Fail($"expected {typeof(T).Name}, but the archive was accepted");
        return null!;
    }
}
