using System.Net;
using GitOps.Artifacts;
using GitOps.Artifacts.Extraction;
using GitOps.Artifacts.Fetch;
using GitOps.Core.Tests.Artifacts.Extraction;
using GitOps.Testing.Archives;
using GitOps.Testing.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GitOps.Core.Tests.Artifacts.Fetch;

/// <summary>The fetcher against a real Kestrel on 127.0.0.1, with faults injected by the server.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class ArtifactFetcherTests : LoopbackFetchTests
{
    private static readonly byte[] Archive = new TarBuilder()
        .Directory("base")
        .File("base/kustomization.yaml", "resources:\n- deployment.yaml\n")
        .File("base/deployment.yaml", string.Concat(Enumerable.Repeat("kind: Deployment\n", 20_000)))
        .File("bin/run.sh", "#!/bin/sh\necho hi\n", mode: 0b111_101_101)
        .ToTarGz();

    private static readonly Digest ArchiveDigest = Digest.Compute(Archive);

    [Test]
    public async Task A_non_empty_destination_no_fetch_made_is_refused_unless_overwrite_and_the_tree_gets_no_marker()
    {
        using var scene = new GitOps.Core.Tests.Artifacts.Extraction.ExtractionScene();
        var marker = Path.Combine(Path.GetDirectoryName(scene.Destination)!, GitOps.Core.Tests.Artifacts.Extraction.ExtractionScene.MarkerName);
        File.Delete(marker);
        var options = Quick();

        var e = Assert.ThrowsAsync<ArtifactDestinationException>(() => new ArtifactFetcher().FetchAsync(Serve(Archive), ArchiveDigest, scene.Destination, options));
        var refusedTree = Directory.GetFileSystemEntries(scene.Destination, "*", SearchOption.AllDirectories).Length;
        options.Overwrite = true;
        await new ArtifactFetcher().FetchAsync(Serve(Archive), ArchiveDigest, scene.Destination, options);

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.StartWith("refusing to replace"));
            Assert.That(refusedTree, Is.EqualTo(3), "existing.txt, sub and sub/kept.yaml stay");
            Assert.That(File.Exists(Path.Combine(scene.Destination, "existing.txt")), Is.False);
            Assert.That(File.ReadAllText(marker), Is.EqualTo(ArchiveDigest + "\n"), "the marker is beside the tree");
            Assert.That(Directory.GetFiles(scene.Destination, ".gitops-artifact*", SearchOption.AllDirectories), Is.Empty, "nothing is added inside the tree");
        });
        scene.AssertNoStagingLeft();
    }

    [Test]
    public void The_current_directory_and_the_root_are_refused_even_with_overwrite()
    {
        var options = Quick();
        options.Overwrite = true;

        Assert.ThrowsAsync<ArtifactDestinationException>(() => new ArtifactFetcher().FetchAsync(Serve(Archive), ArchiveDigest, Environment.CurrentDirectory, options));
        Assert.ThrowsAsync<ArtifactDestinationException>(() => new ArtifactFetcher().FetchAsync(Serve(Archive), ArchiveDigest, "/", options));
    }

    [Test]
    public async Task Fetches_verifies_and_extracts_replacing_the_destination()
    {
        using var scene = new ExtractionScene();
        var progress = new SynchronousProgress();
        var options = Quick();
        options.Progress = progress;

        var result = await new ArtifactFetcher().FetchAsync(Serve(Archive), ArchiveDigest, scene.Destination, options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Digest, Is.EqualTo(ArchiveDigest));
            Assert.That(result.Size, Is.EqualTo(Archive.Length));
            Assert.That(result.Files, Is.EqualTo(3));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(File.ReadAllText(Path.Combine(scene.Destination, "base", "kustomization.yaml")), Does.StartWith("resources:"));
            Assert.That(File.Exists(Path.Combine(scene.Destination, "existing.txt")), Is.False, "the old tree is replaced, not merged");
            Assert.That(progress.Reports[^1].BytesReceived, Is.EqualTo(Archive.Length));
            Assert.That(progress.Reports[^1].TotalBytes, Is.EqualTo(Archive.Length));
        });
        scene.AssertNoStagingLeft();
        if (!OperatingSystem.IsWindows())
        {
            var run = File.GetUnixFileMode(Path.Combine(scene.Destination, "bin", "run.sh"));
            var yaml = File.GetUnixFileMode(Path.Combine(scene.Destination, "base", "deployment.yaml"));
            Assert.Multiple(() =>
            {
                Assert.That(run & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
                Assert.That(yaml & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.None));
            });
        }
    }

    [Test]
    public async Task Creates_a_destination_that_does_not_exist()
    {
        using var scene = new ExtractionScene();
        var destination = Path.Combine(Path.GetDirectoryName(scene.Destination)!, "new", "dir");

        await new ArtifactFetcher().FetchAsync(Serve(Archive), ArchiveDigest, destination, Quick());

        Assert.That(File.Exists(Path.Combine(destination, "bin", "run.sh")), Is.True);
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(504)]
    [TestCase(408)]
    [TestCase(429)]
    public async Task Retries_a_transient_status_then_succeeds(int status)
    {
        using var scene = new ExtractionScene();
        var url = Serve(Archive, HttpFault.Status(status), HttpFault.Status(status));

        var result = await new ArtifactFetcher().FetchAsync(url, ArchiveDigest, scene.Destination, Quick());

        Assert.That(result.Attempts, Is.EqualTo(3));
        scene.AssertNoStagingLeft();
    }

    [TestCase(501, false)]
    [TestCase(400, false)]
    [TestCase(401, false)]
    [TestCase(403, false)]
    [TestCase(500, true)]
    public async Task Gives_up_with_a_transport_error_that_says_whether_it_is_transient(int status, bool transient)
    {
        using var scene = new ExtractionScene();
        var path = "/" + Guid.NewGuid().ToString("N");
        Server.MapBytes(path, Archive, Enumerable.Repeat(HttpFault.Status(status), 10).ToArray());

        var error = Assert.ThrowsAsync<ArtifactTransportException>(() =>
            new ArtifactFetcher().FetchAsync(Server.Url(path), ArchiveDigest, scene.Destination, Quick(retries: 2)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.IsTransient, Is.EqualTo(transient));
            Assert.That(error.StatusCode, Is.EqualTo((HttpStatusCode)status));
            Assert.That(Server.RequestCount(path), Is.EqualTo(transient ? 3 : 1));
        });
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
    }

    [TestCase(404)]
    [TestCase(410)]
    public async Task Reports_not_found_without_retrying(int status)
    {
        using var scene = new ExtractionScene();
        var path = "/" + Guid.NewGuid().ToString("N");
        Server.MapBytes(path, Archive, HttpFault.Status(status));

        var error = Assert.ThrowsAsync<ArtifactNotFoundException>(() =>
            new ArtifactFetcher().FetchAsync(Server.Url(path), ArchiveDigest, scene.Destination, Quick()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(status));
            Assert.That(error.IsTransient, Is.False);
            Assert.That(Server.RequestCount(path), Is.EqualTo(1));
        });
        scene.AssertUntouched();
    }

    [Test]
    public async Task An_unmapped_path_is_not_found()
    {
        using var scene = new ExtractionScene();

        Assert.ThrowsAsync<ArtifactNotFoundException>(() =>
            new ArtifactFetcher().FetchAsync(Server.Url("/nothing-here"), ArchiveDigest, scene.Destination, Quick()));
        scene.AssertUntouched();
        await Task.CompletedTask;
    }

    [Test]
    public async Task Honours_Retry_After_on_429_through_the_injected_clock()
    {
        using var scene = new ExtractionScene();
        var path = "/" + Guid.NewGuid().ToString("N");
        Server.MapBytes(path, Archive, HttpFault.Status(429, retryAfterSeconds: 7));
        var clock = new TimerCountingClock();
        var log = new RetryLog();
        var options = new ArtifactFetchOptions { RetryDelay = TimeSpan.FromSeconds(1), UseJitter = false };

        var fetch = new ArtifactFetcher(new HttpClient(), clock, log).FetchAsync(Server.Url(path), ArchiveDigest, scene.Destination, options);
        await log.WaitForRetriesAsync(1);
        await clock.WaitForTimersAsync(1);
        clock.Advance(TimeSpan.FromSeconds(6.9));
        await Task.Delay(200);
        var beforeRetryAfter = Server.RequestCount(path);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var result = await fetch.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(log.Delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(7) }));
            Assert.That(beforeRetryAfter, Is.EqualTo(1), "retried before Retry-After elapsed");
            Assert.That(result.Attempts, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Backs_off_exponentially_through_the_injected_clock()
    {
        using var scene = new ExtractionScene();
        var path = "/" + Guid.NewGuid().ToString("N");
        Server.MapBytes(path, Archive, HttpFault.Status(503), HttpFault.Status(503));
        var clock = new TimerCountingClock();
        var log = new RetryLog();
        var options = new ArtifactFetchOptions { RetryDelay = TimeSpan.FromSeconds(2), UseJitter = false };

        var fetch = new ArtifactFetcher(new HttpClient(), clock, log).FetchAsync(Server.Url(path), ArchiveDigest, scene.Destination, options);
        await log.WaitForRetriesAsync(1);
        await clock.WaitForTimersAsync(1);
        clock.Advance(TimeSpan.FromSeconds(2));
        await log.WaitForRetriesAsync(2);
        await clock.WaitForTimersAsync(2);
        clock.Advance(TimeSpan.FromSeconds(3.9));
        await Task.Delay(200);
        var early = Server.RequestCount(path);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var result = await fetch.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(log.Delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4) }));
            Assert.That(early, Is.EqualTo(2));
            Assert.That(result.Attempts, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Retries_a_connection_reset_mid_body()
    {
        using var scene = new ExtractionScene();
        var url = Serve(Archive, HttpFault.ResetMidBody(Archive.Length / 2));

        var result = await new ArtifactFetcher().FetchAsync(url, ArchiveDigest, scene.Destination, Quick());

        Assert.That(result.Attempts, Is.EqualTo(2));
        scene.AssertNoStagingLeft();
    }

    [Test]
    public async Task A_reset_on_every_attempt_ends_in_a_transient_transport_error_and_leaves_nothing()
    {
        using var scene = new ExtractionScene();
        var url = Serve(Archive, Enumerable.Repeat(HttpFault.ResetMidBody(1000), 10).ToArray());

        var error = Assert.ThrowsAsync<ArtifactTransportException>(() =>
            new ArtifactFetcher().FetchAsync(url, ArchiveDigest, scene.Destination, Quick(retries: 2)));

        Assert.That(error!.IsTransient, Is.True);
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
        await Task.CompletedTask;
    }

    [Test]
    public async Task A_Content_Length_longer_than_the_body_is_a_dropped_connection_and_is_retried()
    {
        using var scene = new ExtractionScene();
        var url = Serve(Archive, HttpFault.WrongContentLength(Archive.Length + 100));

        var result = await new ArtifactFetcher().FetchAsync(url, ArchiveDigest, scene.Destination, Quick());

        Assert.That(result.Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task A_Content_Length_shorter_than_the_body_is_a_digest_mismatch()
    {
        using var scene = new ExtractionScene();
        var url = Serve(Archive, HttpFault.WrongContentLength(Archive.Length - 100));

        var error = Assert.ThrowsAsync<DigestMismatchException>(() =>
            new ArtifactFetcher().FetchAsync(url, ArchiveDigest, scene.Destination, Quick()));

        Assert.That(error!.IsTransient, Is.False);
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
        await Task.CompletedTask;
    }

    [TestCase(100)]
    [TestCase(8)]
    public async Task A_body_that_ends_early_but_cleanly_is_a_digest_mismatch_and_is_not_retried(int missing)
    {
        using var scene = new ExtractionScene();
        var path = "/" + Guid.NewGuid().ToString("N");
        Server.MapBytes(path, Archive, HttpFault.TruncatedBody(Archive.Length - missing));

        var error = Assert.ThrowsAsync<DigestMismatchException>(() =>
            new ArtifactFetcher().FetchAsync(Server.Url(path), ArchiveDigest, scene.Destination, Quick()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Expected, Is.EqualTo(ArchiveDigest));
            Assert.That(Server.RequestCount(path), Is.EqualTo(1));
        });
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
    }

    [Test]
    public async Task Wrong_bytes_are_a_digest_mismatch_and_nothing_is_written()
    {
        using var scene = new ExtractionScene();
        var url = Serve(Archive, HttpFault.WrongBytes(Archive.Length / 2));

        var error = Assert.ThrowsAsync<DigestMismatchException>(() =>
            new ArtifactFetcher().FetchAsync(url, ArchiveDigest, scene.Destination, Quick()));

        Assert.That(error!.Actual, Is.Not.EqualTo(ArchiveDigest));
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
        await Task.CompletedTask;
    }

    [Test]
    public async Task Another_valid_archive_under_the_expected_digest_is_a_mismatch()
    {
        using var scene = new ExtractionScene();
        var other = new TarBuilder().File("other.txt", "other").ToTarGz();

        Assert.ThrowsAsync<DigestMismatchException>(() =>
            new ArtifactFetcher().FetchAsync(Serve(other), ArchiveDigest, scene.Destination, Quick()));

        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
        await Task.CompletedTask;
    }

    [Test]
    public async Task The_digest_covers_bytes_after_the_gzip_stream()
    {
        using var scene = new ExtractionScene();
        byte[] twoMembers = [.. Archive, .. GzipMembers.Member([])];

        // Advertised with the digest of the first member alone, the served bytes do not match.
        Assert.ThrowsAsync<DigestMismatchException>(() =>
            new ArtifactFetcher().FetchAsync(Serve(twoMembers), ArchiveDigest, scene.Destination, Quick()));
        scene.AssertUntouched();

        // Advertised with the digest of everything served, it is accepted.
        var result = await new ArtifactFetcher().FetchAsync(Serve(twoMembers), Digest.Compute(twoMembers), scene.Destination, Quick());
        Assert.That(result.Size, Is.EqualTo(twoMembers.Length));
    }

    [Test]
    public void Garbage_after_the_gzip_stream_is_refused_even_when_the_digest_covers_it()
    {
        using var scene = new ExtractionScene();
        byte[] withGarbage = [.. Archive, .. "trailing garbage"u8];

        // Not the bytes advertised: that is the failure reported.
        Assert.ThrowsAsync<DigestMismatchException>(() =>
            new ArtifactFetcher().FetchAsync(Serve(withGarbage), ArchiveDigest, scene.Destination, Quick()));

        // The bytes advertised, but not a well-formed gzip stream (as Go's compress/gzip reads it to its end).
        var error = Assert.ThrowsAsync<UnsafeArchiveException>(() =>
            new ArtifactFetcher().FetchAsync(Serve(withGarbage), Digest.Compute(withGarbage), scene.Destination, Quick()));
        Assert.That(error!.Reason, Is.EqualTo(UnsafeArchiveReason.Malformed), error.Message);
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
    }

    [Test]
    public async Task The_digest_covers_bytes_after_the_tar_end_inside_the_gzip_stream()
    {
        using var scene = new ExtractionScene();
        var tar = new TarBuilder().File("a.txt", "a").ToTar();
        var padded = TarBuilder.Gzip([.. tar, .. new byte[10_000]]);
        var plain = TarBuilder.Gzip(tar);

        var result = await new ArtifactFetcher().FetchAsync(Serve(padded), Digest.Compute(padded), scene.Destination, Quick());
        Assert.That(result.Size, Is.EqualTo(padded.Length));

        Assert.ThrowsAsync<DigestMismatchException>(() =>
            new ArtifactFetcher().FetchAsync(Serve(padded), Digest.Compute(plain), scene.Destination, Quick()));
    }

    [Test]
    public async Task A_slow_body_arrives_whole_with_progress_along_the_way()
    {
        using var scene = new ExtractionScene();
        var big = new TarBuilder().File("random.bin", RandomBytes(1024 * 1024, 3)).ToTarGz();
        var progress = new SynchronousProgress();
        var options = Quick();
        options.Progress = progress;

        var result = await new ArtifactFetcher().FetchAsync(Serve(big, HttpFault.SlowBody(64 * 1024, TimeSpan.FromMilliseconds(5))), Digest.Compute(big), scene.Destination, options);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExtractedBytes, Is.EqualTo(1024 * 1024));
            Assert.That(progress.Reports, Has.Count.GreaterThanOrEqualTo(4));
            Assert.That(progress.Reports.Select(r => r.BytesReceived), Is.Ordered);
        });
    }

    [Test]
    public async Task Cancelling_a_slow_body_leaves_the_destination_as_it_was()
    {
        using var scene = new ExtractionScene();
        var big = new TarBuilder().File("random.bin", RandomBytes(1024 * 1024, 4)).ToTarGz();
        using var cancel = new CancellationTokenSource();
        var options = Quick();
        options.Progress = new SynchronousProgress(_ => cancel.Cancel());

        Assert.CatchAsync<OperationCanceledException>(() => new ArtifactFetcher().FetchAsync(
            Serve(big, HttpFault.SlowBody(16 * 1024, TimeSpan.FromMilliseconds(20))), Digest.Compute(big), scene.Destination, options, cancel.Token));

        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
        await Task.CompletedTask;
    }

    [Test]
    public async Task A_Content_Length_over_the_download_limit_is_refused_before_reading()
    {
        using var scene = new ExtractionScene();
        var options = Quick();
        options.MaxDownloadBytes = 1000;

        var error = Assert.ThrowsAsync<ArtifactTooLargeException>(() =>
            new ArtifactFetcher().FetchAsync(Serve(Archive), ArchiveDigest, scene.Destination, options));

        Assert.That(error!.Limit, Is.EqualTo(ArtifactLimit.DownloadBytes));
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
        await Task.CompletedTask;
    }

    [Test]
    public async Task A_body_without_length_is_cut_off_at_the_download_limit()
    {
        using var scene = new ExtractionScene();
        var options = Quick();
        options.MaxDownloadBytes = 1000;
        var url = Serve(Archive, HttpFault.TruncatedBody(Archive.Length)); // chunked: no Content-Length

        var error = Assert.ThrowsAsync<ArtifactTooLargeException>(() =>
            new ArtifactFetcher().FetchAsync(url, ArchiveDigest, scene.Destination, options));

        Assert.That(error!.Limit, Is.EqualTo(ArtifactLimit.DownloadBytes));
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
        await Task.CompletedTask;
    }

    [Test]
    public async Task The_largest_possible_download_limit_is_a_limit_like_any_other()
    {
        using var scene = new ExtractionScene();
        var options = Quick();
        options.MaxDownloadBytes = long.MaxValue;

        var result = await new ArtifactFetcher().FetchAsync(Serve(Archive), ArchiveDigest, scene.Destination, options);

        Assert.That(result.Size, Is.EqualTo(Archive.Length));
    }

    [Test]
    public async Task A_refused_connection_is_transient_and_retried()
    {
        using var scene = new ExtractionScene();
        await using var gone = await LoopbackHttpServer.StartAsync();
        var url = gone.Url("/a.tar.gz");
        await gone.DisposeAsync();

        var error = Assert.ThrowsAsync<ArtifactTransportException>(() =>
            new ArtifactFetcher().FetchAsync(url, ArchiveDigest, scene.Destination, Quick(retries: 1)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.IsTransient, Is.True);
            Assert.That(error.StatusCode, Is.Null);
        });
        scene.AssertUntouched();
    }

    [Test]
    public async Task Verifies_sha512_digests_too()
    {
        using var scene = new ExtractionScene();

        var result = await new ArtifactFetcher().FetchAsync(Serve(Archive), Digest.Compute(Archive, DigestAlgorithm.Sha512), scene.Destination, Quick());

        Assert.That(result.Digest.Algorithm, Is.EqualTo(DigestAlgorithm.Sha512));
    }

    [Test]
    public void Refuses_sha1_and_empty_digests_and_non_http_urls()
    {
        var fetcher = new ArtifactFetcher();

        Assert.Multiple(() =>
        {
            Assert.That(() => fetcher.FetchAsync(new Uri("http://127.0.0.1/a"), Digest.Compute("a"u8, DigestAlgorithm.Sha1), "/tmp/x"), Throws.ArgumentException);
            Assert.That(() => fetcher.FetchAsync(new Uri("http://127.0.0.1/a"), default, "/tmp/x"), Throws.ArgumentException);
            Assert.That(() => fetcher.FetchAsync(new Uri("file:///etc/passwd"), ArchiveDigest, "/tmp/x"), Throws.ArgumentException);
        });
    }

    [Test]
    public async Task Links_can_be_skipped_instead_of_refused()
    {
        using var scene = new ExtractionScene();
        var withLinks = new TarBuilder().File("a.txt", "a").Symlink("link", "/etc/passwd").HardLink("hard", "a.txt").File("link2/b.txt", "b").ToTarGz();
        var options = Quick();
        options.Extraction = new ExtractionOptions { Links = LinkPolicy.Skip };

        var result = await new ArtifactFetcher().FetchAsync(Serve(withLinks), Digest.Compute(withLinks), scene.Destination, options);

        Assert.Multiple(() =>
        {
            Assert.That(result.SkippedLinks, Is.EqualTo(2));
            Assert.That(result.Files, Is.EqualTo(2));
            Assert.That(File.Exists(Path.Combine(scene.Destination, "link")), Is.False);
            Assert.That(File.Exists(Path.Combine(scene.Destination, "hard")), Is.False);
        });
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// Captures the fetcher's retry log entries (event 1101) and their delays, so that a test knows a retry
    /// is waiting on the fake clock before it advances it.
    /// </summary>
    /// <summary>
    /// A fake clock that counts the timers created on it. The fetcher logs a retry just before its retry
    /// delay's timer exists; advancing the clock in between would be lost and hang the fetch, so the tests
    /// move the clock only once the delay is really waiting on it.
    /// </summary>
    private sealed class TimerCountingClock : FakeTimeProvider
    {
        private int _timers;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);

            // Only retry delays count: the fetch's total deadline (minutes) and the stall timer (30 s) are timers of
            // the same clock, created before a retry delay, and counting them let the test advance the clock too early.
            if (dueTime <= TimeSpan.FromSeconds(10))
            {
                Interlocked.Increment(ref _timers);
            }

            return timer;
        }

        public async Task WaitForTimersAsync(int count)
        {
            for (var i = 0; i < 3000 && Volatile.Read(ref _timers) < count; i++)
            {
                await Task.Delay(10);
            }

            Assert.That(Volatile.Read(ref _timers), Is.GreaterThanOrEqualTo(count), "the retry delay never started");
        }
    }

    private sealed class RetryLog : ILogger<ArtifactFetcher>
    {
        private readonly List<TimeSpan> _delays = [];

        public IReadOnlyList<TimeSpan> Delays
        {
            get
            {
                lock (_delays)
                {
                    return [.. _delays];
                }
            }
        }

        public async Task WaitForRetriesAsync(int count)
        {
            for (var i = 0; i < 1000 && Delays.Count < count; i++)
            {
                await Task.Delay(10);
            }

            Assert.That(Delays, Has.Count.GreaterThanOrEqualTo(count), "no retry was scheduled");
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 1101 && state is IReadOnlyList<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(v => v.Key == "Delay").Value is TimeSpan delay)
            {
                lock (_delays)
                {
                    _delays.Add(delay);
                }
            }
        }
    }

    /// <summary>Records progress on the reporting thread (System.Progress posts asynchronously).</summary>
    private sealed class SynchronousProgress(Action<FetchProgress>? onReport = null) : IProgress<FetchProgress>
    {
        private readonly List<FetchProgress> _reports = [];

        public IReadOnlyList<FetchProgress> Reports
        {
            get
            {
                lock (_reports)
                {
                    return [.. _reports];
                }
            }
        }

        public void Report(FetchProgress value)
        {
            lock (_reports)
            {
                _reports.Add(value);
            }

            onReport?.Invoke(value);
        }
    }
}
