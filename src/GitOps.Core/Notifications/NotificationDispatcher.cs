using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace GitOps.Notifications;

/// <summary>
/// Sends a stream of events to several providers with bounded concurrency and a rate limit per provider,
/// yielding one <see cref="NotificationResult"/> per event and provider as each completes. A failed send is a
/// result, not an exception; only cancellation ends the stream early.
/// </summary>
public sealed class NotificationDispatcher
{
    private readonly NotificationDispatcherOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a dispatcher.</summary>
    /// <param name="options">Concurrency and rate limits; defaults when null.</param>
    /// <param name="timeProvider">The clock for the rate limit; the system's when null.</param>
    public NotificationDispatcher(NotificationDispatcherOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new NotificationDispatcherOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Sends every event of <paramref name="events"/> to every provider of <paramref name="providers"/>.</summary>
    /// <param name="events">The events, read as they come (at most <see cref="NotificationDispatcherOptions.MaxConcurrency"/> sends are pending).</param>
    /// <param name="providers">The receivers.</param>
    /// <param name="cancellationToken">Stops reading and sending.</param>
    public async IAsyncEnumerable<NotificationResult> DispatchAsync(
        IAsyncEnumerable<FluxEvent> events,
        IReadOnlyList<INotificationProvider> providers,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(providers);
        var results = Channel.CreateBounded<NotificationResult>(_options.MaxConcurrency);
        using var slots = new SemaphoreSlim(_options.MaxConcurrency);
        var gates = providers.Select(_ => new RateGate(_options.MinIntervalPerProvider, _time)).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = ProduceAsync(events, providers, gates, slots, results.Writer, stop.Token);
        await foreach (var result in results.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return result;
        }

        await producer.ConfigureAwait(false);
    }

    private static async Task ProduceAsync(
        IAsyncEnumerable<FluxEvent> events,
        IReadOnlyList<INotificationProvider> providers,
        RateGate[] gates,
        SemaphoreSlim slots,
        ChannelWriter<NotificationResult> writer,
        CancellationToken cancellationToken)
    {
        var running = new List<Task>();
        Exception? failure = null;
        try
        {
            await foreach (var notification in events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < providers.Count; i++)
                {
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    running.Add(SendOneAsync(notification, providers[i], gates[i], slots, writer, cancellationToken));
                }

                running.RemoveAll(t => t.IsCompleted);
            }

            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }

    private static async Task SendOneAsync(FluxEvent notification, INotificationProvider provider, RateGate gate, SemaphoreSlim slots, ChannelWriter<NotificationResult> writer, CancellationToken cancellationToken)
    {
        try
        {
            GitOpsException? error = null;
            try
            {
                await gate.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
                await provider.SendAsync(notification, cancellationToken).ConfigureAwait(false);
            }
            catch (GitOpsException ex)
            {
                error = ex;
            }

            await writer.WriteAsync(new NotificationResult(notification, provider, error), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Spaces the starts of sends to one provider at least an interval apart.</summary>
    private sealed class RateGate(TimeSpan interval, TimeProvider time)
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _next = DateTimeOffset.MinValue;

        public Task WaitTurnAsync(CancellationToken cancellationToken)
        {
            if (interval == TimeSpan.Zero)
            {
                return Task.CompletedTask;
            }

            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                var slot = _next > now ? _next : now;
                _next = slot + interval;
                wait = slot - now;
            }

            return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, time, cancellationToken);
        }
    }
}
