using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using GitOps.Artifacts.Extraction;
using GitOps.Oci.Flux;
using GitOps.Oci.Registry;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops oci</c>: Flux OCI artifacts pushed to and pulled from a registry, and a repository's tags.</summary>
internal static class OciCommand
{
    public static Command Create()
    {
        var command = new Command("oci", "OCI registries: push a directory as a Flux artifact, pull one verified, list tags.");
        command.Subcommands.Add(CreatePush());
        command.Subcommands.Add(CreatePull());
        command.Subcommands.Add(CreateTags());
        return command;
    }

    private static Command CreatePush()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "The directory to push (.sourceignore files are honoured)." };
        var reference = ReferenceArgument("oci://HOST[:PORT]/REPO:TAG", "Where to push (the tag defaults to latest).", allowDigest: false);
        var source = new Option<string?>("--source") { Description = "The org.opencontainers.image.source annotation (a Git URL, say)." };
        var revision = new Option<string?>("--revision") { Description = "The org.opencontainers.image.revision annotation (main@sha1:..., say)." };
        var ignore = new Option<string?>("--ignore-paths") { Description = "Extra ignore rules in .sourceignore syntax (newline-separated)." };
        var registry = new RegistryOptions();
        var command = new Command("push", "Pack DIR reproducibly and push it as a Flux OCI artifact; prints the manifest digest and Flux's revision.")
        {
            directory, reference, source, revision, ignore,
        };
        registry.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async output =>
        {
            var target = OciReference.Parse(parseResult.GetValue(reference)!);
            using var client = new OciRegistryClient(registry.Build(parseResult, target));
            var options = new FluxPushOptions { Source = parseResult.GetValue(source), Revision = parseResult.GetValue(revision), Ignore = parseResult.GetValue(ignore) };
            var pushed = await new FluxArtifactPusher(client).PushAsync(parseResult.GetValue(directory)!.FullName, target, options, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"pushed: {pushed.Reference}").ConfigureAwait(false);
            await output.WriteLineAsync($"digest: {pushed.Digest}").ConfigureAwait(false);
            await output.WriteLineAsync($"revision: {pushed.Revision}").ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"layer: {pushed.Layer.Digest} ({pushed.Layer.Size} bytes)")).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreatePull()
    {
        var reference = ReferenceArgument("oci://HOST[:PORT]/REPO(:TAG|@DIGEST)", "What to pull (the tag defaults to latest).", allowDigest: true);
        var destination = new Option<string>("--dest") { Description = "The directory to extract into (replaced atomically on success), or the file to write with --copy.", Required = true };
        var semver = new Option<string?>("--semver") { Description = "Pull the highest tag satisfying this version range instead (Flux's spec.ref.semver)." };
        var mediaType = new Option<string?>("--layer-media-type") { Description = "Take the first layer of this media type (default: the first layer)." };
        var copy = new Option<bool>("--copy") { Description = "Write the layer as it is to the --dest file instead of extracting it (Flux's layerSelector operation: copy)." };
        var maxBlob = NumberOption.Create("--max-blob-bytes", "Largest layer to download.", OciClientOptions.DefaultMaxBlobBytes, 1, long.MaxValue);
        var maxExtracted = NumberOption.Create("--max-extracted-bytes", "Most bytes to extract in total.", ExtractionOptions.DefaultMaxExtractedBytes, 1, long.MaxValue);
        var maxFile = NumberOption.Create("--max-file-bytes", "Largest single file to extract.", ExtractionOptions.DefaultMaxFileBytes, 1, long.MaxValue);
        var maxEntries = NumberOption.Create("--max-entries", "Most entries the layer may have.", ExtractionOptions.DefaultMaxEntries, 1, int.MaxValue);
        var registry = new RegistryOptions();
        var command = new Command("pull", "Pull a Flux OCI artifact: manifest and layer verified by digest while streaming, extracted with an atomic swap (or copied).")
        {
            reference, destination, semver, mediaType, copy, maxBlob, maxExtracted, maxFile, maxEntries,
        };
        registry.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async output =>
        {
            var source = OciReference.Parse(parseResult.GetValue(reference)!);
            var clientOptions = registry.Build(parseResult, source);
            clientOptions.MaxBlobBytes = parseResult.GetValue(maxBlob);
            using var client = new OciRegistryClient(clientOptions);
            var options = new FluxPullOptions
            {
                SemVer = parseResult.GetValue(semver),
                LayerSelector = new FluxLayerSelector(parseResult.GetValue(mediaType), parseResult.GetValue(copy) ? FluxLayerOperation.Copy : FluxLayerOperation.Extract),
                Extraction = new ExtractionOptions
                {
                    MaxExtractedBytes = parseResult.GetValue(maxExtracted),
                    MaxFileBytes = parseResult.GetValue(maxFile),
                    MaxEntries = parseResult.GetValue(maxEntries),
                },
            };
            var pulled = await new FluxArtifactPuller(client).PullAsync(source, parseResult.GetValue(destination)!, options, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"pulled: {pulled.Reference}").ConfigureAwait(false);
            await output.WriteLineAsync($"revision: {pulled.Revision}").ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"layer: {pulled.Layer.Digest} ({pulled.Layer.Size} bytes, verified)")).ConfigureAwait(false);
            if (pulled.SourceRevision is { } origin)
            {
                await output.WriteLineAsync($"source: {pulled.Source ?? "(none)"} {origin}").ConfigureAwait(false);
            }

            await output.WriteLineAsync(options.LayerSelector.Operation == FluxLayerOperation.Copy
                ? string.Create(CultureInfo.InvariantCulture, $"copied: {pulled.Bytes} bytes to {pulled.Path}")
                : string.Create(CultureInfo.InvariantCulture, $"extracted: {pulled.Files} files, {pulled.Directories} directories, {pulled.Bytes} bytes into {pulled.Path}")).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateTags()
    {
        var reference = ReferenceArgument("oci://HOST[:PORT]/REPO", "The repository.", allowDigest: false);
        var semver = new Option<string?>("--semver") { Description = "Only the tags that satisfy this version range, highest last; exit 1 when none does." };
        var registry = new RegistryOptions();
        var command = new Command("tags", "List a repository's tags (every page, sorted), or with --semver the versions in a range.") { reference, semver };
        registry.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async output =>
        {
            var repository = OciReference.Parse(parseResult.GetValue(reference)!);
            using var client = new OciRegistryClient(registry.Build(parseResult, repository));
            var tags = await client.ListTagsAsync(repository, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(semver) is { } range)
            {
                tags = OciTagVersions.Matching(tags, Versioning.VersionConstraint.Parse(range));
                if (tags.Count == 0)
                {
                    throw new OciNotFoundException($"no tag of {repository.RepositoryName} matches the version constraint '{range}'");
                }
            }

            foreach (var tag in tags)
            {
                await output.WriteLineAsync(tag).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Argument<string> ReferenceArgument(string name, string description, bool allowDigest)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!OciReference.TryParse(text, out var parsed, out var error))
            {
                result.AddError($"{name}: {error}");
            }
            else if (!allowDigest && parsed.Digest is not null)
            {
                result.AddError($"{name}: a digest is not allowed here");
            }
        });
        return argument;
    }
}

