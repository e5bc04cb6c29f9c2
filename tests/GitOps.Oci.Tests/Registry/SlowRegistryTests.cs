using System.Text;
using GitOps.Artifacts;
using GitOps.Oci.Flux;
using GitOps.Oci.Registry;
using GitOps.Testing;
using GitOps.Testing.Archives;
using GitOps.Testing.Http;

namespace GitOps.Oci.Tests.Registry;

/// <summary>
/// A registry (Kestrel on 127.0.0.1) that sends one byte every two seconds and then stops: blobs, manifests and
/// extracted layers fail with <see cref="OciTimeoutException"/> after the inactivity timeout or the minimum rate,
/// through Core's one inactivity check, instead of waiting for ever.
/// </summary>
public sealed class SlowRegistryTests
{
    // Generous: the timeouts below are 1-3 s; only a client that waits for the server would run past this.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private LoopbackHttpServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await LoopbackHttpServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    private static byte[] Layer() => new TarBuilder().File("app/deploy.yaml", "kind: ConfigMap\n").ToTarGz();

    /// <summary>A repository of its own on the shared server, per test.</summary>
    private OciReference Repository(string tag = "1") => OciReference.Parse($"oci://{_server.BaseAddress.Authority}/slow/{TestContext.CurrentContext.Test.ID}:{tag}");

    private static string BlobPath(OciReference repository, Digest digest) => $"/v2/{repository.Repository}/blobs/{digest}";

    private static string Manifest(byte[] layer) =>
        $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.cncf.flux.config.v1+json","digest":"{{Digest.Compute("{}"u8.ToArray())}}","size":2},"layers":[{"mediaType":"application/vnd.cncf.flux.content.v1.tar+gzip","digest":"{{Digest.Compute(layer)}}","size":{{layer.Length}}}]}""";

    [Test]
    public void A_blob_that_stops_after_a_byte_fails_with_a_timeout_naming_the_inactivity_timeout_and_leaves_no_file()
    {
        var repository = Repository();
        var layer = Layer();
        var digest = Digest.Compute(layer);
        _server.MapHandler(BlobPath(repository, digest), TrickleResponse.Create(layer, Interval, bytesBeforeStall: 3));
        using var client = new OciRegistryClient(new OciClientOptions { PlainHttp = true, InactivityTimeout = TimeSpan.FromSeconds(1) });
        using var into = new TemporaryDirectory();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<OciTimeoutException>(() => client.DownloadBlobAsync(repository, new OciDescriptor("application/octet-stream", digest, layer.Length), into.Combine("blob")));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain($"blob {digest}: the server sent nothing for 1 s after 1 bytes (InactivityTimeout)"));
            Assert.That(error.IsTransient, Is.True);
            Assert.That(error.Timeout, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(clock.Elapsed, Is.LessThan(Bound));
            Assert.That(Directory.GetFileSystemEntries(into.Path), Is.Empty, "no staging file left");
        });
    }

    [Test]
    public void A_blob_trickling_a_byte_every_half_second_is_cut_off_by_the_minimum_rate()
    {
        // Bytes keep coming, far more often than the 3 s inactivity window (a loaded machine cannot delay one that long).
        var repository = Repository();
        var layer = Layer();
        var digest = Digest.Compute(layer);
        _server.MapHandler(BlobPath(repository, digest), TrickleResponse.Create(layer, TimeSpan.FromMilliseconds(500), bytesBeforeStall: int.MaxValue));
        using var client = new OciRegistryClient(new OciClientOptions { PlainHttp = true, InactivityTimeout = TimeSpan.FromSeconds(3) });
        using var into = new TemporaryDirectory();

        var error = Assert.ThrowsAsync<OciTimeoutException>(() => client.DownloadBlobAsync(repository, new OciDescriptor("application/octet-stream", digest, layer.Length), into.Combine("blob")));

        Assert.That(error!.Message, Does.Match(@"the server sent \d+ bytes in 3 s, slower than the minimum of 1024 bytes/s \(MinimumBytesPerSecond\)"));
        Assert.That(Directory.GetFileSystemEntries(into.Path), Is.Empty);
    }

    [Test]
    public void A_manifest_that_stalls_fails_with_a_timeout()
    {
        var repository = Repository();
        _server.MapHandler($"/v2/{repository.Repository}/manifests/1", TrickleResponse.Create(Encoding.UTF8.GetBytes(Manifest(Layer())), Interval, 2, "application/vnd.oci.image.manifest.v1+json"));
        using var client = new OciRegistryClient(new OciClientOptions { PlainHttp = true, InactivityTimeout = TimeSpan.FromSeconds(1) });

        var error = Assert.ThrowsAsync<OciTimeoutException>(() => client.GetManifestAsync(repository));

        Assert.That(error!.Message, Is.EqualTo($"manifest from http://{_server.BaseAddress.Authority}/v2/{repository.Repository}/manifests/1: the server sent nothing for 1 s after 1 bytes (InactivityTimeout)"));
    }

    [Test]
    public void A_flux_layer_that_stalls_while_extracting_fails_with_a_timeout_and_leaves_the_destination_absent()
    {
        var repository = Repository();
        var layer = Layer();
        _server.MapBytes($"/v2/{repository.Repository}/manifests/1", Encoding.UTF8.GetBytes(Manifest(layer)));
        _server.MapHandler(BlobPath(repository, Digest.Compute(layer)), TrickleResponse.Create(layer, Interval, bytesBeforeStall: 3));
        using var client = new OciRegistryClient(new OciClientOptions { PlainHttp = true, InactivityTimeout = TimeSpan.FromSeconds(1), MaxRetryAttempts = 0 });
        using var into = new TemporaryDirectory();

        var error = Assert.ThrowsAsync<OciTimeoutException>(() => new FluxArtifactPuller(client).PullAsync(repository, into.Combine("out")));

        Assert.That(error!.Message, Does.Contain("the server sent nothing for 1 s").And.Contain("(InactivityTimeout)"));
        Assert.That(Directory.GetFileSystemEntries(into.Path), Is.Empty, "no destination, no staging");
    }

    [Test]
    public void The_inactivity_timeout_and_minimum_rate_have_safe_defaults_and_are_validated()
    {
        var defaults = new OciClientOptions();

        Assert.Multiple(() =>
        {
            Assert.That(defaults.InactivityTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(defaults.MinimumBytesPerSecond, Is.EqualTo(1024));
            Assert.That(new OciClientOptions { InactivityTimeout = TimeSpan.Zero }.Validate, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("InactivityTimeout"));
            Assert.That(new OciClientOptions { MinimumBytesPerSecond = -1 }.Validate, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("MinimumBytesPerSecond"));
        });
    }
}
