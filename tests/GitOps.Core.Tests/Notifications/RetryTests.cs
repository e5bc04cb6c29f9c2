using System.Net;
using GitOps.Notifications;
using GitOps.Notifications.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Core.Tests.Notifications;

/// <summary>Faults at a real receiver, retried as notification-controller's go-retryablehttp client retries them.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class RetryTests
{
    [Test]
    public async Task Server_errors_resets_and_429_are_retried_with_the_same_bytes()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Reply.Code(500), Reply.Reset(), Reply.Code(429), Reply.Code(503, retryAfter: "0"), Reply.Ok());
        using var provider = new GenericWebhookProvider(new GenericWebhookOptions { Address = receiver.Address, HmacKey = [1, 2, 3], Transport = ProviderTests.Quick() });

        await provider.SendAsync(FluxEventTests.Sample);

        var requests = receiver.Requests.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(requests, Has.Length.EqualTo(5), "RetryMax 4: five attempts in all");
            Assert.That(requests.Select(r => r.BodyText), Is.All.EqualTo(FluxEventTests.SampleJson));
            Assert.That(requests.Select(r => r.Headers["X-Signature"]).Distinct().Count(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task After_five_failed_attempts_the_error_reads_as_Flux_and_masks_the_address()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Reply.Code(502, "bad gateway"));
        var address = new Uri(receiver.Address, "/hook?token=secret");
        using var provider = new GenericWebhookProvider(new GenericWebhookOptions { Address = address, Transport = ProviderTests.Quick() });

        var failure = Assert.ThrowsAsync<NotificationException>(() => provider.SendAsync(FluxEventTests.Sample));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Is.EqualTo($"postMessage failed: failed to execute request: POST http://127.0.0.1:{receiver.Address.Port}/*** giving up after 5 attempt(s): unexpected HTTP status 502 Bad Gateway"));
            Assert.That(failure.IsTransient, Is.True);
            Assert.That(failure.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(failure.Attempts, Is.EqualTo(5));
            Assert.That(receiver.Requests, Has.Count.EqualTo(5));
        });
    }

    [TestCase(400)]
    [TestCase(404)]
    [TestCase(501)]
    public async Task Client_errors_and_501_are_final_at_once(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync(Reply.Code(status, "nope"));
        using var provider = new GenericWebhookProvider(new GenericWebhookOptions { Address = receiver.Address, Transport = ProviderTests.Quick() });

        var failure = Assert.ThrowsAsync<NotificationException>(() => provider.SendAsync(FluxEventTests.Sample));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Is.EqualTo($"postMessage failed: request failed: request failed with status code {status}: nope"));
            Assert.That(failure.IsTransient, Is.False);
            Assert.That(receiver.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_hung_attempt_is_retried_when_an_attempt_timeout_is_set()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Reply.Hang(), Reply.Ok());
        var transport = ProviderTests.Quick();
        transport.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        using var provider = new GenericWebhookProvider(new GenericWebhookOptions { Address = receiver.Address, Transport = transport });

        await provider.SendAsync(FluxEventTests.Sample);

        Assert.That(receiver.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task The_overall_timeout_gives_up_with_context_deadline_exceeded()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Reply.Hang());
        var transport = ProviderTests.Quick();
        transport.Timeout = TimeSpan.FromMilliseconds(300);
        using var provider = new GenericWebhookProvider(new GenericWebhookOptions { Address = receiver.Address, Transport = transport });

        var failure = Assert.ThrowsAsync<NotificationException>(() => provider.SendAsync(FluxEventTests.Sample));

        Assert.That(failure!.Message, Does.EndWith("giving up after 1 attempt(s): context deadline exceeded"));
    }

    [Test]
    public async Task A_refused_connection_is_retried_then_reported()
    {
        var port = FreePort();
        using var provider = new GenericWebhookProvider(new GenericWebhookOptions { Address = new Uri($"http://127.0.0.1:{port}/hook"), Transport = ProviderTests.Quick() });

        var failure = Assert.ThrowsAsync<NotificationException>(() => provider.SendAsync(FluxEventTests.Sample));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Attempts, Is.EqualTo(5));
            Assert.That(failure.Message, Does.StartWith($"postMessage failed: failed to execute request: POST http://127.0.0.1:{port}/*** giving up after 5 attempt(s): "));
        });
    }

    [TestCase(0, 2000)]
    [TestCase(1, 4000)]
    [TestCase(2, 8000)]
    [TestCase(3, 16000)]
    [TestCase(4, 30000)]
    [TestCase(10, 30000)]
    public void Backoff_doubles_from_two_seconds_capped_at_thirty(int retry, int expectedMs)
    {
        var poster = new NotificationPoster(new HttpClient(), new NotificationTransportOptions(), TimeProvider.System, NullLogger.Instance);

        Assert.That(poster.Backoff(retry, null), Is.EqualTo(TimeSpan.FromMilliseconds(expectedMs)));
    }

    [Test]
    public void Retry_after_is_honoured_up_to_its_cap()
    {
        var poster = new NotificationPoster(new HttpClient(), new NotificationTransportOptions(), TimeProvider.System, NullLogger.Instance);

        Assert.Multiple(() =>
        {
            Assert.That(poster.Backoff(0, TimeSpan.FromSeconds(7)), Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(poster.Backoff(0, TimeSpan.FromSeconds(700)), Is.EqualTo(TimeSpan.FromSeconds(30)));
        });
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
