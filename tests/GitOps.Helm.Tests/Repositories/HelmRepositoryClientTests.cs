using System.Text;
using GitOps.Helm.Index;
using GitOps.Helm.Repositories;
using GitOps.Testing.Http;

namespace GitOps.Helm.Tests.Repositories;

/// <summary>Index downloads from a real server on 127.0.0.1.</summary>
public sealed class HelmRepositoryClientTests
{
    private static readonly byte[] Entry = Encoding.UTF8.GetBytes(
        "  - apiVersion: v2\n    name: big\n    version: \"1.0.0\"\n    description: a long enough description to make each entry a few hundred bytes, as real indexes have\n    urls: [big-1.0.0.tgz]\n    digest: 4943bcdc7487ec458b6d2bae550b63035d5caf4529fb85483af0dd96ebda317d\n");

    [Test]
    public async Task An_over_cap_index_served_slowly_is_refused_after_reading_little_more_than_the_cap_with_bounded_memory()
    {
        const long cap = 2 * 1024 * 1024;
        const long served = 64 * 1024 * 1024;
        long sent = 0;
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapHandler("/index.yaml", async context =>
        {
            // No Content-Length: the client cannot refuse up front and must count while it reads.
            var body = context.Response.Body;
            await body.WriteAsync("apiVersion: v1\nentries:\n  big:\n"u8.ToArray(), context.RequestAborted);
            var chunk = new byte[64 * 1024];
            var filled = 0;
            while (filled + Entry.Length <= chunk.Length)
            {
                Entry.CopyTo(chunk, filled);
                filled += Entry.Length;
            }

            try
            {
                while (Interlocked.Read(ref sent) < served)
                {
                    await body.WriteAsync(chunk.AsMemory(0, filled), context.RequestAborted);
                    await body.FlushAsync(context.RequestAborted);
                    Interlocked.Add(ref sent, filled);
                    await Task.Delay(1, context.RequestAborted);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The client hung up, as it should.
            }
        });
        using var http = new HttpClient();
        var loader = new HelmIndexLoader(new HelmIndexOptions { MaxIndexBytes = cap });
        using var response = await http.GetAsync(server.Url("/index.yaml"), HttpCompletionOption.ResponseHeadersRead);
        using var stream = await response.Content.ReadAsStreamAsync();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<HelmIndexException>(() => loader.Load(stream));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(ex!.Kind, Is.EqualTo(HelmIndexErrorKind.TooLarge));
        Assert.That(allocated, Is.LessThan(served), "allocations follow the cap, not the document (which alone would take 64 MiB to buffer)");
        response.Dispose();
        await Task.Delay(200);
        Assert.That(Interlocked.Read(ref sent), Is.LessThan(served / 4), "the server was not drained");
    }

    [Test]
    public async Task A_declared_length_over_the_cap_is_refused_before_reading_the_body()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", new byte[4096]);
        var client = new HelmRepositoryClient(loader: new HelmIndexLoader(new HelmIndexOptions { MaxIndexBytes = 1024 }));

        var ex = Assert.ThrowsAsync<HelmIndexException>(() => client.GetIndexAsync(server.BaseAddress.ToString()));

        Assert.That(ex!.Kind, Is.EqualTo(HelmIndexErrorKind.TooLarge));
    }

    [Test]
    public async Task An_unchanged_index_is_parsed_once()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", "apiVersion: v1\nentries:\n  a:\n  - {apiVersion: v2, name: a, version: 1.0.0, urls: [a.tgz]}\n"u8.ToArray());
        var loader = new HelmIndexLoader();
        var cache = new HelmIndexCache(loader);
        var client = new HelmRepositoryClient(loader: loader, cache: cache);

        var first = await client.GetIndexAsync(server.BaseAddress.ToString());
        var second = await client.GetIndexAsync(server.BaseAddress.ToString());

        Assert.That(second, Is.SameAs(first));
        Assert.That(cache.Misses, Is.EqualTo(1));
        Assert.That(cache.Hits, Is.EqualTo(1));
        Assert.That(server.RequestCount("/index.yaml"), Is.EqualTo(2));
    }

    [Test]
    public async Task A_server_error_on_the_index_is_a_transient_repository_error()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/index.yaml", [], HttpFault.Status(503));
        var client = new HelmRepositoryClient(options: new HelmRepositoryOptions { MaxRetryAttempts = 0 });

        var ex = Assert.ThrowsAsync<HelmRepositoryException>(() => client.GetIndexAsync(server.BaseAddress.ToString()));

        Assert.That(ex!.IsTransient, Is.True);
    }

    [TestCase("https://h/charts", "https://h/charts/index.yaml")]
    [TestCase("https://h/charts/", "https://h/charts/index.yaml")]
    [TestCase("https://h/charts?token=1", "https://h/charts/index.yaml?token=1")]
    [TestCase("https://h", "https://h/index.yaml")]
    public void The_index_url_joins_index_yaml_to_the_repository_path(string repository, string expected) =>
        Assert.That(HelmRepositoryClient.IndexUrl(repository).ToString(), Is.EqualTo(expected));
}
