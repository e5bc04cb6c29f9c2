using System.CommandLine;
using System.Globalization;
using GitOps.Buckets;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops bucket artifact</c>: an S3-compatible bucket packed into an artifact, as Flux's Bucket source does.</summary>
internal static class BucketCommand
{
    public static Command Create()
    {
        var command = new Command("bucket", "Read S3-compatible buckets as Flux's Bucket source does.");
        command.Subcommands.Add(CreateArtifact());
        return command;
    }

    private static Command CreateArtifact()
    {
        var endpoint = new Option<string>("--endpoint") { Description = "The S3 endpoint, an http(s) URL (http://127.0.0.1:9000).", Required = true };
        endpoint.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
            {
                result.AddError($"--endpoint must be an absolute http or https URL, not '{text}'");
            }
        });
        var bucket = new Option<string>("--bucket") { Description = "The bucket name.", Required = true };
        var prefix = new Option<string?>("--prefix") { Description = "Only objects whose keys start with this prefix (kept in the artifact's paths)." };
        var accessKey = new Option<string>("--access-key") { Description = "The access key id.", Required = true };
        var secretKey = new Option<string>("--secret-key") { Description = "The secret access key (never printed).", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The tar.gz artifact to write (replaced only on success).", Required = true };
        var region = new Option<string>("--region") { Description = "The region requests are signed for.", DefaultValueFactory = _ => BucketOptions.DefaultRegion };
        var ignore = new Option<string?>("--ignore") { Description = "Extra ignore rules in .sourceignore syntax (newline-separated), applied after the bucket's .sourceignore." };
        var concurrency = NumberOption.Create("--concurrency", "Objects downloaded at a time (1 to 1024).", BucketOptions.DefaultMaxConcurrency, 1, 1024);
        var timeout = NumberOption.Create("--timeout", "Seconds allowed for listing, and again for downloading.", BucketOptions.DefaultTimeout.TotalSeconds, NumberOption.MinimumSeconds, NumberOption.MaximumSeconds);
        var inactivity = DurationOption.Create("--inactivity-timeout", "How long an object may send nothing (also the window of the minimum rate, 1 KiB/s).", BucketOptions.DefaultInactivityTimeout);
        var maxObjects = NumberOption.Create("--max-objects", "Most objects the bucket may hold after the ignore rules.", BucketOptions.DefaultMaxObjects, 1, int.MaxValue);
        var maxObjectBytes = NumberOption.Create("--max-object-bytes", "Largest single object.", BucketOptions.DefaultMaxObjectBytes, 1, long.MaxValue);
        var maxTotalBytes = NumberOption.Create("--max-total-bytes", "Most bytes downloaded in all.", BucketOptions.DefaultMaxTotalBytes, 1, long.MaxValue);
        var command = new Command("artifact", "List the bucket (with its .sourceignore), download the objects in parallel and pack them into a reproducible tar.gz; prints Flux's revision and the artifact's digest.")
        {
            endpoint, bucket, prefix, accessKey, secretKey, output, region, ignore, concurrency, timeout, inactivity, maxObjects, maxObjectBytes, maxTotalBytes,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async stdout =>
        {
            BucketOptions options;
            try
            {
                options = new BucketOptions
                {
                    Endpoint = new Uri(parseResult.GetValue(endpoint)!),
                    Region = parseResult.GetValue(region)!,
                    Credentials = new BucketCredentials(parseResult.GetValue(accessKey)!, parseResult.GetValue(secretKey)!),
                    Ignore = parseResult.GetValue(ignore),
                    MaxConcurrency = parseResult.GetValue(concurrency),
                    Timeout = TimeSpan.FromSeconds(parseResult.GetValue(timeout)),
                    InactivityTimeout = parseResult.GetValue(inactivity),
                    MaxObjects = parseResult.GetValue(maxObjects),
                    MaxObjectBytes = parseResult.GetValue(maxObjectBytes),
                    MaxTotalBytes = parseResult.GetValue(maxTotalBytes),
                };
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new GitOpsException(ex.Message.Split(Environment.NewLine)[0]);
            }

            using var source = new BucketSource(options);
            var packed = await source.PackAsync(parseResult.GetValue(bucket)!, parseResult.GetValue(prefix), parseResult.GetValue(output)!.FullName, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync($"revision: {packed.Index.Revision}").ConfigureAwait(false);
            await stdout.WriteLineAsync($"digest: {packed.Artifact.Digest}").ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"size: {packed.Artifact.Size}")).ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"objects: {packed.Index.Objects.Count} ({packed.DownloadedBytes} bytes downloaded)")).ConfigureAwait(false);
            await stdout.WriteLineAsync($"path: {packed.Artifact.Path}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
