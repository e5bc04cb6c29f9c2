using System.Text;
using GitOps.Testing;
using GitOps.Testing.Http;
using Microsoft.AspNetCore.Http;

namespace GitOps.Buckets.Tests;

/// <summary>
/// An S3 endpoint (Kestrel on 127.0.0.1 answering ListObjectsV2 and GetObject as S3 does) whose object bodies send one
/// byte every two seconds and then stop: the download fails with <see cref="BucketTimeoutException"/> after the
/// inactivity timeout or the minimum rate, long before the total <see cref="BucketOptions.Timeout"/>.
/// </summary>
public sealed class SlowBucketTests
{
    // Generous: the inactivity timeouts below are 1-3 s, the total timeout 10 minutes.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("kind: ConfigMap\nmetadata:\n  name: slow\n");

    private LoopbackHttpServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await LoopbackHttpServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    /// <summary>A bucket of its own on the shared server holding one object, <c>app.yaml</c>, whose body trickles.</summary>
    private string MapBucket(int bytesBeforeStall, double secondsPerByte = 2)
    {
        var bucket = "slow" + TestContext.CurrentContext.Test.ID.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var listing = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>{bucket}</Name><Prefix></Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>app.yaml</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>"0123456789abcdef0123456789abcdef"</ETag><Size>{Content.Length}</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>
            """;
        Func<HttpContext, Task> list = context =>
        {
            context.Response.ContentType = "application/xml";
            return context.Response.WriteAsync(listing);
        };
        _server.MapHandler($"/{bucket}", list).MapHandler($"/{bucket}/", list);
        _server.MapHandler($"/{bucket}/.sourceignore", context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "application/xml";
            return context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>.sourceignore</Key></Error>");
        });
        _server.MapHandler($"/{bucket}/app.yaml", context =>
        {
            context.Response.Headers.ETag = "\"0123456789abcdef0123456789abcdef\"";
            return TrickleResponse.Create(Content, TimeSpan.FromSeconds(secondsPerByte), bytesBeforeStall)(context);
        });
        return bucket;
    }

    private BucketOptions Options(TimeSpan inactivity) => new()
    {
        Endpoint = _server.BaseAddress,
        Credentials = new BucketCredentials("key", "secret"),
        Timeout = TimeSpan.FromMinutes(10),
        InactivityTimeout = inactivity,
        MaxRetries = 0,
    };

    [Test]
    public async Task An_object_that_stops_after_a_byte_fails_with_a_timeout_naming_the_inactivity_timeout_and_writes_nothing()
    {
        var bucket = MapBucket(bytesBeforeStall: 3);
        using var work = new TemporaryDirectory();
        await File.WriteAllTextAsync(work.Combine("bucket.tar.gz"), "previous artifact");
        using var source = new BucketSource(Options(TimeSpan.FromSeconds(1)));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<BucketTimeoutException>(() => source.PackAsync(bucket, null, work.Combine("bucket.tar.gz")));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo($"downloading 'app.yaml' from bucket '{bucket}' stalled: the server sent nothing for 1 s after 1 bytes (InactivityTimeout)"));
            Assert.That(error.IsTransient, Is.True);
            Assert.That(error.Timeout, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(clock.Elapsed, Is.LessThan(Bound));
            Assert.That(Directory.GetFileSystemEntries(work.Path), Is.EqualTo(new[] { work.Combine("bucket.tar.gz") }), "no staging left");
            Assert.That(File.ReadAllText(work.Combine("bucket.tar.gz")), Is.EqualTo("previous artifact"));
        });
    }

    [Test]
    public void An_object_trickling_a_byte_every_half_second_is_cut_off_by_the_minimum_rate()
    {
        // Bytes keep coming, far more often than the 3 s inactivity window (a loaded machine cannot delay one that long).
        var bucket = MapBucket(bytesBeforeStall: int.MaxValue, secondsPerByte: 0.5);
        using var work = new TemporaryDirectory();
        using var source = new BucketSource(Options(TimeSpan.FromSeconds(3)));

        var error = Assert.ThrowsAsync<BucketTimeoutException>(() => source.PackAsync(bucket, null, work.Combine("bucket.tar.gz")));

        Assert.That(error!.Message, Does.Match(@"stalled: the server sent \d+ bytes in 3 s, slower than the minimum of 1024 bytes/s \(MinimumBytesPerSecond\)$"));
        Assert.That(Directory.GetFileSystemEntries(work.Path), Is.Empty);
    }

    [Test]
    public void The_inactivity_timeout_and_minimum_rate_have_safe_defaults_and_are_validated()
    {
        var endpoint = new Uri("http://127.0.0.1:9000");

        Assert.Multiple(() =>
        {
            Assert.That(new BucketOptions().InactivityTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(new BucketOptions().MinimumBytesPerSecond, Is.EqualTo(1024));
            Assert.That(new BucketOptions { Endpoint = endpoint, InactivityTimeout = TimeSpan.Zero }.Validate, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("InactivityTimeout"));
            Assert.That(new BucketOptions { Endpoint = endpoint, MinimumBytesPerSecond = -1 }.Validate, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("MinimumBytesPerSecond"));
        });
    }
}
