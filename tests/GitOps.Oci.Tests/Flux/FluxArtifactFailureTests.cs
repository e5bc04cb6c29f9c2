using GitOps.Artifacts;
using GitOps.Oci.Flux;
using GitOps.Oci.Registry;
using GitOps.Oci.Tests.Support;
using GitOps.Testing;

namespace GitOps.Oci.Tests.Flux;

/// <summary>Failures against real servers: typed errors, and nothing left behind at the destination.</summary>
public sealed class FluxArtifactFailureTests
{
    [Test]
    public async Task A_missing_tag_is_not_found_and_leaves_the_destination_as_it_was()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var content = SampleContent.Create();
        using var client = new OciRegistryClient(registry.ClientOptions());
        await new FluxArtifactPusher(client).PushAsync(content.Path, registry.Reference("apps/missing", "1.0.0"));
        using var into = new TemporaryDirectory();
        var destination = into.WriteFile("out/keep.txt", "old");

        var error = Assert.ThrowsAsync<OciNotFoundException>(() => new FluxArtifactPuller(client).PullAsync(registry.Reference("apps/missing", "9.9.9"), into.Combine("out")));

        Assert.That(error!.Message, Does.Contain("MANIFEST_UNKNOWN"));
        Assert.That(SampleContent.Files(into.Combine("out")), Is.EqualTo(new Dictionary<string, string> { ["keep.txt"] = "old" }));
        Assert.That(Directory.GetFileSystemEntries(into.Path), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task No_tag_matching_a_range_is_not_found()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var content = SampleContent.Create();
        using var client = new OciRegistryClient(registry.ClientOptions());
        await new FluxArtifactPusher(client).PushAsync(content.Path, registry.Reference("apps/norange", "1.0.0"));

        var error = Assert.ThrowsAsync<OciNotFoundException>(() => client.SelectTagAsync(registry.Reference("apps/norange"), ">=5.0.0"));

        Assert.That(error!.Message, Does.Contain("no tag of 127.0.0.1:").And.Contain(">=5.0.0"));
    }

    [Test]
    public async Task A_corrupted_layer_in_the_registry_storage_is_a_digest_mismatch_and_nothing_is_extracted()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var content = SampleContent.Create("corrupt-" + Guid.NewGuid());
        using var client = new OciRegistryClient(registry.ClientOptions());
        var pushed = await new FluxArtifactPusher(client).PushAsync(content.Path, registry.Reference("apps/corrupt", "1"));
        var blob = Path.Combine(registry.StorageRoot, "docker/registry/v2/blobs/sha256", pushed.Layer.Digest.Hex[..2], pushed.Layer.Digest.Hex, "data");
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[^20] ^= 0xFF; // inside the gzip stream: same size, other bytes
        await File.WriteAllBytesAsync(blob, bytes);
        using var into = new TemporaryDirectory();

        var error = Assert.ThrowsAsync<DigestMismatchException>(() => new FluxArtifactPuller(client).PullAsync(registry.Reference("apps/corrupt", "1"), into.Combine("out")));

        Assert.That(error!.Expected, Is.EqualTo(pushed.Layer.Digest));
        Assert.That(Directory.GetFileSystemEntries(into.Path), Is.Empty);
    }

    [Test]
    public async Task A_layer_over_the_blob_limit_is_refused_before_download()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var content = SampleContent.Create();
        var options = registry.ClientOptions();
        options.MaxBlobBytes = 64;
        using var client = new OciRegistryClient(options);
        await new FluxArtifactPusher(client).PushAsync(content.Path, registry.Reference("apps/large", "1"));
        using var into = new TemporaryDirectory();

        var error = Assert.ThrowsAsync<ArtifactTooLargeException>(() => new FluxArtifactPuller(client).PullAsync(registry.Reference("apps/large", "1"), into.Combine("out")));

        Assert.That(error!.Maximum, Is.EqualTo(64));
        Assert.That(Directory.GetFileSystemEntries(into.Path), Is.Empty);
    }

    [Test]
    public async Task Extraction_over_its_limit_is_refused_and_leaves_nothing()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var content = SampleContent.Create();
        using var client = new OciRegistryClient(registry.ClientOptions());
        await new FluxArtifactPusher(client).PushAsync(content.Path, registry.Reference("apps/extract-limit", "1"));
        using var into = new TemporaryDirectory();
        var options = new FluxPullOptions { Extraction = new() { MaxExtractedBytes = 10 } };

        var error = Assert.ThrowsAsync<ArtifactTooLargeException>(() => new FluxArtifactPuller(client).PullAsync(registry.Reference("apps/extract-limit", "1"), into.Combine("out"), options));

        Assert.That(error!.Limit, Is.EqualTo(ArtifactLimit.ExtractedBytes));
        Assert.That(Directory.GetFileSystemEntries(into.Path), Is.Empty);
    }

    [Test]
    public async Task A_layer_selector_matching_no_layer_is_not_found()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var content = SampleContent.Create();
        using var client = new OciRegistryClient(registry.ClientOptions());
        await new FluxArtifactPusher(client).PushAsync(content.Path, registry.Reference("apps/selector", "1"));
        using var into = new TemporaryDirectory();

        var error = Assert.ThrowsAsync<OciNotFoundException>(() => new FluxArtifactPuller(client).PullAsync(registry.Reference("apps/selector", "1"), into.Combine("out"), new FluxPullOptions { LayerSelector = new("application/vnd.cncf.helm.chart.content.v1.tar+gzip") }));

        Assert.That(error!.Message, Does.Contain("has no layer of media type application/vnd.cncf.helm.chart.content.v1.tar+gzip"));
    }

    [Test]
    public void A_registry_that_never_answers_times_out_as_a_transient_error_and_leaves_nothing()
    {
        using var hanging = new HangingServer();
        using var client = new OciRegistryClient(new OciClientOptions { PlainHttp = true, RequestTimeout = TimeSpan.FromMilliseconds(500), MaxRetryAttempts = 0 });
        using var into = new TemporaryDirectory();

        var error = Assert.ThrowsAsync<OciTimeoutException>(() => new FluxArtifactPuller(client).PullAsync(OciReference.Parse($"oci://{hanging.Host}/apps/hang:1"), into.Combine("out")));

        Assert.That(error!.IsTransient, Is.True);
        Assert.That(error.Message, Does.Contain("timed out"));
        Assert.That(Directory.GetFileSystemEntries(into.Path), Is.Empty);
    }
}
