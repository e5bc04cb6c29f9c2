using Microsoft.AspNetCore.Http;

namespace GitOps.Testing.Http;

/// <summary>
/// A hostile server's body for <see cref="LoopbackHttpServer.MapHandler"/>: it announces the whole body's length, sends
/// one byte every <c>interval</c>, and after <c>bytesBeforeStall</c> bytes sends nothing more, holding the connection
/// open until the client leaves. A client without an inactivity timeout waits for ever.
/// </summary>
public static class TrickleResponse
{
    /// <summary>A handler sending <paramref name="body"/> a byte at a time, every <paramref name="interval"/>, stalling after <paramref name="bytesBeforeStall"/> bytes.</summary>
    public static Func<HttpContext, Task> Create(byte[] body, TimeSpan interval, int bytesBeforeStall, string contentType = "application/octet-stream") => async context =>
    {
        ArgumentNullException.ThrowIfNull(context);
        var aborted = context.RequestAborted;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        try
        {
            for (var i = 0; i < Math.Min(bytesBeforeStall, body.Length); i++)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(i, 1), aborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
                await Task.Delay(interval, aborted).ConfigureAwait(false);
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client gave up, as it should.
        }
    };
}
