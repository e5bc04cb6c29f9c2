using System.Collections.Concurrent;
using GitOps.Notifications;
using GitOps.Notifications.Internal;
using GitOps.Testing.Http;
using Microsoft.AspNetCore.Http;

namespace GitOps.Core.Tests.Notifications;

/// <summary>
/// The msteams, discord, github and gitlab providers against real receivers on 127.0.0.1 (Kestrel): exact bodies,
/// paths and headers as notification-controller's teams.go, discord.go, github.go, gitlab.go and util.go make them.
/// </summary>
public sealed class ChatAndCommitStatusProviderTests
{
    private const string Sha = "5394cb7f48332b2de7c17dd8b8384bbc84b7e738";

    private static readonly FluxEvent Applied = FluxEventTests.Sample with
    {
        Severity = EventSeverity.Info,
        Reason = "ReconciliationSucceeded",
        Message = "Applied revision",
        Metadata = new Dictionary<string, string> { ["revision"] = "main@sha1:" + Sha, ["summary"] = "prod <eu>", ["commit_status"] = "update" },
    };

    [Test]
    public async Task Teams_gets_the_adaptive_card_with_summary_first_and_errors_in_attention_colour()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var provider = new MSTeamsProvider(new MSTeamsOptions { Address = receiver.Address, Transport = ProviderTests.Quick() });

        await provider.SendAsync(FluxEventTests.Sample with { Metadata = new Dictionary<string, string> { ["zeta"] = "z", ["summary"] = "prod", ["alpha"] = "a" } });
        await provider.SendAsync(FluxEventTests.Sample with { Severity = EventSeverity.Info, Message = string.Empty, Metadata = null });

