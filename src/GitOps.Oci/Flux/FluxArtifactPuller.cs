using GitOps.Artifacts;
using GitOps.Artifacts.Fetch;
using GitOps.Diagnostics;
using GitOps.Oci.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Oci.Flux;

/// <summary>
/// Pulls a Flux OCI artifact as source-controller's OCIRepository does: resolves the reference (tag,
/// version constraint or digest) to a verified manifest, selects a layer, and either extracts it or copies
/// it. Extraction is Core's <see cref="ArtifactFetcher"/> pass over the blob URL: SHA-256 against the
/// layer digest, size caps, gunzip and tar into a staging directory, and an atomic swap only when everything
/// matched, so the destination is untouched by any failure.
/// </summary>
public sealed partial class FluxArtifactPuller
{
    private readonly OciRegistryClient _client;
    private readonly ILogger _logger;

    /// <summary>Creates a puller on <paramref name="client"/>.</summary>
    public FluxArtifactPuller(OciRegistryClient client, ILogger<FluxArtifactPuller>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Pulls <paramref name="reference"/> into <paramref name="destination"/>: a directory (replaced atomically)
    /// for <see cref="FluxLayerOperation.Extract"/>, a file for <see cref="FluxLayerOperation.Copy"/>.
    /// </summary>
    /// <exception cref="OciNotFoundException">No such tag, manifest or blob, no tag matching the constraint, or no layer matching the selector.</exception>
    /// <exception cref="DigestMismatchException">The manifest or layer served is not the one asked for.</exception>
    /// <exception cref="ArtifactTooLargeException">The manifest, layer or extracted content is over its limit.</exception>
    /// <exception cref="UnsafeArchiveException">The layer is not a safe tar+gzip.</exception>
    /// <exception cref="OciAuthenticationException">Credentials are missing or refused.</exception>
    /// <exception cref="OciTimeoutException">The registry did not answer in time, or the manifest or layer stalled (<see cref="OciClientOptions.InactivityTimeout"/>).</exception>
    /// <exception cref="OciRegistryException">The registry failed or timed out.</exception>
    public async Task<FluxPullResult> PullAsync(OciReference reference, string destination, FluxPullOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        options ??= new FluxPullOptions();
        options.Validate();
        using var activity = GitOpsDiagnostics.ActivitySource.StartActivity(GitOpsActivities.OciPull);
        activity?.SetTag("gitops.oci.reference", reference.ToString());
        var resolved = await ResolveAsync(reference, options.SemVer, cancellationToken).ConfigureAwait(false);
        var manifest = await _client.GetManifestAsync(resolved, cancellationToken).ConfigureAwait(false);
        var layer = SelectLayer(manifest, options.LayerSelector, resolved);
        _client.EnsureWithinBlobLimit(layer);
        var pinned = resolved.WithDigest(manifest.Digest);
        var revision = new Revision(resolved.Digest is null ? resolved.Tag : null, manifest.Digest);
        var target = Path.GetFullPath(destination);
        FluxPullResult result;
        if (options.LayerSelector.Operation == FluxLayerOperation.Copy)
        {
            await _client.DownloadBlobAsync(resolved, layer, target, cancellationToken).ConfigureAwait(false);
            result = new FluxPullResult(pinned, revision, manifest, layer, target) { Bytes = layer.Size };
        }
        else
        {
            var fetcher = new ArtifactFetcher(_client.Http, _client.TimeProvider);
            var fetchOptions = _client.Options.FetchOptions(layer.Size, options.Extraction);
            var fetched = await FetchLayerAsync(fetcher, resolved, layer, target, fetchOptions, cancellationToken).ConfigureAwait(false);
            result = new FluxPullResult(pinned, revision, manifest, layer, fetched.Directory)
            {
                Files = fetched.Files,
                Directories = fetched.Directories,
                Bytes = fetched.ExtractedBytes,
            };
        }

        LogPulled(_logger, pinned.RepositoryName, revision, layer.Digest, result.Path);
        return result;
    }

    /// <summary>The reference to fetch: by digest, by the highest tag matching <paramref name="semver"/>, or by tag (<c>latest</c> when none).</summary>
    internal async Task<OciReference> ResolveAsync(OciReference reference, string? semver, CancellationToken cancellationToken)
    {
        if (reference.Digest is not null)
        {
            return reference;
        }

        if (!string.IsNullOrEmpty(semver))
        {
            var tag = await _client.SelectTagAsync(reference, semver, helmChartTags: false, includePrerelease: false, cancellationToken).ConfigureAwait(false);
            return reference.WithTag(tag);
        }

        return reference.Tag is null ? reference.WithTag(FluxArtifact.DefaultTag) : reference;
    }

    private static OciDescriptor SelectLayer(OciManifest manifest, FluxLayerSelector selector, OciReference reference)
    {
        if (manifest.Layers.Count == 0)
        {
            throw new OciNotFoundException($"{reference} has no layers", statusCode: null);
        }

        if (selector.MediaType is null)
        {
            return manifest.Layers[0];
        }

        return manifest.Layers.FirstOrDefault(l => string.Equals(l.MediaType, selector.MediaType, StringComparison.Ordinal))
            ?? throw new OciNotFoundException($"{reference} has no layer of media type {selector.MediaType} (it has {string.Join(", ", manifest.Layers.Select(static l => l.MediaType).Distinct())})", statusCode: null);
    }

    private async Task<FetchResult> FetchLayerAsync(ArtifactFetcher fetcher, OciReference repository, OciDescriptor layer, string target, ArtifactFetchOptions fetchOptions, CancellationToken cancellationToken)
    {
        try
        {
            return await fetcher.FetchAsync(_client.GetBlobUrl(repository, layer.Digest), layer.Digest, target, fetchOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (ArtifactTooLargeException ex) when (ex.Limit == ArtifactLimit.DownloadBytes)
        {
            // More bytes than the manifest's size for this digest: not the layer the manifest names.
            throw new OciManifestException($"the registry served more than the {layer.Size} bytes the manifest gives for layer {layer.Digest}", ex);
        }
        catch (ArtifactNotFoundException ex)
        {
            throw new OciNotFoundException($"layer {layer.Digest} of {repository.RepositoryName} not found: HTTP {ex.StatusCode}", ex);
        }
        catch (ArtifactTransportException ex) when (ex.InnerException is TimeoutException)
        {
            throw new OciTimeoutException($"layer {layer.Digest} of {repository.RepositoryName}: {ex.Message}", _client.Options.InactivityTimeout, ex);
        }
        catch (ArtifactTransportException ex) when (ex.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            throw new OciAuthenticationException($"{repository.Registry} refused access to layer {layer.Digest}: {ex.Message}", ex);
        }
    }

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.OciArtifactPulled, Level = LogLevel.Information, Message = "Pulled {Repository} at {Revision}: layer {Layer} into {Path}")]
    private static partial void LogPulled(ILogger logger, string repository, Revision revision, Digest layer, string path);
}
