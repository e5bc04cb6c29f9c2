using System.Globalization;
using System.Text.Json;
using GitOps.Artifacts;
using GitOps.Artifacts.Extraction;
using GitOps.Artifacts.Fetch;
using GitOps.Helm.Charts;
using GitOps.Helm.Index;
using GitOps.Helm.Repositories;
using GitOps.Oci.Registry;
using GitOps.Versioning;

namespace GitOps.Oci.Charts;

/// <summary>
/// Helm charts in <c>oci://</c> repositories, as helm v4 pulls and pushes them: versions are the registry's
/// tags (with <c>_</c> standing for <c>+</c>, which tags cannot hold), selected as <c>helm pull --version</c>
/// selects them; a pull is verified by manifest digest and by chart-layer digest while it is unpacked
/// (Core's one-pass fetcher, atomic swap); a push stores the chart archive as helm does (config = the chart's
/// metadata as JSON, one chart layer, <c>org.opencontainers.image.*</c> annotations). Plugged into
/// <see cref="HelmRepositoryClient"/> as its <see cref="IHelmOciRegistry"/>.
/// </summary>
public sealed class OciHelmChartClient : IHelmOciRegistry
{
    private readonly OciRegistryClient _client;
    private readonly HelmChartDownloadOptions _options;

    /// <summary>Creates a chart client on <paramref name="client"/>.</summary>
    /// <param name="client">The registry client (transport, credentials, limits).</param>
    /// <param name="options">Chart limits (default: 10 MiB archive, 5 MiB per file, 100 MiB unpacked).</param>
    public OciHelmChartClient(OciRegistryClient client, HelmChartDownloadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new HelmChartDownloadOptions();
        _options.Validate();
    }

    /// <summary>
    /// The tag <c>helm pull REF --version CONSTRAINT</c> picks: a tag equal to the constraint (after <c>_</c> → <c>+</c>)
    /// first, else the highest version satisfying it; no constraint means the latest stable version (any
    /// version with <paramref name="devel"/>).
    /// </summary>
    /// <exception cref="OciNotFoundException">No tag matches.</exception>
    public async Task<string> SelectTagAsync(OciReference chart, string? constraint, bool devel = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var tags = await _client.ListTagsAsync(chart, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(constraint))
        {
            var exact = tags.FirstOrDefault(t => string.Equals(t.Replace('_', '+'), constraint, StringComparison.Ordinal));
            if (exact is not null)
            {
                return exact;
            }
        }

        var parsed = string.IsNullOrEmpty(constraint)
            ? (devel ? VersionConstraint.AnyIncludingPrerelease : VersionConstraint.AnyStable)
            : VersionConstraint.Parse(constraint, devel);
        return OciTagVersions.SelectHighest(tags, parsed, helmTags: true)
            ?? throw new OciNotFoundException($"could not locate a version matching provided version string {(string.IsNullOrEmpty(constraint) ? "*" : constraint)} in {chart.RepositoryName}", statusCode: null);
    }

    /// <inheritdoc />
    /// <exception cref="OciNotFoundException">No such chart or no matching version.</exception>
    /// <exception cref="OciManifestException">The manifest is not a Helm chart's.</exception>
    /// <exception cref="DigestMismatchException">The manifest or chart layer served is not the one named.</exception>
    /// <exception cref="ArtifactTooLargeException">The chart is over its limits.</exception>
    /// <exception cref="HelmChartException">The chart's metadata is invalid.</exception>
    public async Task<HelmChartDownload> PullAsync(string chartReference, string? constraint, string destinationDirectory, bool devel = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chartReference);
        ArgumentException.ThrowIfNullOrEmpty(destinationDirectory);
        if (!OciReference.TryParse(chartReference, out var chart, out var error))
        {
            throw new ArgumentException(error, nameof(chartReference));
        }

        if (chart.Digest is null && chart.Tag is null)
        {
            chart = chart.WithTag(await SelectTagAsync(chart, constraint, devel, cancellationToken).ConfigureAwait(false));
        }
        else if (!string.IsNullOrEmpty(constraint) && chart.Tag is { } pinned && !string.Equals(pinned.Replace('_', '+'), constraint, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the reference's tag {pinned} and the version {constraint} differ", nameof(constraint));
        }

        var manifest = await _client.GetManifestAsync(chart, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(manifest.Config.MediaType, HelmOciMediaTypes.Config, StringComparison.Ordinal))
        {
            throw new OciManifestException($"{chart} is not a Helm chart: its config is {manifest.Config.MediaType}, not {HelmOciMediaTypes.Config}");
        }

        var layer = manifest.Layers.FirstOrDefault(static l => l.MediaType is HelmOciMediaTypes.ChartContent or HelmOciMediaTypes.LegacyChartContent)
            ?? throw new OciManifestException($"{chart} has no chart layer ({HelmOciMediaTypes.ChartContent})");
        if (layer.Size > _options.MaxChartBytes)
        {
            throw new ArtifactTooLargeException(ArtifactLimit.DownloadBytes, _options.MaxChartBytes, layer.Digest.ToString());
        }

        _client.EnsureWithinBlobLimit(layer);
        var fetcher = new ArtifactFetcher(_client.Http, _client.TimeProvider);
        var fetched = await fetcher.FetchAsync(
            _client.GetBlobUrl(chart, layer.Digest),
            layer.Digest,
            destinationDirectory,
            _client.Options.FetchOptions(layer.Size, new ExtractionOptions { MaxFileBytes = _options.MaxFileBytes, MaxExtractedBytes = _options.MaxUnpackedBytes }),
            cancellationToken).ConfigureAwait(false);
        var chartDirectory = HelmChartDownloader.FindChartDirectory(fetched.Directory);
        var metadata = await HelmChartDownloader.ReadMetadataAsync(chartDirectory, cancellationToken).ConfigureAwait(false);
        var pinnedReference = chart.WithDigest(manifest.Digest);
        var version = new HelmChartVersion
        {
            Name = metadata.Name,
            ChartName = metadata.Name,
            Version = metadata.Version,
            AppVersion = metadata.AppVersion,
            Urls = [pinnedReference.ToString()],
            Digest = layer.Digest.Hex,
            ApiVersion = metadata.ApiVersion,
            Type = metadata.Type,
            Description = metadata.Description,
            KubeVersion = metadata.KubeVersion,
        };
        return new HelmChartDownload(version, new Uri(pinnedReference.ToString()), layer.Digest, chartDirectory, metadata, layer.Size) { Verified = true };
    }

