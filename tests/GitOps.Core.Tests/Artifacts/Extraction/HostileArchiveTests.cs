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

    [Test]
    public async Task Metadata_records_are_not_entries_but_implied_directories_are()
    {
        // 600 files each behind a PAX record: 1,200 headers, 600 entries, under a cap of 1,000.
        var paxed = new GitOps.Testing.Archives.TarBuilder();
        for (var i = 0; i < 600; i++)
        {
            paxed.Pax(("path", $"f{i:D4}.txt")).File("ignored", "x");
        }

        using var scene = new ExtractionScene();
        var result = await new ArchiveExtractor().ExtractAsync(new MemoryStream(paxed.ToTarGz()), scene.Destination, new ExtractionOptions { MaxEntries = 1000 });

        // One file three directories deep is four entries: the file and its three implied parents.
        using var deep = new ExtractionScene();
        var nested = new GitOps.Testing.Archives.TarBuilder().File("a/b/c/f.txt", "x").ToTarGz();
        var deepResult = await new ArchiveExtractor().ExtractAsync(new MemoryStream(nested), deep.Destination, new ExtractionOptions { MaxEntries = 4 });

        Assert.That(result.Files, Is.EqualTo(600));
        Assert.That(deepResult.Directories, Is.EqualTo(3));
        Assert.That(
            () => new ArchiveExtractor().ExtractAsync(new MemoryStream(nested), deep.Destination + "-2", new ExtractionOptions { MaxEntries = 3 }),
            Throws.TypeOf<ArtifactTooLargeException>().With.Property(nameof(ArtifactTooLargeException.Limit)).EqualTo(ArtifactLimit.Entries));
    }

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
