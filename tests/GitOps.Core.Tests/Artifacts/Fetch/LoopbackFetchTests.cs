using GitOps.Artifacts.Fetch;
using GitOps.Testing.Http;

namespace GitOps.Core.Tests.Artifacts.Fetch;

/// <summary>
/// Fetch tests against one real Kestrel on 127.0.0.1 per fixture; every body is served at a path of its own, so
/// that tests can run in parallel and count the requests made for it.
/// </summary>
public abstract class LoopbackFetchTests
{
    private LoopbackHttpServer? _server;

    /// <summary>The fixture's server.</summary>
    protected LoopbackHttpServer Server => _server ?? throw new InvalidOperationException("The server starts in OneTimeSetUp.");

    [OneTimeSetUp]
    public async Task StartServer() => _server = await LoopbackHttpServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Options for tests: retries without real waiting (no delay, no jitter).</summary>
    protected static ArtifactFetchOptions Quick(int retries = 3) => new()
    {
        MaxRetryAttempts = retries,
        RetryDelay = TimeSpan.Zero,
        MaxRetryDelay = TimeSpan.Zero,
        UseJitter = false,
    };

    /// <summary>Serves <paramref name="body"/> (with the faults, in order) at a new path.</summary>
    protected (Uri Url, string Path) ServeAt(byte[] body, params HttpFault[] faults)
    {
        var path = "/" + Guid.NewGuid().ToString("N") + ".tar.gz";
        Server.MapBytes(path, body, faults);
        return (Server.Url(path), path);
    }

    /// <summary>The URL of <paramref name="body"/> served at a new path.</summary>
    protected Uri Serve(byte[] body, params HttpFault[] faults) => ServeAt(body, faults).Url;
}
