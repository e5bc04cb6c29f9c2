using System.Security.Cryptography;
using System.Text;
using GitOps.Notifications;

namespace GitOps.Core.Tests.Notifications;

/// <summary>Each provider against a real receiver on 127.0.0.1: the exact bytes, headers and signatures sent.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class ProviderTests
{
    internal static NotificationTransportOptions Quick() => new()
    {
        RetryWaitMin = TimeSpan.FromMilliseconds(5),
        RetryWaitMax = TimeSpan.FromMilliseconds(20),
        MaxRetryAfter = TimeSpan.FromMilliseconds(20),
        Timeout = TimeSpan.FromSeconds(20),
    };

    [Test]
    public async Task Generic_posts_the_exact_event_json_with_Flux_headers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var options = new GenericWebhookOptions { Address = receiver.Address, Transport = Quick() };
        options.Headers["Authorization"] = "Bearer from-secret";
        options.Headers["X-Team"] = "platform";
        using var provider = new GenericWebhookProvider(options);

        await provider.SendAsync(FluxEventTests.Sample);

        var request = receiver.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(provider.Type, Is.EqualTo("generic"));
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Body, Is.EqualTo(Encoding.UTF8.GetBytes(FluxEventTests.SampleJson)));
            Assert.That(request.Headers["Content-Type"], Is.EqualTo("application/json"));
            Assert.That(request.Headers["gotk-component"], Is.EqualTo("kustomize-controller"));
            Assert.That(request.Headers["Authorization"], Is.EqualTo("Bearer from-secret"));
            Assert.That(request.Headers["X-Team"], Is.EqualTo("platform"));
            Assert.That(request.Headers.ContainsKey("X-Signature"), Is.False);
        });
    }

    [Test]
    public async Task Generic_hmac_signs_the_exact_body_with_sha256()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var key = Encoding.UTF8.GetBytes("s3cr3t");
        using var provider = new GenericWebhookProvider(new GenericWebhookOptions { Address = receiver.Address, HmacKey = key, Transport = Quick() });

        await provider.SendAsync(FluxEventTests.Sample);

        var request = receiver.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(provider.Type, Is.EqualTo("generic-hmac"));
            // openssl dgst -sha256 -hmac s3cr3t over the golden body.
            Assert.That(request.Headers["X-Signature"], Is.EqualTo("sha256=d45e423724d30ecd1720f0cead8b0338db8c840f7d655d56d6868eef032103c3"));
            Assert.That(request.Headers["X-Signature"], Is.EqualTo("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, request.Body))));
        });
    }

    [Test]
    public void An_empty_hmac_key_is_refused_as_Flux_refuses_it() =>
        Assert.That(
            () => new GenericWebhookProvider(new GenericWebhookOptions { Address = new Uri("http://127.0.0.1:1/"), HmacKey = [] }),
            Throws.ArgumentException.With.Message.StartsWith("HMAC key is empty"));

    [Test]
    public async Task Slack_webhook_gets_Flux_attachment_payload()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Reply.Ok("{\"ok\":false,\"error\":\"ignored for webhooks\"}"));
        using var provider = new SlackProvider(new SlackOptions { Address = receiver.Address, Channel = "#ops", Transport = Quick() });

        await provider.SendAsync(FluxEventTests.Sample);

        var request = receiver.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.BodyText, Is.EqualTo("""
                {"channel":"#ops","username":"kustomize-controller","icon_url":"","icon_emoji":"","attachments":[{"color":"danger","author_name":"kustomization/webapp.apps","text":"Health check failed \u003cafter\u003e 5s \u0026 \"retries\"\nnext: ü ☃","mrkdwn_in":["text"],"fields":[{"title":"kustomize.toolkit.fluxcd.io/a\u003cb","value":"x","short":false},{"title":"revision","value":"main@sha1:abc","short":false}]}]}
                """));
            Assert.That(request.Headers["Content-Type"], Is.EqualTo("application/json"));
            Assert.That(request.Headers.ContainsKey("Authorization"), Is.False);
        });
    }

    [Test]
    public async Task Slack_info_events_are_good_and_empty_metadata_gives_empty_fields()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var provider = new SlackProvider(new SlackOptions { Address = receiver.Address, Username = "flux", Transport = Quick() });

        await provider.SendAsync(FluxEventTests.Sample with { Severity = EventSeverity.Info, Metadata = null, Message = "ok" });

        Assert.That(receiver.Requests.Single().BodyText, Is.EqualTo("""
            {"channel":"","username":"flux","icon_url":"","icon_emoji":"","attachments":[{"color":"good","author_name":"kustomization/webapp.apps","text":"ok","mrkdwn_in":["text"],"fields":[]}]}
            """));
    }

    [Test]
    public async Task Slack_bot_sends_the_bearer_token_and_treats_ok_false_as_a_failure()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Reply.Ok("{\"ok\":false,\"error\":\"invalid_auth\"}"), Reply.Ok("{\"ok\":true,\"ts\":\"1\"}"));
        using var provider = new SlackProvider(new SlackOptions { Address = receiver.Address, Token = "xoxb-secret", ValidateChatPostMessageResponse = true, Transport = Quick() });

        var failure = Assert.ThrowsAsync<NotificationException>(() => provider.SendAsync(FluxEventTests.Sample));
        await provider.SendAsync(FluxEventTests.Sample);

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Is.EqualTo("postMessage failed: request failed: Slack responded with error: invalid_auth"));
            Assert.That(failure.Message, Does.Not.Contain("xoxb-secret"));
            Assert.That(failure.Attempts, Is.EqualTo(1), "a 200 with ok:false is not retried");
            Assert.That(receiver.Requests.Select(r => r.Headers["Authorization"]), Is.All.EqualTo("Bearer xoxb-secret"));
            Assert.That(receiver.Requests, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task A_proxy_receives_the_request_for_the_real_address()
    {
        await using var proxy = await WebhookReceiver.StartAsync();
        var transport = Quick();
        transport.Proxy = new Uri(proxy.Address.GetLeftPart(UriPartial.Authority));
        using var provider = new GenericWebhookProvider(new GenericWebhookOptions { Address = new Uri("http://receiver.invalid/hook"), Transport = transport });

        await provider.SendAsync(FluxEventTests.Sample);

        var request = proxy.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Host, Is.EqualTo("receiver.invalid"));
            Assert.That(request.BodyText, Is.EqualTo(FluxEventTests.SampleJson));
        });
    }
}
