using System.Globalization;
using System.Net;
using GitOps.Artifacts.Fetch;
using GitOps.Artifacts.Packaging;
using GitOps.Cli.Commands;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOps.Cli.Demo;

/// <summary>
/// Packs the sample app into a reproducible artifact, serves it from Kestrel on 127.0.0.1 (an ephemeral
/// port), and fetches it back: verified against its digest while it streams, extracted safely, swapped
/// into place.
/// </summary>
internal sealed class ArtifactRoundTripStep : IDemoStep
{
    public string Title => "Pack the sample app into an artifact, serve it over HTTP, fetch, verify and extract it";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var source = context.SampleApp ?? throw new InvalidOperationException("the sample app has not been written");
        var artifactPath = Path.Combine(context.WorkDirectory.FullName, "artifacts", "app.tar.gz");
        var artifact = await new ArtifactPackager().PackAsync(source.FullName, artifactPath, cancellationToken: cancellationToken).ConfigureAwait(false);
        context.SampleArtifact = artifact;
        await context.ReportAsync(string.Create(CultureInfo.InvariantCulture, $"packed {source.Name}/ into artifacts/app.tar.gz: {artifact.Size} bytes, {artifact.Digest}")).ConfigureAwait(false);

        var server = await StartServerAsync(artifactPath, cancellationToken).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            await FetchAsync(context, server, artifact, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task FetchAsync(DemoContext context, ArtifactServer server, GitOps.Artifacts.Artifact artifact, CancellationToken cancellationToken)
    {
        var url = new Uri(server.BaseAddress, "artifacts/app.tar.gz");
        await context.ReportAsync($"serving it at {url}").ConfigureAwait(false);

        var destination = Path.Combine(context.WorkDirectory.FullName, "fetched", "app");
        var options = new ArtifactFetchOptions { Progress = new ArtifactCommand.ProgressPrinter(context.Output) };
        var result = await new ArtifactFetcher().FetchAsync(url, artifact.Digest, destination, options, cancellationToken).ConfigureAwait(false);
        context.FetchedApp = new DirectoryInfo(result.Directory);
        await context.ReportAsync(string.Create(CultureInfo.InvariantCulture, $"fetched and verified {result.Digest}")).ConfigureAwait(false);
        await context.ReportAsync(string.Create(CultureInfo.InvariantCulture, $"extracted {result.Files} files, {result.Directories} directories, {result.ExtractedBytes} bytes into fetched/app")).ConfigureAwait(false);
    }

    private static async Task<ArtifactServer> StartServerAsync(string artifactPath, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/artifacts/app.tar.gz", () => Results.File(artifactPath, "application/gzip"));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new ArtifactServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private sealed class ArtifactServer(WebApplication app, Uri baseAddress) : IAsyncDisposable
    {
        public Uri BaseAddress { get; } = baseAddress;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
