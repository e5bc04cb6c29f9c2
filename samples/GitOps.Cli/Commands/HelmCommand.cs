using System.CommandLine;
using System.Globalization;
using System.IO.Compression;
using GitOps.Helm.Charts;
using GitOps.Helm.Index;
using GitOps.Helm.Repositories;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops helm</c>: Helm repository indexes, version selection and verified chart pulls.</summary>
internal static class HelmCommand
{
    public static Command Create()
    {
        var command = new Command("helm", "Helm repositories: load indexes with Helm's rules, select versions as Helm does, pull verified charts.");
        command.Subcommands.Add(CreateResolve());
        command.Subcommands.Add(CreatePull());
        command.Subcommands.Add(CreateIndex());
        return command;
    }

    private static Command CreateResolve()
    {
        var index = new Argument<string>("INDEX") { Description = "An index file (index.yaml or JSON, optionally .gz) or a repository URL (http/https)." };
        var chart = new Argument<string>("CHART") { Description = "The chart name (its key in the index)." };
        var constraint = new Argument<string?>("CONSTRAINT") { Description = "A version or constraint (^1.2, ~1.2.3, >=1 <2, 1.x, ...); empty means the latest stable version.", Arity = ArgumentArity.ZeroOrOne };
        var devel = new Option<bool>("--devel") { Description = "Without a constraint, consider prereleases too (Helm's --devel, i.e. >0.0.0-0)." };
        var repoUrl = new Option<string?>("--repo-url") { Description = "The repository URL that relative chart URLs resolve against (default: the URL given as INDEX)." };
        var maxBytes = NumberOption.CreateOptional("--max-index-bytes", "Refuse indexes larger than this (default 50 MiB).", 1L, long.MaxValue);
        var network = new NetworkOptions();
        var command = new Command("resolve", "Print the chart version Helm would pick and its resolved download URL; exit 1 when nothing matches or the index is refused.")
        {
            index, chart, constraint, devel, repoUrl, maxBytes,
        };
        network.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async output =>
        {
            var source = parseResult.GetValue(index)!;
            var name = parseResult.GetValue(chart)!;
            var options = new HelmIndexOptions { ChartNames = new HashSet<string>(StringComparer.Ordinal) { name } };
            if (parseResult.GetValue(maxBytes) is { } max)
            {
                options.MaxIndexBytes = max;
            }

            var loaded = await LoadAsync(source, options, network.Repository(parseResult), cancellationToken).ConfigureAwait(false);
            var chosen = loaded.Select(name, parseResult.GetValue(constraint), parseResult.GetValue(devel));
            var baseUrl = parseResult.GetValue(repoUrl) ?? (IsUrl(source) ? source : null);
            var url = chosen.Urls.Count == 0 ? "(none)" : baseUrl is null ? chosen.Urls[0] : HelmChartUrl.Resolve(baseUrl, chosen.Urls[0]);
            await output.WriteLineAsync($"{chosen.Name} {chosen.Version}").ConfigureAwait(false);
            await output.WriteLineAsync($"url: {url}").ConfigureAwait(false);
            if (chosen.Digest is not null)
            {
                await output.WriteLineAsync($"digest: {chosen.Digest}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreatePull()
    {
        var repo = new Argument<string>("REPO_URL") { Description = "The repository URL (its index is REPO_URL/index.yaml), or oci://HOST[:PORT]/REPO/CHART for a chart in an OCI registry." };
        var chart = new Argument<string?>("CHART") { Description = "The chart name (for oci:// the chart is part of the reference, and this is the CONSTRAINT).", Arity = ArgumentArity.ZeroOrOne };
        var constraint = new Argument<string?>("CONSTRAINT") { Description = "A version or constraint; empty means the latest stable version.", Arity = ArgumentArity.ZeroOrOne };
        var dest = new Option<DirectoryInfo>("--dest") { Description = "Where to unpack the chart (replaced atomically).", Required = true };
        var devel = new Option<bool>("--devel") { Description = "Without a constraint, consider prereleases too." };
        var registry = new RegistryOptions(withTimeout: false);
        var network = new NetworkOptions();
        var command = new Command("pull", "Download a chart as 'helm pull --untar' would, verified against the index digest when the entry lists one (otherwise pulled as Helm pulls it and the computed digest printed; 10 MiB archive cap, 5 MiB per file); from oci:// verified by manifest and layer digest.")
        {
            repo, chart, constraint, dest, devel,
        };
        registry.AddTo(command);
        network.AddTo(command);
        command.Validators.Add(result =>
        {
            var isOci = HelmRepositoryClient.IsOci(result.GetValue(repo) ?? string.Empty);
            if (!isOci && result.GetValue(chart) is null)
            {
                result.AddError("CHART is required for an http(s) repository");
            }
            else if (isOci && result.GetValue(constraint) is not null)
            {
                result.AddError("for oci:// give the chart in the reference: gitops helm pull oci://HOST/REPO/CHART [CONSTRAINT]");
            }
        });
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async output =>
        {
            var url = parseResult.GetValue(repo)!;
            HelmChartDownload pulled;
            if (HelmRepositoryClient.IsOci(url))
            {
                if (!Oci.Registry.OciReference.TryParse(url, out var reference, out var error))
                {
                    throw new GitOpsException($"REPO_URL: {error}");
                }

                using var registryClient = new Oci.Registry.OciRegistryClient(registry.Build(parseResult, reference, network.Timeout(parseResult), network.InactivityTimeout(parseResult)));
                var client = new HelmRepositoryClient(ociRegistry: new Oci.Charts.OciHelmChartClient(registryClient));
                pulled = await client.PullOciAsync(url, parseResult.GetValue(chart), parseResult.GetValue(dest)!.FullName, parseResult.GetValue(devel), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var fetcher = new Artifacts.Fetch.ArtifactFetcher();
                var downloader = new HelmChartDownloader(fetcher, network.Charts(parseResult));
                pulled = await new HelmRepositoryClient(downloader: downloader, options: network.Repository(parseResult), fetcher: fetcher).PullAsync(
                    url,
                    parseResult.GetValue(chart)!,
                    parseResult.GetValue(constraint),
                    parseResult.GetValue(dest)!.FullName,
                    parseResult.GetValue(devel),
                    cancellationToken).ConfigureAwait(false);
            }

            await output.WriteLineAsync($"pulled {pulled.Metadata.Name} {pulled.Metadata.Version} from {NetworkOptions.Redact(pulled.Url)}").ConfigureAwait(false);
            var check = pulled.Verified ? "verified" : "computed; the index lists no digest, not verified";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"digest: {pulled.Digest} ({pulled.ArchiveBytes} bytes, {check})")).ConfigureAwait(false);
            await output.WriteLineAsync($"chart: {pulled.ChartDirectory}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateIndex()
    {
        var index = new Argument<string>("INDEX") { Description = "An index file (optionally .gz) or a repository URL." };
        var chart = new Option<string[]>("--chart") { Description = "Keep only these charts (all others are still checked)." };
        var maxBytes = NumberOption.CreateOptional("--max-index-bytes", "Refuse indexes larger than this (default 50 MiB).", 1L, long.MaxValue);
        var network = new NetworkOptions();
        var command = new Command("index", "Load an index with Helm's rules and print what it holds (charts, versions, dropped entries, digest).")
        {
            index, chart, maxBytes,
        };
        network.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async output =>
        {
            var options = new HelmIndexOptions();
            if (parseResult.GetValue(chart) is { Length: > 0 } names)
            {
                options.ChartNames = names.ToHashSet(StringComparer.Ordinal);
            }

            if (parseResult.GetValue(maxBytes) is { } max)
            {
                options.MaxIndexBytes = max;
            }

            var loaded = await LoadAsync(parseResult.GetValue(index)!, options, network.Repository(parseResult), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"apiVersion {loaded.ApiVersion}: {loaded.ChartNames.Count} charts, {loaded.VersionCount} versions, {loaded.SkippedEntryCount} entries dropped, {loaded.SizeBytes} bytes, {loaded.Digest}")).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static async Task<HelmIndex> LoadAsync(string source, HelmIndexOptions options, HelmRepositoryOptions network, CancellationToken cancellationToken)
    {
        var loader = new HelmIndexLoader(options);
        if (IsUrl(source))
        {
            return await new HelmRepositoryClient(loader: loader, options: network).GetIndexAsync(source, cancellationToken).ConfigureAwait(false);
        }

        var file = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            if (source.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                var gzip = new GZipStream(file, CompressionMode.Decompress);
                await using (gzip.ConfigureAwait(false))
                {
                    try
                    {
                        return await loader.LoadAsync(gzip, cancellationToken).ConfigureAwait(false);
                    }
                    catch (InvalidDataException ex)
                    {
                        throw new GitOpsException($"{source}: not a gzip file ({ex.Message})", ex);
                    }
                }
            }

            return await loader.LoadAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>The network options every <c>gitops helm</c> command that downloads takes: <c>--timeout</c>, <c>--inactivity-timeout</c>, <c>--retries</c>.</summary>
internal sealed class NetworkOptions
{
    private readonly Option<TimeSpan> _timeout = DurationOption.Create("--timeout", "The most each download (index, chart) may take, retries included.", Artifacts.Fetch.ArtifactFetchOptions.DefaultTimeout);
    private readonly Option<TimeSpan> _inactivity = DurationOption.Create("--inactivity-timeout", "How long the server may send nothing (also the window of the minimum rate, 1 KiB/s).", Artifacts.Fetch.ArtifactFetchOptions.DefaultInactivityTimeout);
    private readonly Option<int> _retries = NumberOption.Create("--retries", "Retries after transient failures (0 to 100).", 3, 0, 100);

    public NetworkOptions()
    {
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_timeout);
        command.Options.Add(_inactivity);
        command.Options.Add(_retries);
    }

    public TimeSpan Timeout(ParseResult parseResult) => parseResult.GetValue(_timeout);

    public TimeSpan InactivityTimeout(ParseResult parseResult) => parseResult.GetValue(_inactivity);

    public HelmRepositoryOptions Repository(ParseResult parseResult) => new()
    {
        Timeout = parseResult.GetValue(_timeout),
        InactivityTimeout = parseResult.GetValue(_inactivity),
        MaxRetryAttempts = parseResult.GetValue(_retries),
    };

    public HelmChartDownloadOptions Charts(ParseResult parseResult) => new()
    {
        Timeout = parseResult.GetValue(_timeout),
        InactivityTimeout = parseResult.GetValue(_inactivity),
        MaxRetryAttempts = parseResult.GetValue(_retries),
    };

    /// <summary>A URL for printing: user info and query values masked.</summary>
    public static string Redact(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.UserInfo.Length == 0 && url.Query.Length == 0))
        {
            return url.ToString();
        }

        var builder = new UriBuilder(url) { UserName = url.UserInfo.Length == 0 ? string.Empty : "***", Password = string.Empty };
        if (builder.Query.Length > 1)
        {
            builder.Query = "***";
        }

        return builder.Uri.ToString();
    }
}
