using System.Net;
using System.Security.Cryptography;
using System.Text;
using GitOps.ImageAutomation.Policies;
using GitOps.ImageAutomation.Setters;
using GitOps.Notifications;
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
/// Image automation on the sample app: a semver ImagePolicy picks the newest podinfo tag, the staging
/// overlay's <c>$imagepolicy</c> marker is rewritten, and the Flux event listing the new image is posted
/// (generic-hmac) to a webhook receiver on 127.0.0.1 that checks the signature.
/// </summary>
internal sealed class ImageAutomationStep : IDemoStep
{
    private static readonly string[] RegistryTags = ["6.6.3", "6.7.0", "6.7.1", "6.8.0", "6.8.0.sig", "7.0.0-rc.1", "latest"];

    public string Title => "Bump the staging image with an image policy and notify a webhook (HMAC-signed)";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var app = context.SampleApp ?? throw new InvalidOperationException("the sample app has not been written");
        var policy = ImagePolicy.SemVer("^6.7");
        var tag = policy.SelectLatestTag(TagExclusion.Default.Apply(RegistryTags));
        await context.ReportAsync($"policy semver ^6.7 over [{string.Join(", ", RegistryTags)}] picks {tag}").ConfigureAwait(false);

        // A copy, so the sample app stays as written for the other steps and for comparison.
        var copy = Path.Combine(context.WorkDirectory.FullName, "automation", "app");
        foreach (var file in Directory.GetFiles(app.FullName, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(app.FullName, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        var latest = new ImagePolicyResult("flux-system", "podinfo", new ImageRef("ghcr.io/stefanprodan/podinfo", tag));
        var result = await new ImageSetters().ApplyAsync(copy, [latest], cancellationToken).ConfigureAwait(false);
        foreach (var file in result.Files)
        {
            foreach (var change in file.Objects.SelectMany(o => o.Changes))
            {
                await context.ReportAsync($"{file.Path}: {change.Setter}: {change.OldValue} -> {change.NewValue}").ConfigureAwait(false);
            }
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var receiver = await Receiver.StartAsync(key, cancellationToken).ConfigureAwait(false);
        await using (receiver.ConfigureAwait(false))
        {
            using var hook = new GenericWebhookProvider(new GenericWebhookOptions { Address = receiver.Address, HmacKey = key });
            var notification = new FluxEvent
            {
                InvolvedObject = new EventObjectReference("ImageUpdateAutomation", "flux-system", "podinfo") { ApiVersion = "image.toolkit.fluxcd.io/v1" },
                Severity = EventSeverity.Info,
                Timestamp = DateTimeOffset.UtcNow,
                Reason = "Succeeded",
                Message = $"updated {result.Files.Count} file(s) with {string.Join(", ", result.UpdatedImages)}",
                Metadata = new Dictionary<string, string> { ["image.toolkit.fluxcd.io/updated-images"] = string.Join('\n', result.UpdatedImages) },
                ReportingController = "image-automation-controller",
            };
            await hook.SendAsync(notification, cancellationToken).ConfigureAwait(false);
            await context.ReportAsync($"posted the event to {receiver.Address}: the receiver verified X-Signature {receiver.LastSignature}").ConfigureAwait(false);
        }
    }

    /// <summary>A webhook receiver that answers 401 unless the body's HMAC-SHA256 matches <c>X-Signature</c>.</summary>
    private sealed class Receiver(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public string? LastSignature { get; private set; }

        public static async Task<Receiver> StartAsync(byte[] key, CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var web = builder.Build();
            Receiver? receiver = null;
            web.Run(async http =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
                var expected = GenericWebhookProvider.Sign(body.ToArray(), key);
                var given = http.Request.Headers["X-Signature"].ToString();
                var valid = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));
                receiver!.LastSignature = valid ? given[..Math.Min(given.Length, 19)] + "…" : null;
                http.Response.StatusCode = valid ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized;
            });
            await web.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = web.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            receiver = new Receiver(web, new Uri(address.TrimEnd('/') + "/hooks/flux"));
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