    /// <summary>
    /// <c>helm push CHART.tgz oci://HOST/REPOSITORY</c>: stores the chart under <c>REPOSITORY/NAME:VERSION</c>
    /// (<c>+</c> written as <c>_</c>) with its metadata as the config and helm's annotations.
    /// </summary>
    /// <returns>The chart's reference, pinned to the manifest digest.</returns>
    /// <exception cref="HelmChartException">The archive holds no valid chart.</exception>
    /// <exception cref="OciRegistryException">The registry refused the push, failed or timed out.</exception>
    public async Task<OciReference> PushAsync(string chartArchive, string repositoryReference, DateTimeOffset? created = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(chartArchive);
        if (!OciReference.TryParse(repositoryReference, out var repository, out var error) || repository.Tag is not null || repository.Digest is not null)
        {
            throw new ArgumentException(error ?? "push to a repository (oci://HOST/REPOSITORY), without tag or digest", nameof(repositoryReference));
        }

        var metadata = await ReadArchiveMetadataAsync(chartArchive, cancellationToken).ConfigureAwait(false);
        var target = new OciReference(repository.Registry, repository.Repository + "/" + metadata.Name, metadata.Version.Replace('+', '_'));
        var config = ConfigJson(metadata);
        var configDescriptor = new OciDescriptor(HelmOciMediaTypes.Config, Digest.Compute(config), config.Length);
        using (var configStream = new MemoryStream(config, writable: false))
        {
            await _client.PushBlobAsync(target, configStream, configDescriptor, cancellationToken).ConfigureAwait(false);
        }

        OciDescriptor layer;
        var archive = new FileStream(chartArchive, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (archive.ConfigureAwait(false))
        {
            layer = new OciDescriptor(HelmOciMediaTypes.ChartContent, await Digest.ComputeAsync(archive, cancellationToken: cancellationToken).ConfigureAwait(false), archive.Length);
            archive.Position = 0;
            await _client.PushBlobAsync(target, archive, layer, cancellationToken).ConfigureAwait(false);
        }

        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["org.opencontainers.image.created"] = (created ?? _client.TimeProvider.GetUtcNow()).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["org.opencontainers.image.title"] = metadata.Name,
            ["org.opencontainers.image.version"] = metadata.Version,
        };
        if (!string.IsNullOrEmpty(metadata.Description))
        {
            annotations["org.opencontainers.image.description"] = metadata.Description;
        }

        var manifest = OciManifest.Write(configDescriptor, [layer], annotations);
        var digest = await _client.PushManifestAsync(target, manifest, OciMediaTypes.ImageManifest, cancellationToken).ConfigureAwait(false);
        return target.WithDigest(digest);
    }

    private async Task<HelmChartMetadata> ReadArchiveMetadataAsync(string chartArchive, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "gitops-chart-" + Guid.NewGuid().ToString("N"));
        try
        {
            var archive = new FileStream(chartArchive, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
            await using (archive.ConfigureAwait(false))
            {
                await new ArchiveExtractor().ExtractAsync(archive, scratch, new ExtractionOptions { MaxFileBytes = _options.MaxFileBytes, MaxExtractedBytes = _options.MaxUnpackedBytes }, cancellationToken).ConfigureAwait(false);
            }

            return await HelmChartDownloader.ReadMetadataAsync(HelmChartDownloader.FindChartDirectory(scratch), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>The chart's metadata as helm writes the config (Go's JSON of <c>chart.Metadata</c>: empty fields omitted).</summary>
    private static byte[] ConfigJson(HelmChartMetadata metadata)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", metadata.Name);
            writer.WriteString("version", metadata.Version);
            WriteIfSet(writer, "description", metadata.Description);
            if (metadata.Keywords.Count > 0)
            {
                writer.WriteStartArray("keywords");
                foreach (var keyword in metadata.Keywords)
                {
                    writer.WriteStringValue(keyword);
                }

                writer.WriteEndArray();
            }

            writer.WriteString("apiVersion", metadata.ApiVersion);
            WriteIfSet(writer, "appVersion", metadata.AppVersion);
            if (metadata.Deprecated)
            {
                writer.WriteBoolean("deprecated", true);
            }

            WriteIfSet(writer, "kubeVersion", metadata.KubeVersion);
            WriteIfSet(writer, "type", metadata.Type);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }
}
