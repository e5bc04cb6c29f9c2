using System.Security.Cryptography;
using System.Text;
using GitOps.Testing.Http;
using Microsoft.AspNetCore.Http;

namespace GitOps.Cli.Tests;

public sealed class NotifyCommandTests
{
    [Test]
    public async Task Notify_posts_a_signed_event_to_a_real_receiver()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        byte[]? body = null;
        string? signature = null;
        server.MapHandler("/hook", async context =>
        {
            using var copy = new MemoryStream();
            await context.Request.Body.CopyToAsync(copy);
            body = copy.ToArray();
            signature = context.Request.Headers["X-Signature"].ToString();
        });

        var run = await CliRun.RunAsync(
            "notify", "--provider", "generic-hmac", "--address", server.Url("/hook").ToString(), "--token", "k3y",
            "--object", "Kustomization/apps/web", "--reason", "ReconciliationSucceeded", "--message", "applied <3>", "--metadata", "revision=main@sha1:abc");

        var json = Encoding.UTF8.GetString(body!);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(run.Output, Does.StartWith("delivered ReconciliationSucceeded for Kustomization/apps/web to generic-hmac http://127.0.0.1:"));
            Assert.That(run.Output, Does.Not.Contain("k3y"));
            Assert.That(signature, Is.EqualTo("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("k3y"u8, body))));
            Assert.That(json, Does.StartWith("{\"involvedObject\":{\"kind\":\"Kustomization\",\"namespace\":\"apps\",\"name\":\"web\"},\"severity\":\"info\",\"timestamp\":\""));
            Assert.That(json, Does.EndWith("\"message\":\"applied \\u003c3\\u003e\",\"reason\":\"ReconciliationSucceeded\",\"metadata\":{\"revision\":\"main@sha1:abc\"},\"reportingController\":\"gitops\"}"));
        });
    }

    [Test]
    public async Task Notify_sets_a_github_commit_status_without_printing_the_token()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        const string Sha = "5394cb7f48332b2de7c17dd8b8384bbc84b7e738";
        string? created = null;
        server.MapHandler($"/api/v3/repos/org/app/commits/{Sha}/statuses", context => context.Response.WriteAsync("[]"));
        server.MapHandler($"/api/v3/repos/org/app/statuses/{Sha}", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            created = await reader.ReadToEndAsync();
            context.Response.StatusCode = 201;
        });

        var run = await CliRun.RunAsync(
            "notify", "--provider", "github", "--address", server.Url("/org/app").ToString(), "--token", "ghp-s3cret", "--provider-uid", "0c9c2e41-aaaa",
            "--object", "Kustomization/apps/web", "--reason", "ReconciliationSucceeded", "--message", "applied", "--metadata", "revision=main@sha1:" + Sha);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(created, Is.EqualTo("""{"state":"success","description":"reconciliation succeeded","context":"kustomization/web/0c9c2e41"}"""));
            Assert.That(run.Output + run.Error, Does.Not.Contain("ghp-s3cret"));
        });
    }

    [TestCase("--severity", "warning", "error: invalid --severity 'warning': expected info or error\n")]
    [TestCase("--provider", "teams", "error: unsupported --provider 'teams': expected generic, generic-hmac, slack, msteams, discord, github or gitlab\n")]
    [TestCase("--provider", "github", "error: github needs --token (the API token) and --provider-uid\n")]
    public async Task Notify_refuses_bad_input_in_one_line(string option, string value, string error)
    {
        var args = new List<string> { "notify", "--provider", "generic", "--address", "http://127.0.0.1:9/", "--object", "A/b/c", "--reason", "R", "--message", "M" };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var run = await CliRun.RunAsync([.. args]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Is.EqualTo(error));
        });
    }
}
