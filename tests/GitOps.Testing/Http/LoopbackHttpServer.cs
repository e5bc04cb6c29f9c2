using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOps.Testing.Http;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an ephemeral port, for tests that need HTTP without mocks.
/// Map paths to bytes, files or handlers; give a path a sequence of <see cref="HttpFault"/>s to make its
/// first requests fail in chosen ways (request 1 gets the first fault, request 2 the second, later
/// requests are served normally).
/// </summary>
/// <example>
/// <code>
/// await using var server = await LoopbackHttpServer.StartAsync();
/// server.MapBytes("/app.tar.gz", bytes, HttpFault.Status(503), HttpFault.ResetMidBody(100));
/// var url = server.Url("/app.tar.gz");   // 503, then a reset after 100 bytes, then the body
/// Assert.That(server.RequestCount("/app.tar.gz"), Is.EqualTo(3));
/// </code>
/// </example>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.Ordinal);

    private LoopbackHttpServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's root, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts a server on 127.0.0.1 on a free port. Unmapped paths answer 404.</summary>
    public static async Task<LoopbackHttpServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MinResponseDataRate = null; // slow bodies are the point of some tests
        });
        var app = builder.Build();
        LoopbackHttpServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new LoopbackHttpServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    /// <summary>The absolute URL of <paramref name="path"/> on this server.</summary>
    public Uri Url(string path) => new(BaseAddress, path.TrimStart('/'));

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/>, after the given faults (one per request).</summary>
    public LoopbackHttpServer MapBytes(string path, byte[] body, params HttpFault[] faults)
    {
        ArgumentNullException.ThrowIfNull(body);
        return MapRoute(path, new Route(_ => Task.FromResult(body), faults));
    }

    /// <summary>Serves the file at <paramref name="filePath"/> (read on each request), after the given faults.</summary>
    public LoopbackHttpServer MapFile(string path, string filePath, params HttpFault[] faults) =>
        MapRoute(path, new Route(ct => File.ReadAllBytesAsync(filePath, ct), faults));

    /// <summary>Lets <paramref name="handler"/> answer every request to <paramref name="path"/>.</summary>
    public LoopbackHttpServer MapHandler(string path, Func<HttpContext, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return MapRoute(path, new Route(handler));
    }

    /// <summary>How many requests <paramref name="path"/> has received.</summary>
    public int RequestCount(string path) => _routes.TryGetValue(Normalize(path), out var route) ? route.Requests : 0;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static string Normalize(string path) => "/" + path.TrimStart('/');

    private LoopbackHttpServer MapRoute(string path, Route route)
    {
        _routes[Normalize(path)] = route;
        return this;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!_routes.TryGetValue(context.Request.Path.Value ?? "/", out var route))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var index = Interlocked.Increment(ref route.RequestCounter) - 1;
        if (route.Handler is not null)
        {
            await route.Handler(context).ConfigureAwait(false);
            return;
        }

        var fault = index < route.Faults.Length ? route.Faults[index] : HttpFault.None;
        var body = await route.Body!(context.RequestAborted).ConfigureAwait(false);
        await ServeAsync(context, body, fault).ConfigureAwait(false);
    }

    private static async Task ServeAsync(HttpContext context, byte[] body, HttpFault fault)
    {
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.ContentType = "application/octet-stream";
        switch (fault.Kind)
        {
            case HttpFaultKind.Status:
                response.StatusCode = fault.StatusCode;
                if (fault.RetryAfterSeconds is { } seconds)
                {
                    response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return;
            case HttpFaultKind.ResetMidBody:
                response.ContentLength = body.Length;
                await response.Body.WriteAsync(body.AsMemory(0, (int)Math.Min(fault.AfterBytes, body.Length)), aborted).ConfigureAwait(false);
                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                context.Abort();
                return;
            case HttpFaultKind.TruncatedBody:
                await response.Body.WriteAsync(body.AsMemory(0, (int)Math.Min(fault.AfterBytes, body.Length)), aborted).ConfigureAwait(false);
                return;
            case HttpFaultKind.WrongContentLength:
                response.ContentLength = fault.DeclaredLength;
                await response.Body.WriteAsync(body.AsMemory(0, (int)Math.Min(fault.DeclaredLength, body.Length)), aborted).ConfigureAwait(false);
                return;
            case HttpFaultKind.SlowBody:
                response.ContentLength = body.Length;
                for (var offset = 0; offset < body.Length; offset += fault.ChunkBytes)
                {
                    await response.Body.WriteAsync(body.AsMemory(offset, Math.Min(fault.ChunkBytes, body.Length - offset)), aborted).ConfigureAwait(false);
                    await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                    await Task.Delay(fault.ChunkDelay, aborted).ConfigureAwait(false);
                }

                return;
            case HttpFaultKind.WrongBytes:
                var changed = (byte[])body.Clone();
                changed[fault.AfterBytes] ^= 0xFF;
                response.ContentLength = changed.Length;
                await response.Body.WriteAsync(changed, aborted).ConfigureAwait(false);
                return;
            default:
                response.ContentLength = body.Length;
                await response.Body.WriteAsync(body, aborted).ConfigureAwait(false);
                return;
        }
    }

    private sealed class Route
    {
        public Route(Func<CancellationToken, Task<byte[]>> body, HttpFault[] faults)
        {
            Body = body;
            Faults = faults;
        }

        public Route(Func<HttpContext, Task> handler)
        {
            Handler = handler;
            Faults = [];
        }

        public Func<CancellationToken, Task<byte[]>>? Body { get; }

        public Func<HttpContext, Task>? Handler { get; }

        public HttpFault[] Faults { get; }

        public int Requests => Volatile.Read(ref RequestCounter);

        public int RequestCounter; // a field: Interlocked needs one
    }
}
