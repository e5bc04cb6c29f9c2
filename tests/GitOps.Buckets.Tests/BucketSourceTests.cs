using System.Net;
using System.Net.Sockets;
using GitOps.Buckets.Tests.Swift;
using GitOps.Testing;

namespace GitOps.Buckets.Tests;

/// <summary>The bucket source against a real S3-compatible server: OpenStack Swift with s3api, signatures checked.</summary>
public sealed class BucketSourceTests
{
    [Test]
    public async Task Packs_the_objects_under_the_prefix_at_their_full_keys_with_flux_s_revision()
    {
        var endpoint = await SwiftServer.RequireAsync();
        var bucket = await TestBuckets.CreateAsync(endpoint, "apps/a.yaml", "apps/sub/b.yaml", "apps/", "other/c.yaml", "top.yaml");
        using var work = new TemporaryDirectory();
        using var source = new BucketSource(TestBuckets.Options(endpoint));

        var packed = await source.PackAsync(bucket, "apps/", work.Combine("out", "bucket.tar.gz"));

        // Swift's ETag is the MD5 of the content: the revision is checked against an index made here.
        var expected = BucketIndex.ComputeDigest(new Dictionary<string, string>
        {
            ["apps/a.yaml"] = TestBuckets.Md5("content of apps/a.yaml"),
            ["apps/sub/b.yaml"] = TestBuckets.Md5("content of apps/sub/b.yaml"),
        });
        var entries = TestBuckets.ReadArtifact(packed.Artifact.Path!);
        Assert.Multiple(() =>
        {
            Assert.That(packed.Index.Revision.ToString(), Is.EqualTo(expected.ToString()));
            Assert.That(packed.Artifact.Revision, Is.EqualTo(packed.Index.Revision));
            Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[] { "apps/", "apps/a.yaml", "apps/sub/", "apps/sub/b.yaml" }));
            Assert.That(entries.Single(e => e.Name == "apps/sub/b.yaml").Text, Is.EqualTo("content of apps/sub/b.yaml"));
            Assert.That(packed.Artifact.Digest, Is.EqualTo(GitOps.Artifacts.Digest.Compute(File.ReadAllBytes(packed.Artifact.Path!))));
            Assert.That(Directory.GetFileSystemEntries(work.Combine("out")), Is.EqualTo(new[] { work.Combine("out", "bucket.tar.gz") }), "no staging left");
        });
    }

    [Test]
    public async Task The_root_sourceignore_and_the_extra_rules_exclude_objects_and_the_sourceignore_is_packed_as_flux_does()
    {
        var endpoint = await SwiftServer.RequireAsync();
        var bucket = await TestBuckets.CreateAsync(endpoint,
        [
            (".sourceignore", "*.txt\n/secret/\n"),
            ("app/deploy.yaml", "a"), ("app/notes.txt", "b"), ("secret/key.yaml", "c"), ("app/skip.yaml", "d"), ("app/logo.png", "e"),
        ]);
        using var work = new TemporaryDirectory();
        var options = TestBuckets.Options(endpoint);
        options.Ignore = "skip.yaml";
        using var source = new BucketSource(options);

        var packed = await source.PackAsync(bucket, null, work.Combine("bucket.tar.gz"));
        var listed = await source.ListAsync(bucket);

        Assert.Multiple(() =>
        {
            Assert.That(packed.Index.Objects.Select(o => o.Key), Is.EqualTo(new[] { "app/deploy.yaml", "app/logo.png" }));
            Assert.That(listed.Revision, Is.EqualTo(packed.Index.Revision));
            Assert.That(TestBuckets.ReadFileNames(packed.Artifact.Path!), Is.EqualTo(new[] { ".sourceignore", "app/deploy.yaml", "app/logo.png" }));
        });
    }

    [Test]
    public async Task Default_exclusions_apply_only_when_asked()
    {
        var endpoint = await SwiftServer.RequireAsync();
        var bucket = await TestBuckets.CreateAsync(endpoint, "a.yaml", "logo.png", ".gitignore", ".github/ci.yml");
        var options = TestBuckets.Options(endpoint);
        using var flux = new BucketSource(options);
        using var withDefaults = new BucketSource(new BucketOptions { Endpoint = options.Endpoint, Credentials = options.Credentials, ApplyDefaultExclusions = true });

        var all = await flux.ListAsync(bucket);
        var filtered = await withDefaults.ListAsync(bucket);

        Assert.Multiple(() =>
        {
            Assert.That(all.Objects.Select(o => o.Key), Is.EqualTo(new[] { ".github/ci.yml", ".gitignore", "a.yaml", "logo.png" }));
            Assert.That(filtered.Objects.Select(o => o.Key), Is.EqualTo(new[] { "a.yaml" }));
        });
    }

    [Test]
    public async Task Hundreds_of_objects_are_downloaded_in_parallel_and_all_packed()
    {
        var endpoint = await SwiftServer.RequireAsync();
        var keys = Enumerable.Range(0, 300).Select(i => $"many/{i % 7}/obj-{i:D3}.yaml").ToArray();
        var bucket = await TestBuckets.CreateAsync(endpoint, keys);
        using var work = new TemporaryDirectory();
        var options = TestBuckets.Options(endpoint);
        options.MaxConcurrency = 8;
        using var source = new BucketSource(options);

        var packed = await source.PackAsync(bucket, "many/", work.Combine("bucket.tar.gz"));

        var files = TestBuckets.ReadArtifact(packed.Artifact.Path!).Where(e => e.Text is not null).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(packed.Index.Objects, Has.Count.EqualTo(300));
            Assert.That(files.Select(f => f.Name), Is.EquivalentTo(keys));
            Assert.That(files.All(f => f.Text == "content of " + f.Name), Is.True);
            Assert.That(packed.Index.Objects.All(o => o.ETag == TestBuckets.Md5("content of " + o.Key)), Is.True);
            Assert.That(packed.Index.Objects.All(o => o.Digest == GitOps.Artifacts.Digest.Compute(System.Text.Encoding.UTF8.GetBytes("content of " + o.Key))), Is.True);
        });
    }

    [Test]
    public async Task Identical_content_gives_the_identical_revision_and_artifact_digest_whatever_the_upload_order_or_concurrency()
    {
        var endpoint = await SwiftServer.RequireAsync();
        var objects = Enumerable.Range(0, 40).Select(i => ($"d{i % 3}/f{i}.yaml", $"value: {i}\n")).ToArray();
        var first = await TestBuckets.CreateAsync(endpoint, objects);
        var second = await TestBuckets.CreateAsync(endpoint, objects.Reverse());
        using var work = new TemporaryDirectory();
        using var wide = new BucketSource(TestBuckets.Options(endpoint));
        var narrowOptions = TestBuckets.Options(endpoint);
        narrowOptions.MaxConcurrency = 1;
        using var narrow = new BucketSource(narrowOptions);

        var a = await wide.PackAsync(first, null, work.Combine("a.tar.gz"));
        var b = await narrow.PackAsync(second, null, work.Combine("b.tar.gz"));
        var again = await wide.PackAsync(first, null, work.Combine("a.tar.gz"));

        Assert.Multiple(() =>
        {
            Assert.That(b.Index.Revision, Is.EqualTo(a.Index.Revision));
            Assert.That(b.Artifact.Digest, Is.EqualTo(a.Artifact.Digest));
            Assert.That(again.Artifact.Digest, Is.EqualTo(a.Artifact.Digest));
            Assert.That(File.ReadAllBytes(work.Combine("b.tar.gz")), Is.EqualTo(File.ReadAllBytes(work.Combine("a.tar.gz"))));
        });
    }

    [Test]
    public async Task A_wrong_secret_is_refused_by_the_server_with_a_typed_authentication_error_and_nothing_is_written()
    {
        var endpoint = await SwiftServer.RequireAsync();
        var bucket = await TestBuckets.CreateAsync(endpoint, "a.yaml");
        using var work = new TemporaryDirectory();
        using var source = new BucketSource(new BucketOptions { Endpoint = endpoint, Credentials = new BucketCredentials(SwiftServer.AccessKey, "wrong-secret") });

        var thrown = Assert.ThrowsAsync<BucketAuthenticationException>(() => source.PackAsync(bucket, null, work.Combine("bucket.tar.gz")));

        Assert.Multiple(() =>
        {
            Assert.That(thrown!.ErrorCode, Is.EqualTo("SignatureDoesNotMatch"));
            Assert.That(thrown.Message, Does.Not.Contain("wrong-secret"));
            Assert.That(thrown.IsTransient, Is.False);
            Assert.That(Directory.GetFileSystemEntries(work.Path), Is.Empty);
        });
    }

    [Test]
    public async Task A_missing_bucket_is_a_typed_not_found_error()
    {
        var endpoint = await SwiftServer.RequireAsync();
        using var work = new TemporaryDirectory();
        using var source = new BucketSource(TestBuckets.Options(endpoint));

        var thrown = Assert.ThrowsAsync<BucketNotFoundException>(() => source.PackAsync("no-such-bucket-here", null, work.Combine("bucket.tar.gz")));

        Assert.Multiple(() =>
        {
            Assert.That(thrown!.BucketName, Is.EqualTo("no-such-bucket-here"));
            Assert.That(Directory.GetFileSystemEntries(work.Path), Is.Empty);
        });
    }

    [Test]
    public async Task An_empty_bucket_packs_an_empty_artifact_whose_revision_is_the_digest_of_nothing()
    {
        var endpoint = await SwiftServer.RequireAsync();
        var bucket = await TestBuckets.CreateAsync(endpoint);
        using var work = new TemporaryDirectory();
        using var source = new BucketSource(TestBuckets.Options(endpoint));

        var packed = await source.PackAsync(bucket, null, work.Combine("bucket.tar.gz"));

        Assert.Multiple(() =>
        {
            Assert.That(packed.Index.Objects, Is.Empty);
            Assert.That(packed.Index.Revision.ToString(), Is.EqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
            Assert.That(TestBuckets.ReadArtifact(packed.Artifact.Path!), Is.Empty);
        });
    }

    [Test]
    public async Task A_key_that_is_also_another_key_s_folder_is_refused_before_anything_is_downloaded()
    {
        var endpoint = await SwiftServer.RequireAsync();
        var bucket = await TestBuckets.CreateAsync(endpoint, "apps", "apps/deploy.yaml");
        using var work = new TemporaryDirectory();
        using var source = new BucketSource(TestBuckets.Options(endpoint));

        var thrown = Assert.ThrowsAsync<BucketObjectKeyException>(() => source.PackAsync(bucket, null, work.Combine("bucket.tar.gz")));

        Assert.Multiple(() =>
        {
            Assert.That(thrown!.Key, Is.EqualTo("apps"));
            Assert.That(Directory.GetFileSystemEntries(work.Path), Is.Empty);
        });
    }

    [TestCase(BucketLimit.Objects)]
    [TestCase(BucketLimit.ObjectBytes)]
    [TestCase(BucketLimit.TotalBytes)]
    public async Task A_bucket_over_a_limit_is_refused_and_leaves_nothing_behind(BucketLimit limit)
    {
        var endpoint = await SwiftServer.RequireAsync();
        var bucket = await TestBuckets.CreateAsync(endpoint, [("a.yaml", new string('a', 100)), ("b.yaml", new string('b', 100)), ("c.yaml", new string('c', 5000))]);
        using var work = new TemporaryDirectory();
        File.WriteAllText(work.Combine("bucket.tar.gz"), "previous artifact");
        var options = TestBuckets.Options(endpoint);
        _ = limit switch
        {
            BucketLimit.Objects => options.MaxObjects = 2,
            BucketLimit.ObjectBytes => options.MaxObjectBytes = 1000,
            _ => options.MaxTotalBytes = 1000,
        };
        using var source = new BucketSource(options);

        var thrown = Assert.ThrowsAsync<BucketTooLargeException>(() => source.PackAsync(bucket, null, work.Combine("bucket.tar.gz")));

        Assert.Multiple(() =>
        {
            Assert.That(thrown!.Limit, Is.EqualTo(limit));
            Assert.That(Directory.GetFileSystemEntries(work.Path), Is.EqualTo(new[] { work.Combine("bucket.tar.gz") }));
            Assert.That(File.ReadAllText(work.Combine("bucket.tar.gz")), Is.EqualTo("previous artifact"));
        });
    }

    [Test]
    public async Task A_server_that_accepts_but_never_answers_times_out_with_a_typed_error()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await listener.AcceptSocketAsync());
            }
        });
        using var work = new TemporaryDirectory();
        var endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        using var source = new BucketSource(new BucketOptions
        {
            Endpoint = endpoint,
            Credentials = new BucketCredentials("k", "s"),
            Timeout = TimeSpan.FromSeconds(1.5),
        });

        var thrown = Assert.ThrowsAsync<BucketTimeoutException>(() => source.PackAsync("bucket", null, work.Combine("bucket.tar.gz")));

        Assert.Multiple(() =>
        {
            Assert.That(thrown!.IsTransient, Is.True);
            Assert.That(thrown.Timeout, Is.EqualTo(TimeSpan.FromSeconds(1.5)));
            Assert.That(Directory.GetFileSystemEntries(work.Path), Is.Empty);
        });
        listener.Stop();
        foreach (var socket in accepted)
        {
            socket.Dispose();
        }
    }

    [Test]
    public void Cancellation_by_the_caller_is_not_reported_as_a_timeout()
    {
        using var work = new TemporaryDirectory();
        using var source = new BucketSource(new BucketOptions { Endpoint = new Uri("http://127.0.0.1:9") });
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(() => source.PackAsync("bucket", null, work.Combine("bucket.tar.gz"), cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }
}
