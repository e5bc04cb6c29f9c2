using System.CommandLine;
using System.Globalization;
using GitOps.Artifacts;
using GitOps.Artifacts.Extraction;
using GitOps.Artifacts.Fetch;
using GitOps.Artifacts.Packaging;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops artifact pack</c> and <c>gitops artifact fetch</c>: Flux-style tar.gz artifacts.</summary>
internal static class ArtifactCommand
{
    public static Command Create()
    {
        var command = new Command("artifact", "Pack a directory into a reproducible tar.gz artifact, or fetch, verify and extract one.");
        command.Subcommands.Add(CreatePack());
        command.Subcommands.Add(CreateFetch());
        return command;
    }

    private static Command CreatePack()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "The directory to pack (.sourceignore files are honoured)." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The tar.gz file to write.", Required = true };
        var ignore = new Option<string?>("--ignore") { Description = "Extra ignore rules in .sourceignore syntax (newline-separated), applied last." };
        var command = new Command("pack", "Pack DIR into a byte-for-byte reproducible tar.gz and print its digest and size.") { directory, output, ignore };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async stdout =>
        {
            var options = new PackOptions { Ignore = parseResult.GetValue(ignore) };
            var artifact = await new ArtifactPackager().PackAsync(
                parseResult.GetValue(directory)!.FullName, parseResult.GetValue(output)!.FullName, options, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync($"digest: {artifact.Digest}").ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"size: {artifact.Size}")).ConfigureAwait(false);
            await stdout.WriteLineAsync($"path: {artifact.Path}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateFetch()
    {
        var url = new Argument<string>("URL") { Description = "The artifact's http(s) URL." };
        url.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
            {
                result.AddError($"URL must be an absolute http or https URL, not '{text}'");
            }
        });
        var digest = new Option<string?>("--digest") { Description = "The expected digest (sha256:<hex>, sha384:, sha512:; bare hex is sha256). Required unless --no-digest is given." };
        var noDigest = new Option<bool>("--no-digest") { Description = "Fetch without an expected digest: the SHA-256 of the bytes served is computed and printed, not checked (all limits still apply)." };
        var destination = new Option<DirectoryInfo>("--dest") { Description = "The directory to extract into (replaced atomically on success).", Required = true };
        var maxDownload = NumberOption.Create("--max-download-bytes", "Largest artifact to download.", ArtifactFetchOptions.DefaultMaxDownloadBytes, 1, long.MaxValue);
        var maxExtracted = NumberOption.Create("--max-extracted-bytes", "Most bytes to extract in total.", ExtractionOptions.DefaultMaxExtractedBytes, 1, long.MaxValue);
        var maxFile = NumberOption.Create("--max-file-bytes", "Largest single file to extract.", ExtractionOptions.DefaultMaxFileBytes, 1, long.MaxValue);
        var maxEntries = NumberOption.Create("--max-entries", "Most entries the archive may have.", ExtractionOptions.DefaultMaxEntries, 1, int.MaxValue);
        var retries = NumberOption.Create("--retries", "Retries after transient failures (0 to 100).", 3, 0, 100);
        var skipLinks = new Option<bool>("--skip-links") { Description = "Leave symbolic and hard links out instead of refusing the archive." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --dest even when it is a non-empty directory no earlier fetch made (never /, the current directory or its parents)." };
        var progress = new Option<bool>("--progress") { Description = "Print download progress to stderr." };
        var timeout = DurationOption.Create("--timeout", "The most the whole fetch may take, retries included.", ArtifactFetchOptions.DefaultTimeout);
        var inactivity = DurationOption.Create("--inactivity-timeout", "How long the server may send nothing (also the window of the minimum rate, 1 KiB/s).", ArtifactFetchOptions.DefaultInactivityTimeout);
        var command = new Command("fetch", "Download URL, verify it against --digest while extracting (or, with --no-digest, compute its digest), and put its contents at --dest.")
        {
            url, digest, noDigest, destination, maxDownload, maxExtracted, maxFile, maxEntries, retries, skipLinks, overwrite, progress, timeout, inactivity,
        };
        // Skipping verification is an explicit choice: exactly one of --digest and --no-digest.
        command.Validators.Add(result =>
        {
            var hasDigest = result.GetResult(digest) is { Implicit: false };
            var skips = result.GetValue(noDigest);
            if (hasDigest == skips)
            {
                result.AddError(skips
                    ? "--digest and --no-digest cannot be used together"
                    : "--digest is required (or --no-digest to fetch without verifying)");
            }
        });
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async stdout =>
        {
            Digest? expected = null;
            if (!parseResult.GetValue(noDigest))
            {
                if (!Digest.TryParse(parseResult.GetValue(digest), out var parsed))
                {
                    throw new GitOpsException($"--digest: {parseResult.GetValue(digest)} is not a digest (sha256:<64 hex>)");
                }

                expected = parsed;
            }

            var stderr = parseResult.InvocationConfiguration.Error;
            var options = new ArtifactFetchOptions
            {
                MaxDownloadBytes = parseResult.GetValue(maxDownload),
                MaxRetryAttempts = parseResult.GetValue(retries),
                Timeout = parseResult.GetValue(timeout),
                InactivityTimeout = parseResult.GetValue(inactivity),
                Overwrite = parseResult.GetValue(overwrite),
                Extraction = new ExtractionOptions
                {
                    MaxExtractedBytes = parseResult.GetValue(maxExtracted),
                    MaxFileBytes = parseResult.GetValue(maxFile),
                    MaxEntries = parseResult.GetValue(maxEntries),
                    Links = parseResult.GetValue(skipLinks) ? LinkPolicy.Skip : LinkPolicy.Reject,
                },
                Progress = parseResult.GetValue(progress) ? new ProgressPrinter(stderr) : null,
            };
            var fetcher = new ArtifactFetcher();
            var source = new Uri(parseResult.GetValue(url)!);
            var into = parseResult.GetValue(destination)!.FullName;
            var result = expected is { } wanted
                ? await fetcher.FetchAsync(source, wanted, into, options, cancellationToken).ConfigureAwait(false)
                : await fetcher.FetchUnverifiedAsync(source, into, options, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync($"digest: {result.Digest} ({(result.Verified ? "verified" : "computed, not verified")})").ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"size: {result.Size}")).ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"extracted: {result.Files} files, {result.Directories} directories, {result.ExtractedBytes} bytes into {result.Directory}")).ConfigureAwait(false);
            if (result.SkippedLinks > 0)
            {
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"skipped: {result.SkippedLinks} links")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Prints each progress report as one line (reports come at most every 256 KiB).</summary>
    internal sealed class ProgressPrinter(TextWriter writer) : IProgress<FetchProgress>
    {
        public void Report(FetchProgress value)
        {
            var total = value.TotalBytes is { } t ? string.Create(CultureInfo.InvariantCulture, $" of {t}") : string.Empty;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  received {value.BytesReceived}{total} bytes (attempt {value.Attempt})"));
        }
    }
}
