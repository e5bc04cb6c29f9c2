using GitOps.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace GitOps.Core.Tests.Notifications;

[Parallelizable(ParallelScope.All)]
public sealed class NotificationDispatcherTests
{
    [Test]
    public async Task Every_event_reaches_every_provider_and_failures_are_results()
    {
        await using var good = await WebhookReceiver.StartAsync();
        await using var bad = await WebhookReceiver.StartAsync(Reply.Code(400, "no"));
        good.HandlerDelay = TimeSpan.FromMilliseconds(20);
        using var ok = new GenericWebhookProvider(new GenericWebhookOptions { Address = good.Address, Transport = ProviderTests.Quick() });
        using var failing = new SlackProvider(new SlackOptions { Address = bad.Address, Transport = ProviderTests.Quick() });
        var dispatcher = new NotificationDispatcher(new NotificationDispatcherOptions { MaxConcurrency = 2, MinIntervalPerProvider = TimeSpan.Zero });

        var results = new List<NotificationResult>();
        await foreach (var result in dispatcher.DispatchAsync(Events(6), [ok, failing]))
        {
            results.Add(result);
        }

        Assert.Multiple(() =>
        {
            Assert.That(results, Has.Count.EqualTo(12));
            Assert.That(results.Where(r => r.Provider == ok).Select(r => r.Delivered), Is.All.True);
            Assert.That(results.Where(r => r.Provider == failing).Select(r => r.Error), Is.All.TypeOf<NotificationException>());
            Assert.That(good.Requests.Select(r => r.BodyText).Order(), Is.EqualTo(Enumerable.Range(0, 6).Select(i => Event(i).ToJson()).Order()));
            Assert.That(good.MaxInFlight + bad.MaxInFlight, Is.LessThanOrEqualTo(2 + 1), "at most two sends at once (a receiver may see the next before the last finished writing)");
        });
    }

    [Test]
    public async Task Sends_to_one_provider_are_spaced_by_the_rate_limit()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Clock = time.GetUtcNow;
        using var provider = new GenericWebhookProvider(new GenericWebhookOptions { Address = receiver.Address, Transport = ProviderTests.Quick() });
        var dispatcher = new NotificationDispatcher(new NotificationDispatcherOptions { MaxConcurrency = 3, MinIntervalPerProvider = TimeSpan.FromSeconds(1) }, time);

        var run = Task.Run(async () =>
        {
            var n = 0;
            await foreach (var result in dispatcher.DispatchAsync(Events(3), [provider]))
            {
                Assert.That(result.Delivered, Is.True);
                n++;
            }

            return n;
        });
        // The clock moves only when told, so the gate cannot release a send early.
        var t0 = time.GetUtcNow();
        await WaitForAsync(() => receiver.Requests.Count == 1);
        time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(50);
        var stillOne = receiver.Requests.Count;
        time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitForAsync(() => receiver.Requests.Count == 2);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await run, Is.EqualTo(3));

        var arrivals = receiver.Requests.Select(r => r.At - t0).Order().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(stillOne, Is.EqualTo(1));
            Assert.That(arrivals, Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) }));
        });
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.That(condition(), Is.True, "condition not reached within 10 s");
    }

    private static FluxEvent Event(int i) => FluxEventTests.Sample with { Message = "event " + i };

    private static async IAsyncEnumerable<FluxEvent> Events(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return Event(i);
        }
    }
}
