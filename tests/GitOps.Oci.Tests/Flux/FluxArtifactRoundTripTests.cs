using GitOps.Artifacts;
using GitOps.Oci.Flux;
using GitOps.Oci.Registry;
using GitOps.Oci.Tests.Support;
using GitOps.Testing;

namespace GitOps.Oci.Tests.Flux;

/// <summary>Push and pull Flux artifacts against a real docker-registry on 127.0.0.1 (plain HTTP).</summary>
public sealed class FluxArtifactRoundTripTests
{
    [Test]
    public async Task A_pushed_directory_pulls_back_extracted_with_flux_revision_and_annotations()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var content = SampleContent.Create();
        using var client = new OciRegistryClient(registry.ClientOptions());
        var reference = registry.Reference("apps/roundtrip", "1.0.0");
        var created = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

        var pushed = await new FluxArtifactPusher(client).PushAsync(content.Path, reference, new FluxPushOptions { Source = "https://example.com/repo.git", Revision = "main@sha1:0123456789abcdef0123456789abcdef01234567", Created = created });
        using var into = new TemporaryDirectory();
        var destination = into.Combine("out");
        var pulled = await new FluxArtifactPuller(client).PullAsync(reference, destination);

        Assert.Multiple(() =>
        {
            Assert.That(pushed.Revision.ToString(), Is.EqualTo("1.0.0@" + pushed.Digest));
            Assert.That(pulled.Revision, Is.EqualTo(pushed.Revision));
            Assert.That(pulled.Manifest.Digest, Is.EqualTo(pushed.Digest));
            Assert.That(pulled.Layer.MediaType, Is.EqualTo(FluxArtifact.ContentMediaType));
            Assert.That(pulled.Manifest.Config.MediaType, Is.EqualTo(FluxArtifact.ConfigMediaType));
            Assert.That(pulled.Source, Is.EqualTo("https://example.com/repo.git"));
            Assert.That(pulled.SourceRevision, Is.EqualTo("main@sha1:0123456789abcdef0123456789abcdef01234567"));
            Assert.That(pulled.Manifest.Annotations[FluxArtifact.CreatedAnnotation], Is.EqualTo("2026-12-01T10:00:00Z"));
            Assert.That(SampleContent.Files(destination).Keys, Is.EquivalentTo(new[] { ".sourceignore", "README.md", "app/deployment.yaml", "app/kustomization.yaml" }));
            Assert.That(SampleContent.Files(destination)["app/deployment.yaml"], Does.Contain("release: v1"));
        });
    }

    [Test]
    public async Task Pushing_the_same_directory_twice_gives_the_same_layer_and_manifest()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var content = SampleContent.Create("same");
        using var client = new OciRegistryClient(registry.ClientOptions());
        var pusher = new FluxArtifactPusher(client);
        var options = new FluxPushOptions { Created = DateTimeOffset.UnixEpoch };

        var first = await pusher.PushAsync(content.Path, registry.Reference("apps/repro", "a"), options);
        var second = await pusher.PushAsync(content.Path, registry.Reference("apps/repro", "b"), options);

        Assert.That(second.Layer.Digest, Is.EqualTo(first.Layer.Digest));
        Assert.That(second.Digest, Is.EqualTo(first.Digest));
    }

    [Test]
    public async Task Pulling_by_digest_gives_the_digest_alone_as_revision()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var content = SampleContent.Create("digest");
        using var client = new OciRegistryClient(registry.ClientOptions());
        var pushed = await new FluxArtifactPusher(client).PushAsync(content.Path, registry.Reference("apps/bydigest", "v1"));
        using var into = new TemporaryDirectory();

        var pulled = await new FluxArtifactPuller(client).PullAsync(registry.Reference("apps/bydigest").WithDigest(pushed.Digest), into.Combine("out"));

        Assert.That(pulled.Revision.ToString(), Is.EqualTo(pushed.Digest.ToString()));
    }

    [Test]
    public async Task A_semver_range_pulls_the_highest_matching_tag()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var client = new OciRegistryClient(registry.ClientOptions());
        var pusher = new FluxArtifactPusher(client);
        foreach (var tag in new[] { "1.0.0", "1.10.0", "1.2.0", "latest", "v2.0.0-rc.1", "1.2" })
        {
            using var content = SampleContent.Create(tag);
            await pusher.PushAsync(content.Path, registry.Reference("apps/semver", tag));
        }

        using var into = new TemporaryDirectory();
        var pulled = await new FluxArtifactPuller(client).PullAsync(registry.Reference("apps/semver"), into.Combine("out"), new FluxPullOptions { SemVer = "1.x" });
        var tags = await client.ListTagsAsync(registry.Reference("apps/semver"));

        Assert.Multiple(() =>
        {
            Assert.That(pulled.Revision.Reference, Is.EqualTo("1.10.0"));
            Assert.That(SampleContent.Files(into.Combine("out"))["app/deployment.yaml"], Does.Contain("release: 1.10.0"));
            Assert.That(tags, Is.EqualTo(new[] { "1.0.0", "1.10.0", "1.2", "1.2.0", "latest", "v2.0.0-rc.1" }));
        });
    }

    [Test]
    public async Task A_prerelease_constraint_selects_the_v_prefixed_prerelease_tag()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var client = new OciRegistryClient(registry.ClientOptions());
        using var content = SampleContent.Create("pre");
        var pusher = new FluxArtifactPusher(client);
        await pusher.PushAsync(content.Path, registry.Reference("apps/pre", "1.0.0"));
        await pusher.PushAsync(content.Path, registry.Reference("apps/pre", "v2.0.0-rc.1"));

        var tag = await client.SelectTagAsync(registry.Reference("apps/pre"), ">=2.0.0-0");

        Assert.That(tag, Is.EqualTo("v2.0.0-rc.1"));
    }

    [Test]
    public async Task Copy_keeps_the_layer_as_a_verified_file()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var content = SampleContent.Create("copy");
        using var client = new OciRegistryClient(registry.ClientOptions());
        var pushed = await new FluxArtifactPusher(client).PushAsync(content.Path, registry.Reference("apps/copy", "1"));
        using var into = new TemporaryDirectory();
        var file = into.Combine("layer.tar.gz");

        var pulled = await new FluxArtifactPuller(client).PullAsync(registry.Reference("apps/copy", "1"), file, new FluxPullOptions { LayerSelector = new FluxLayerSelector(FluxArtifact.ContentMediaType, FluxLayerOperation.Copy) });

        await using var stream = File.OpenRead(file);
        Assert.That(await Digest.ComputeAsync(stream), Is.EqualTo(pushed.Layer.Digest));
        Assert.That(pulled.Bytes, Is.EqualTo(pushed.Layer.Size));
    }
}
