using System.Diagnostics;
using GitOps.Artifacts;
using GitOps.Artifacts.Fetch;
using GitOps.Core.Tests.Artifacts.Extraction;
using GitOps.Testing.Archives;

namespace GitOps.Core.Tests.Artifacts.Fetch;

/// <summary>
/// Servers on 127.0.0.1 that answer slowly or not at all: every fetch ends with a transport error within its
/// configured limits, and the destination is untouched. The stopwatch bounds are guards against a hang (ten
/// times the configured limit), not timings.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class ArtifactFetcherTimeoutTests : LoopbackFetchTests
{
    private static readonly byte[] Archive = new TarBuilder().File("a.yaml", new string('a', 64 * 1024)).ToTarGz();

    [Test]
    public async Task A_server_that_trickles_one_byte_at_a_time_is_cut_off_by_the_minimum_rate()
    {
        var path = "/" + Guid.NewGuid().ToString("N");
        Server.MapHandler(path, async context =>
        {
            context.Response.ContentLength = Archive.Length;
            for (var i = 0; i < Archive.Length && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync(Archive.AsMemory(i, 1), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(100, context.RequestAborted);
            }
        });
        var options = Quick(retries: 0);
        options.InactivityTimeout = TimeSpan.FromSeconds(1);

        var (error, elapsed) = await FailAsync(Server.Url(path), options);

        Assert.That(error.Message, Does.Contain("MinimumBytesPerSecond"));
        Assert.That(error.IsTransient, Is.True);
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task A_body_that_stops_arriving_fails_after_the_inactivity_timeout()
    {
        var path = "/" + Guid.NewGuid().ToString("N");
        Server.MapHandler(path, async context =>
        {
            context.Response.ContentLength = Archive.Length;
            await context.Response.Body.WriteAsync(Archive.AsMemory(0, 100), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var options = Quick(retries: 0);
        options.InactivityTimeout = TimeSpan.FromSeconds(1);

        var (error, elapsed) = await FailAsync(Server.Url(path), options);

        Assert.That(error.Message, Does.Contain("sent nothing for 1 s after 100 bytes"));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task A_server_that_never_answers_fails_after_the_inactivity_timeout()
    {
        var path = "/" + Guid.NewGuid().ToString("N");
        Server.MapHandler(path, context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        var options = Quick(retries: 0);
        options.InactivityTimeout = TimeSpan.FromSeconds(1);

        var (error, elapsed) = await FailAsync(Server.Url(path), options);

        Assert.That(error.Message, Does.Contain("no response from").And.Contain("within 1 s"));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task Retries_of_a_silent_server_stop_at_the_total_timeout()
    {
        var path = "/" + Guid.NewGuid().ToString("N");
        Server.MapHandler(path, context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        var options = Quick(retries: 100);
        options.InactivityTimeout = TimeSpan.FromMilliseconds(500);
        options.Timeout = TimeSpan.FromSeconds(2);

        var (error, elapsed) = await FailAsync(Server.Url(path), options);

        Assert.That(error.Message, Does.Contain("took longer than 2 s (Timeout)"));
        Assert.That(Server.RequestCount(path), Is.GreaterThan(1), "the attempts inside the total were retried");
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public void Timeouts_must_be_positive()
    {
        Assert.That(() => new ArtifactFetchOptions { InactivityTimeout = TimeSpan.Zero }.Validate(), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new ArtifactFetchOptions { Timeout = TimeSpan.FromSeconds(-2) }.Validate(), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new ArtifactFetchOptions { MinimumBytesPerSecond = -1 }.Validate(), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new ArtifactFetchOptions { Timeout = Timeout.InfiniteTimeSpan }.Validate(), Throws.Nothing);
    }

    private static async Task<(ArtifactTransportException Error, TimeSpan Elapsed)> FailAsync(Uri url, ArtifactFetchOptions options)
    {
        using var scene = new ExtractionScene();
        var clock = Stopwatch.StartNew();
        ArtifactTransportException? error = null;
        try
        {
            await new ArtifactFetcher().FetchAsync(url, Digest.Compute(Archive), scene.Destination, options);
        }
        catch (ArtifactTransportException e)
        {
            error = e;
        }

        clock.Stop();
        Assert.That(error, Is.Not.Null, "the fetch did not fail");
        scene.AssertUntouched();
        scene.AssertNoStagingLeft();
        return (error!, clock.Elapsed);
    }
}