/// <summary>
/// The registry options every OCI command takes: transport, CA and credentials, and <c>--timeout</c> and <c>--inactivity-timeout</c> unless the
/// command has its own (<c>helm pull</c> takes one Go-duration <c>--timeout</c> for http(s) and oci:// alike).
/// </summary>
internal sealed class RegistryOptions(bool withTimeout = true)
{
    private readonly Option<bool> _plainHttp = new("--plain-http") { Description = "Talk plain HTTP to the registry (only when asked: HTTPS otherwise)." };
    private readonly Option<FileInfo?> _caFile = new("--ca-file") { Description = "PEM file of CA certificates to trust for this registry (instead of the system's)." };
    private readonly Option<string?> _username = new("--username") { Description = "User name for the registry (Basic, or for its token service)." };
    private readonly Option<string?> _password = new("--password") { Description = "Password or token for the registry." };
    private readonly Option<TimeSpan> _inactivity = DurationOption.Create("--inactivity-timeout", "How long a manifest or blob may send nothing (also the window of the minimum rate, 1 KiB/s).", Artifacts.Fetch.ArtifactFetchOptions.DefaultInactivityTimeout);
    private readonly Option<double> _timeout = NumberOption.Create("--timeout", "Seconds to wait for the registry to answer a request.", 60d, NumberOption.MinimumSeconds, NumberOption.MaximumSeconds);

    public void AddTo(Command command)
    {
        command.Options.Add(_plainHttp);
        command.Options.Add(_caFile);
        command.Options.Add(_username);
        command.Options.Add(_password);
        if (withTimeout)
        {
            command.Options.Add(_timeout);
            command.Options.Add(_inactivity);
        }

        command.Validators.Add(result =>
        {
            if ((result.GetValue(_username) is null) != (result.GetValue(_password) is null))
            {
                result.AddError("--username and --password go together");
            }
        });
    }

    public OciClientOptions Build(ParseResult parseResult, OciReference reference, TimeSpan? requestTimeout = null, TimeSpan? inactivityTimeout = null)
    {
        var options = new OciClientOptions
        {
            PlainHttp = parseResult.GetValue(_plainHttp),
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(parseResult.GetValue(_timeout)),
            InactivityTimeout = inactivityTimeout ?? parseResult.GetValue(_inactivity),
        };
        if (parseResult.GetValue(_caFile) is { } caFile)
        {
            try
            {
                options.CaCertificates.ImportFromPemFile(caFile.FullName);
            }
            catch (CryptographicException ex)
            {
                throw new GitOpsException($"--ca-file {caFile.FullName}: not a PEM certificate file: {ex.Message}");
            }

            if (options.CaCertificates.Count == 0)
            {
                throw new GitOpsException($"--ca-file {caFile.FullName}: no certificate in it");
            }
        }

        if (parseResult.GetValue(_username) is { } username)
        {
            options.WithCredential(reference.Registry, username, parseResult.GetValue(_password)!);
        }

        return options;
    }
}
