using System.Globalization;
using GitOps.Artifacts;
using GitOps.Artifacts.Packaging;
using GitOps.Diagnostics;
using GitOps.Oci.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Oci.Flux;

/// <summary>
/// <c>flux push artifact</c>: packs a directory with Core's reproducible <see cref="ArtifactPackager"/>
/// (honouring <c>.sourceignore</c>) into one <see cref="FluxArtifact.ContentMediaType"/> layer, with an empty
/// JSON config of type <see cref="FluxArtifact.ConfigMediaType"/> and the <c>org.opencontainers.image.created</c>,
/// <c>.source</c> and <c>.revision</c> annotations on the manifest, and pushes it under the reference's tag.
/// </summary>
/// <remarks>
/// The same directory packs to the same layer bytes every time (the packager's contract), so a re-push
/// uploads nothing new but the manifest. The config is <c>{}</c>: Flux's consumers never read it (flux2's
/// own pushes carry a go-containerregistry image config there), and an empty JSON object is what the OCI
/// artifact guidance gives for configs without content.
/// </remarks>
public sealed partial class FluxArtifactPusher
{
    private static readonly byte[] EmptyConfig = "{}"u8.ToArray();

    private readonly OciRegistryClient _client;
    private readonly ArtifactPackager _packager;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a pusher on <paramref name="client"/>.</summary>
    /// <param name="client">The registry client.</param>
    /// <param name="packager">The packager (default: a new one).</param>
    /// <param name="timeProvider">The clock for the created annotation (default: the client's).</param>
    /// <param name="logger">Where to log pushes (default: nowhere).</param>
    public FluxArtifactPusher(OciRegistryClient client, ArtifactPackager? packager = null, TimeProvider? timeProvider = null, ILogger<FluxArtifactPusher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _timeProvider = timeProvider ?? client.TimeProvider;
        _packager = packager ?? new ArtifactPackager(_timeProvider);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Packs <paramref name="directory"/> and pushes it to <paramref name="reference"/> (its tag, or <c>latest</c>).</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="OciAuthenticationException">Credentials are missing or refused.</exception>
    /// <exception cref="OciRegistryException">The registry refused the push, failed or timed out.</exception>
    public async Task<FluxPushResult> PushAsync(string directory, OciReference reference, FluxPushOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Digest is not null)
        {
            throw new ArgumentException("push to a tag, not a digest", nameof(reference));
        }

        using var activity = GitOpsDiagnostics.ActivitySource.StartActivity(GitOpsActivities.OciPush);
        activity?.SetTag("gitops.oci.reference", reference.ToString());

        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"no directory {directory} to push");
        }

        options ??= new FluxPushOptions();
        var target = reference.Tag is null ? reference.WithTag(FluxArtifact.DefaultTag) : reference;
        var archive = Path.Combine(Path.GetTempPath(), "gitops-oci-push-" + Guid.NewGuid().ToString("N") + ".tar.gz");
        try
        {
            var packed = await _packager.PackAsync(directory, archive, new PackOptions { Ignore = options.Ignore }, cancellationToken).ConfigureAwait(false);
            var layer = new OciDescriptor(FluxArtifact.ContentMediaType, packed.Digest, packed.Size);
            var config = new OciDescriptor(FluxArtifact.ConfigMediaType, Digest.Compute(EmptyConfig), EmptyConfig.Length);
            using (var configStream = new MemoryStream(EmptyConfig, writable: false))
            {
                await _client.PushBlobAsync(target, configStream, config, cancellationToken).ConfigureAwait(false);
            }

            var layerStream = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (layerStream.ConfigureAwait(false))
            {
                await _client.PushBlobAsync(target, layerStream, layer, cancellationToken).ConfigureAwait(false);
            }

            var manifest = OciManifest.Write(config, [layer], Annotations(options));
            var digest = await _client.PushManifestAsync(target, manifest, OciMediaTypes.ImageManifest, cancellationToken).ConfigureAwait(false);
            var revision = new Revision(target.Tag, digest);
            LogPushed(_logger, target.RepositoryName, revision, packed.Size);
            return new FluxPushResult(target.WithDigest(digest), digest, revision, layer);
        }
        finally
        {
            File.Delete(archive);
        }
    }

    private Dictionary<string, string> Annotations(FluxPushOptions options)
    {
        var annotations = new Dictionary<string, string>(options.Annotations, StringComparer.Ordinal)
        {
            [FluxArtifact.CreatedAnnotation] = (options.Created ?? _timeProvider.GetUtcNow()).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (options.Source is not null)
        {
            annotations[FluxArtifact.SourceAnnotation] = options.Source;
        }

        if (options.Revision is not null)
        {
            annotations[FluxArtifact.RevisionAnnotation] = options.Revision;
        }

        return annotations;
    }

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.OciArtifactPushed, Level = LogLevel.Information, Message = "Pushed {Repository} at {Revision} ({Bytes} bytes of content)")]
    private static partial void LogPushed(ILogger logger, string repository, Revision revision, long bytes);
}