        var requests = receiver.Requests.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(requests[0].BodyText, Is.EqualTo("""
                {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"1.4","body":[{"type":"Container","items":[{"type":"TextBlock","text":"kustomization/webapp.apps","size":"large","weight":"bolder","wrap":true},{"type":"TextBlock","text":"Health check failed \u003cafter\u003e 5s \u0026 \"retries\"\nnext: ü ☃","color":"attention","wrap":true},{"type":"FactSet","facts":[{"title":"summary","value":"prod"},{"title":"alpha","value":"a"},{"title":"zeta","value":"z"}]}]}],"msteams":{"width":"Full"}}}]}
                """));
            Assert.That(requests[1].BodyText, Is.EqualTo("""
                {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"1.4","body":[{"type":"Container","items":[{"type":"TextBlock","text":"kustomization/webapp.apps","size":"large","weight":"bolder","wrap":true},{"type":"TextBlock","wrap":true},{"type":"FactSet"}]}],"msteams":{"width":"Full"}}}]}
                """), "omitempty drops an empty text and empty facts");
            Assert.That(requests[0].Headers["Content-Type"], Is.EqualTo("application/json"));
        });
    }

    [Test]
    public void Teams_connector_urls_get_the_legacy_message_card()
    {
        using var provider = new MSTeamsProvider(new MSTeamsOptions { Address = new Uri("https://contoso.webhook.office.com/webhookb2/x") });

        Assert.That(provider.BuildPayload(FluxEventTests.Sample), Is.EqualTo("""
            {"@type":"MessageCard","@context":"http://schema.org/extensions","themeColor":"FF0000","summary":"kustomization/webapp.apps","sections":[{"activityTitle":"Health check failed \u003cafter\u003e 5s \u0026 \"retries\"\nnext: ü ☃","activitySubtitle":"kustomization/webapp.apps","facts":[{"name":"kustomize.toolkit.fluxcd.io/a\u003cb","value":"x"},{"name":"revision","value":"main@sha1:abc"}]}]}
            """));
    }

    [Test]
    public async Task Discord_posts_the_slack_payload_without_channel_to_the_slack_endpoint()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        var bodies = new ConcurrentQueue<string>();
        server.MapHandler("/api/webhooks/1/tok/slack", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            bodies.Enqueue(await reader.ReadToEndAsync());
        });
        using var provider = new DiscordProvider(new DiscordOptions { Address = server.Url("/api/webhooks/1/tok"), Transport = ProviderTests.Quick() });
        using var already = new DiscordProvider(new DiscordOptions { Address = server.Url("/api/webhooks/1/tok/slack"), Username = "flux", Transport = ProviderTests.Quick() });

        await provider.SendAsync(FluxEventTests.Sample);
        await already.SendAsync(FluxEventTests.Sample with { Metadata = null, Severity = EventSeverity.Info });

        Assert.That(bodies.ToArray(), Is.EqualTo(new[]
        {
            """{"channel":"","username":"kustomize-controller","icon_url":"","icon_emoji":"","attachments":[{"color":"danger","author_name":"kustomization/webapp.apps","text":"Health check failed \u003cafter\u003e 5s \u0026 \"retries\"\nnext: ü ☃","mrkdwn_in":["text"],"fields":[{"title":"kustomize.toolkit.fluxcd.io/a\u003cb","value":"x","short":false},{"title":"revision","value":"main@sha1:abc","short":false}]}]}""",
            """{"channel":"","username":"flux","icon_url":"","icon_emoji":"","attachments":[{"color":"good","author_name":"kustomization/webapp.apps","text":"Health check failed \u003cafter\u003e 5s \u0026 \"retries\"\nnext: ü ☃","mrkdwn_in":["text"],"fields":[]}]}""",
        }));
    }

    [Test]
    public async Task GitHub_enterprise_lists_then_creates_the_commit_status()
    {
        await using var api = await StatusApi.StartAsync($"/api/v3/repos/org/app/commits/{Sha}/statuses", "[]", $"/api/v3/repos/org/app/statuses/{Sha}");
        using var provider = new GitHubCommitStatusProvider(new CommitStatusOptions { Address = api.Server.Url("/org/app.git").ToString(), Token = "ghp-secret", ProviderUid = "0c9c2e41-d2f9-4f9b-9c41-7a4e0e6c8f1a" });

        await provider.SendAsync(Applied);

        var requests = api.Requests.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(requests.Select(r => r.Method + " " + r.PathAndQuery), Is.EqualTo(new[]
            {
                $"GET /api/v3/repos/org/app/commits/{Sha}/statuses?per_page=50",
                $"POST /api/v3/repos/org/app/statuses/{Sha}",
            }));
            Assert.That(requests[1].Body, Is.EqualTo("""{"state":"success","description":"reconciliation succeeded","context":"kustomization/webapp/0c9c2e41"}"""));
            Assert.That(requests.Select(r => r.Authorization), Is.All.EqualTo("Bearer ghp-secret"));
            Assert.That(requests[1].ContentType, Is.EqualTo("application/json"));
        });
    }

    [Test]
    public async Task GitHub_skips_a_status_whose_latest_entry_already_says_the_same()
    {
        var listed = """[{"context":"kustomization/webapp/0c9c2e41","state":"success","description":"reconciliation succeeded"},{"context":"kustomization/webapp/0c9c2e41","state":"failure","description":"older"}]""";
        await using var api = await StatusApi.StartAsync($"/api/v3/repos/org/app/commits/{Sha}/statuses", listed, $"/api/v3/repos/org/app/statuses/{Sha}");
        using var provider = new GitHubCommitStatusProvider(new CommitStatusOptions { Address = api.Server.Url("/org/app").ToString(), Token = "t", ProviderUid = "0c9c2e41-x" });

        await provider.SendAsync(Applied);
        await provider.SendAsync(Applied with { Severity = EventSeverity.Error, Reason = "HealthCheckFailed" });
        await provider.SendAsync(Applied with { Reason = "Progressing" });

        Assert.That(api.Requests.Select(r => r.Method + " " + r.Body), Is.EqualTo(new[]
        {
            "GET ",
            "GET ",
            """POST {"state":"failure","description":"health check failed","context":"kustomization/webapp/0c9c2e41"}""",
        }), "the duplicate is skipped, a changed state is created, Progressing sends nothing");
    }

    [Test]
    public async Task GitLab_lists_by_name_then_sets_the_status_on_the_url_encoded_project()
    {
        await using var api = await StatusApi.StartAsync($"/api/v4/projects/group%2Fsub%2Fapp/repository/commits/{Sha}/statuses", "[]", $"/api/v4/projects/group%2Fsub%2Fapp/statuses/{Sha}");
        using var provider = new GitLabCommitStatusProvider(new CommitStatusOptions { Address = api.Server.Url("/group/sub/app.git").ToString(), Token = "glpat-secret", ProviderUid = "0c9c2e41-d2f9" });

        await provider.SendAsync(Applied with { Severity = EventSeverity.Error, Reason = "BuildFailed" });

        var requests = api.Requests.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(requests.Select(r => r.Method + " " + r.PathAndQuery), Is.EqualTo(new[]
            {
                $"GET /api/v4/projects/group%2Fsub%2Fapp/repository/commits/{Sha}/statuses?name=kustomization%2Fwebapp%2F0c9c2e41",
                $"POST /api/v4/projects/group%2Fsub%2Fapp/statuses/{Sha}",
            }));
            Assert.That(requests[1].Body, Is.EqualTo("""{"state":"failed","name":"kustomization/webapp/0c9c2e41","description":"build failed"}"""));
            Assert.That(requests.Select(r => r.PrivateToken), Is.All.EqualTo("glpat-secret"));
        });
    }

    [Test]
    public async Task GitLab_skips_a_status_it_already_holds()
    {
        var listed = $$"""[{"sha":"{{Sha}}","status":"success","name":"kustomization/webapp/0c9c2e41","description":"reconciliation succeeded"}]""";
        await using var api = await StatusApi.StartAsync($"/api/v4/projects/org%2Fapp/repository/commits/{Sha}/statuses", listed, $"/api/v4/projects/org%2Fapp/statuses/{Sha}");
        using var provider = new GitLabCommitStatusProvider(new CommitStatusOptions { Address = api.Server.Url("/org/app").ToString(), Token = "t", ProviderUid = "0c9c2e41" });

        await provider.SendAsync(Applied);

        Assert.That(api.Requests.Select(r => r.Method), Is.EqualTo(new[] { "GET" }));
    }

    [Test]
    public async Task A_refused_status_is_an_error_that_does_not_show_the_token()
    {
        await using var api = await StatusApi.StartAsync($"/api/v3/repos/org/app/commits/{Sha}/statuses", "[]", $"/api/v3/repos/org/app/statuses/{Sha}", createStatus: 422);
        using var provider = new GitHubCommitStatusProvider(new CommitStatusOptions { Address = api.Server.Url("/org/app").ToString(), Token = "ghp-secret", ProviderUid = "u" });

        var error = Assert.ThrowsAsync<NotificationException>(() => provider.SendAsync(Applied));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.StartWith("could not create commit status: POST http://127.0.0.1:").And.Contain("/***: 422 {\"message\":\"Validation Failed\"}"));
            Assert.That(error.Message, Does.Not.Contain("ghp-secret"));
            Assert.That(error.IsTransient, Is.False);
        });
    }

    [TestCase("main@sha1:" + Sha, Sha)]
    [TestCase("feature/x@sha1:" + Sha, Sha)]
    [TestCase("sha1:" + Sha, Sha)]
    [TestCase("main/" + Sha, Sha)]
    [TestCase(Sha, Sha)]
    [TestCase("v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Revisions_give_their_commit_hash(string revision, string hash) =>
        Assert.That(CommitStatusRules.CommitHash(revision), Is.EqualTo(hash));

    [TestCase("main@sha1:abc")]
    [TestCase("latest")]
    public void A_revision_without_a_commit_hash_is_refused(string revision) =>
        Assert.That(() => CommitStatusRules.CommitHash(revision), Throws.TypeOf<NotificationException>().With.Message.EqualTo($"failed to extract commit hash from '{revision}' revision"));

    [Test]
    public void An_event_without_revision_metadata_is_refused()
    {
        using var provider = new GitHubCommitStatusProvider(new CommitStatusOptions { Address = "https://github.com/org/app", Token = "t", ProviderUid = "u" });

        Assert.That(() => provider.SendAsync(Applied with { Metadata = null }), Throws.TypeOf<NotificationException>().With.Message.EqualTo("missing revision metadata"));
    }

    [TestCase("ReconciliationSucceeded", "reconciliation succeeded")]
    [TestCase("PDFLoader", "pdf loader")]
    [TestCase("HealthCheckFailed", "health check failed")]
    [TestCase("ArtifactUpToDate2", "artifact up to date 2")]
    [TestCase("lowerCase", "lower case")]
    [TestCase("", "")]
    public void Descriptions_split_the_reason_at_camel_case(string reason, string description) =>
        Assert.That(CommitStatusRules.Description(reason), Is.EqualTo(description));

    [TestCase("https://github.com/org/app", "https://github.com/", "org/app")]
    [TestCase("https://github.com/org/app.git", "https://github.com/", "org/app")]
    [TestCase("ssh://git@github.com/org/app", "https://github.com/", "org/app")]
    [TestCase("git@gitlab.example:group/sub/app.git", "https://gitlab.example/", "group/sub/app")]
    [TestCase("http://127.0.0.1:8080/org/app", "http://127.0.0.1:8080/", "org/app")]
    public void Addresses_read_as_git_urls_reads_them(string address, string host, string id) =>
        Assert.That(CommitStatusRules.ParseAddress(address), Is.EqualTo((new Uri(host), id)));

    [Test]
    public void A_github_address_that_is_not_owner_and_repository_is_refused() =>
        Assert.That(
            () => new GitHubCommitStatusProvider(new CommitStatusOptions { Address = "https://github.com/org/sub/app", Token = "t", ProviderUid = "u" }),
            Throws.ArgumentException.With.Message.StartsWith("invalid repository id \"org/sub/app\""));

    [Test]
    public void A_token_is_required_as_Flux_requires_it() =>
        Assert.That(
            () => new GitLabCommitStatusProvider(new CommitStatusOptions { Address = "https://gitlab.com/org/app", ProviderUid = "u" }),
            Throws.ArgumentException.With.Message.StartsWith("a token is required"));

    /// <summary>A Kestrel stand-in for the two API routes: the status list (answering <c>listed</c>) and the status creation.</summary>
    private sealed class StatusApi : IAsyncDisposable
    {
        private StatusApi(LoopbackHttpServer server) => Server = server;

        public LoopbackHttpServer Server { get; }

        public ConcurrentQueue<ApiRequest> Requests { get; } = new();

        public static async Task<StatusApi> StartAsync(string listPath, string listed, string createPath, int createStatus = 201)
        {
            var api = new StatusApi(await LoopbackHttpServer.StartAsync());
            api.Server.MapHandler(listPath, async context =>
            {
                await api.RecordAsync(context);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(listed);
            });
            api.Server.MapHandler(createPath, async context =>
            {
                await api.RecordAsync(context);
                context.Response.StatusCode = createStatus;
                await context.Response.WriteAsync(createStatus == 201 ? "{}" : "{\"message\":\"Validation Failed\"}");
            });
            return api;
        }

        public ValueTask DisposeAsync() => Server.DisposeAsync();

        private async Task RecordAsync(HttpContext context)
        {
            using var reader = new StreamReader(context.Request.Body);
            Requests.Enqueue(new ApiRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                await reader.ReadToEndAsync(),
                context.Request.Headers.Authorization.ToString(),
                context.Request.Headers["PRIVATE-TOKEN"].ToString(),
                context.Request.ContentType ?? string.Empty));
        }
    }

    private sealed record ApiRequest(string Method, string PathAndQuery, string Body, string Authorization, string PrivateToken, string ContentType);
}
