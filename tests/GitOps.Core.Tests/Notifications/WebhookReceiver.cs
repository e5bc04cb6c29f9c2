using System.Collections.Concurrent;
using GitOps.Testing.Http;
using Microsoft.AspNetCore.Http;

namespace GitOps.Core.Tests.Notifications;

/// <summary>
/// A real webhook receiver on 127.0.0.1 (Kestrel): records each request's exact body and headers and answers
/// with the scripted replies in turn (the last one repeats).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly Reply[] _replies;
    private int _count;
    private int _inFlight;
    private int _maxInFlight;

    private WebhookReceiver(LoopbackHttpServer server, Reply[] replies)
    {
        _server = server;
        _replies = replies.Length == 0 ? [Reply.Ok()] : replies;
        server.MapHandler("/hook", HandleAsync);
    }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public Uri Address => _server.Url("/hook");

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public Func<DateTimeOffset>? Clock { get; set; }

    public TimeSpan HandlerDelay { get; set; }

    public static async Task<WebhookReceiver> StartAsync(params Reply[] replies) =>
        new(await LoopbackHttpServer.StartAsync(), replies);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            int seen;
            while ((seen = Volatile.Read(ref _maxInFlight)) < inFlight && Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen) != seen)
            {
            }

            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            Requests.Enqueue(new ReceivedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Host.Value ?? string.Empty,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.ToArray(),
                Clock?.Invoke() ?? DateTimeOffset.UtcNow));
            if (HandlerDelay > TimeSpan.Zero)
            {
                await Task.Delay(HandlerDelay, context.RequestAborted);
            }

            var index = Interlocked.Increment(ref _count) - 1;
            var reply = _replies[Math.Min(index, _replies.Length - 1)];
            switch (reply.Kind)
            {
                case ReplyKind.Reset:
                    context.Abort();
                    return;
                case ReplyKind.Hang:
                    await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return;
                default:
                    context.Response.StatusCode = reply.Status;
                    if (reply.RetryAfter is { } after)
                    {
                        context.Response.Headers.RetryAfter = after;
                    }

                    if (reply.Body.Length > 0)
                    {
                        await context.Response.WriteAsync(reply.Body, context.RequestAborted);
                    }

                    return;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

internal sealed record ReceivedRequest(string Method, string PathAndQuery, string Host, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}

internal enum ReplyKind
{
    Status,
    Reset,
    Hang,
}

internal sealed record Reply(ReplyKind Kind, int Status = 200, string Body = "", string? RetryAfter = null)
{
    public static Reply Ok(string body = "") => new(ReplyKind.Status, 200, body);

    public static Reply Code(int status, string body = "", string? retryAfter = null) => new(ReplyKind.Status, status, body, retryAfter);

    public static Reply Reset() => new(ReplyKind.Reset);

    public static Reply Hang() => new(ReplyKind.Hang);
}
