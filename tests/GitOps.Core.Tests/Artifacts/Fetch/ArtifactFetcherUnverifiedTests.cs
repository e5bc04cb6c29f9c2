using System.Security.Cryptography;
using GitOps.Artifacts;
using GitOps.Artifacts.Extraction;
using GitOps.Artifacts.Fetch;
using GitOps.Core.Tests.Artifacts.Extraction;
using GitOps.Testing.Archives;
using GitOps.Testing.Http;

namespace GitOps.Core.Tests.Artifacts.Fetch;

/// <summary>
/// <see cref="ArtifactFetcher.FetchUnverifiedAsync"/> (no expected digest) against a real Kestrel on 127.0.0.1:
/// the same single pass, limits, retries and all-or-nothing swap as a verified fetch, and the SHA-256 of the
/// bytes served in the result.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class ArtifactFetcherUnverifiedTests : LoopbackFetchTests
{
    private static readonly (string Path, string Content)[] Files =
    [
        ("base/kustomization.yaml", "resources:\n- deployment.yaml\n"),
        ("base/deployment.yaml", string.Concat(Enumerable.Repeat("kind: Deployment\n", 20_000))),
        ("bin/run.sh", "#!/bin/sh\necho hi\n"),
    ];

    private static readonly byte[] Archive = Files
        .Aggregate(new TarBuilder().Directory("base"), (tar, f) => tar.File(f.Path, f.Content))
        .ToTarGz();

    private static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Test]
    public async Task Extracts_the_same_content_and_returns_the_sha256_of_the_body()
    {
        using var scene = new ExtractionScene();

        var result = await new ArtifactFetcher().FetchUnverifiedAsync(ServeAt(Archive).Url, scene.Destination, Quick());

        Assert.Multiple(() =>
        {
            Assert.That(result.Digest.ToString(), Is.EqualTo(Sha256(Archive)), "computed independently of Digest.Compute");
            Assert.That(result.Digest.Algorithm, Is.EqualTo(DigestAlgorithm.Sha256));
            Assert.That(result.Verified, Is.False);
            Assert.That(result.Size, Is.EqualTo(Archive.Length));
            Assert.That(result.Files, Is.EqualTo(Files.Length));
            Assert.That(result.ExtractedBytes, Is.EqualTo(Files.Sum(f => (long)f.Content.Length)));
            Assert.That(result.Attempts, Is.EqualTo(1));
            foreach (var (path, content) in Files)
            {
                Assert.That(File.ReadAllText(Path.Combine(scene.Destination, path)), Is.EqualTo(content), path);
            }

            Assert.That(File.Exists(Path.Combine(scene.Destination, "existing.txt")), Is.False, "the old tree is replaced, not merged");
        });
        scene.AssertNoStagingLeft();
    }

    [Test]
    public async Task A_verified_fetch_says_it_was_verified_and_returns_the_same_digest()
    {
        using var verifiedScene = new ExtractionScene();
        using var unverifiedScene = new ExtractionScene();
        var url = ServeAt(Archive).Url;

        var verified = await new ArtifactFetcher().FetchAsync(url, Digest.Compute(Archive), verifiedScene.Destination, Quick());
        var unverified = await new ArtifactFetcher().FetchUnverifiedAsync(url, unverifiedScene.Destination, Quick());

        Assert.Multiple(() =>
        {
            Assert.That(verified.Verified, Is.True);
            Assert.That(unverified.Verified, Is.False);
            Assert.That(unverified.Digest, Is.EqualTo(verified.Digest));
        });
    }

    [Test]
    public void An_empty_digest_is_still_refused_by_the_verifying_fetch_rather_than_skipped()
    {
        var (url, path) = ServeAt(Archive);

        Assert.That(() => new ArtifactFetcher().FetchAsync(url, default, "/tmp/never"), Throws.ArgumentException);
        Assert.That(Server.RequestCount(path), Is.Zero);
    }

    [Test]
    public async Task The_digest_covers_bytes_after_the_gzip_stream()
    {
        using var scene = new ExtractionScene();
        byte[] body = [.. Archive, .. GzipMembers.Member("a second gzip member"u8)];

        var result = await new ArtifactFetcher().FetchUnverifiedAsync(ServeAt(body).Url, scene.Destination, Quick());

        Assert.That(result.Digest.ToString(), Is.EqualTo(Sha256(body)));
        Assert.That(result.Size, Is.EqualTo(body.Length));
    }

    [Test]
    public void Garbage_after_the_gzip_stream_is_refused_and_nothing_is_written()
    {
        using var scene = new ExtractionScene();
        var (url, path) = ServeAt([.. Archive, .. "trailing junk"u8]);

        var error = Assert.ThrowsAsync<UnsafeArchiveException>(() => new ArtifactFetcher().FetchUnverifiedAsync(url, scene.Destination, Quick()));

        Assert.That(error!.Reason, Is.EqualTo(UnsafeArchiveReason.Malformed), error.Message);
        Assert.That(Server.RequestCount(path), Is.EqualTo(1));
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
    }

    [Test]
    public async Task A_Content_Length_over_the_download_limit_is_refused_before_reading_and_nothing_is_written()
    {
        using var scene = new ExtractionScene();
        var options = Quick();
        options.MaxDownloadBytes = 1000;

        var error = Assert.ThrowsAsync<ArtifactTooLargeException>(() =>
            new ArtifactFetcher().FetchUnverifiedAsync(ServeAt(Archive).Url, scene.Destination, options));

        Assert.That(error!.Limit, Is.EqualTo(ArtifactLimit.DownloadBytes));
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
        await Task.CompletedTask;
    }

    [Test]
    public async Task A_body_without_length_is_cut_off_at_the_download_limit_and_nothing_is_written()
    {
        using var scene = new ExtractionScene();
        var options = Quick();
        options.MaxDownloadBytes = 1000;
        var url = ServeAt(Archive, HttpFault.TruncatedBody(Archive.Length)).Url; // chunked: no Content-Length

        var error = Assert.ThrowsAsync<ArtifactTooLargeException>(() =>
            new ArtifactFetcher().FetchUnverifiedAsync(url, scene.Destination, options));

        Assert.That(error!.Limit, Is.EqualTo(ArtifactLimit.DownloadBytes));
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
        await Task.CompletedTask;
    }

    [Test]
    public async Task A_file_over_the_file_limit_is_refused_and_nothing_is_written()
    {
        using var scene = new ExtractionScene();
        var options = Quick();
        options.Extraction = new ExtractionOptions { MaxFileBytes = 100_000 };

        var error = Assert.ThrowsAsync<ArtifactTooLargeException>(() =>
            new ArtifactFetcher().FetchUnverifiedAsync(ServeAt(Archive).Url, scene.Destination, options));

        Assert.That(error!.Limit, Is.EqualTo(ArtifactLimit.FileBytes));
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
        await Task.CompletedTask;
    }

    [Test]
    public async Task Too_many_entries_are_refused_and_nothing_is_written()
    {
        using var scene = new ExtractionScene();
        var options = Quick();
        options.Extraction = new ExtractionOptions { MaxEntries = 2 };

        var error = Assert.ThrowsAsync<ArtifactTooLargeException>(() =>
            new ArtifactFetcher().FetchUnverifiedAsync(ServeAt(Archive).Url, scene.Destination, options));

        Assert.That(error!.Limit, Is.EqualTo(ArtifactLimit.Entries));
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
        await Task.CompletedTask;
    }

    [TestCaseSource(typeof(HostileArchives), nameof(HostileArchives.All))]
    public async Task Every_hostile_archive_is_refused_and_nothing_is_written(HostileArchive archive)
    {
        using var scene = new ExtractionScene();
        var options = Quick(retries: 0);
        options.Extraction = archive.Options ?? new ExtractionOptions();
        var url = ServeAt(archive.GzipBytes).Url;

        Exception? thrown = null;
        try
        {
            await new ArtifactFetcher().FetchUnverifiedAsync(url, scene.Destination, options);
        }
        catch (Exception ex)
        {
            thrown = ex;
        }

        Assert.That(thrown, Is.Not.Null, "the archive was accepted");
        if (archive.Reason is { } reason)
        {
            Assert.That(thrown, Is.TypeOf<UnsafeArchiveException>().With.Property(nameof(UnsafeArchiveException.Reason)).EqualTo(reason), thrown!.Message);
        }
        else
        {
            Assert.That(thrown, Is.TypeOf<ArtifactTooLargeException>().With.Property(nameof(ArtifactTooLargeException.Limit)).EqualTo(archive.Limit), thrown!.Message);
        }

        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
    }

    // Cut inside the compressed tar stream. (Cuts inside the 8-byte gzip trailer, after the tar's end marker,
    // are refused too, by the gzip framing check: see GzipFramingFetchTests.)
    [TestCase(false)]
    [TestCase(true)]
    public async Task A_body_that_ends_early_but_cleanly_is_refused_and_nothing_is_written(bool half)
    {
        using var scene = new ExtractionScene();
        var (url, path) = ServeAt(Archive, HttpFault.TruncatedBody(half ? Archive.Length / 2 : Archive.Length - 100));

        var error = Assert.CatchAsync<GitOpsException>(() => new ArtifactFetcher().FetchUnverifiedAsync(url, scene.Destination, Quick()));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<UnsafeArchiveException>(), error!.Message);
            Assert.That(Server.RequestCount(path), Is.EqualTo(1), "a clean but short body is not a transport failure");
        });
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
        await Task.CompletedTask;
    }

    [TestCase(503)]
    [TestCase(429)]
    public async Task Retries_a_transient_status_then_succeeds(int status)
    {
        using var scene = new ExtractionScene();
        var (url, path) = ServeAt(Archive, HttpFault.Status(status));

        var result = await new ArtifactFetcher().FetchUnverifiedAsync(url, scene.Destination, Quick());

        Assert.Multiple(() =>
        {
            Assert.That(result.Attempts, Is.EqualTo(2));
            Assert.That(Server.RequestCount(path), Is.EqualTo(2));
            Assert.That(result.Digest.ToString(), Is.EqualTo(Sha256(Archive)));
        });
        scene.AssertNoStagingLeft();
    }

    [Test]
    public async Task Retries_a_connection_reset_mid_body_and_hashes_only_the_attempt_that_succeeded()
    {
        using var scene = new ExtractionScene();
        var url = ServeAt(Archive, HttpFault.ResetMidBody(Archive.Length / 2)).Url;

        var result = await new ArtifactFetcher().FetchUnverifiedAsync(url, scene.Destination, Quick());

        Assert.Multiple(() =>
        {
            Assert.That(result.Attempts, Is.EqualTo(2));
            Assert.That(result.Digest.ToString(), Is.EqualTo(Sha256(Archive)), "the half body of the first attempt is not in the digest");
            Assert.That(File.ReadAllText(Path.Combine(scene.Destination, "bin", "run.sh")), Is.EqualTo("#!/bin/sh\necho hi\n"));
        });
        scene.AssertNoStagingLeft();
    }

    [Test]
    public async Task A_reset_on_every_attempt_ends_in_a_transient_error_and_leaves_nothing()
    {
        using var scene = new ExtractionScene();
        var (url, path) = ServeAt(Archive, Enumerable.Repeat(HttpFault.ResetMidBody(1000), 10).ToArray());

        var error = Assert.ThrowsAsync<ArtifactTransportException>(() =>
            new ArtifactFetcher().FetchUnverifiedAsync(url, scene.Destination, Quick(retries: 2)));

        Assert.That(error!.IsTransient, Is.True);
        Assert.That(Server.RequestCount(path), Is.EqualTo(3));
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
        await Task.CompletedTask;
    }

    [Test]
    public void Refuses_non_http_urls_and_an_empty_destination()
    {
        var fetcher = new ArtifactFetcher();

        Assert.Multiple(() =>
        {
            Assert.That(() => fetcher.FetchUnverifiedAsync(new Uri("file:///etc/passwd"), "/tmp/x"), Throws.ArgumentException);
            Assert.That(() => fetcher.FetchUnverifiedAsync(new Uri("http://127.0.0.1/a"), string.Empty), Throws.ArgumentException);
        });
    }
}
