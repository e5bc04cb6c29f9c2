using System.Text;
using GitOps.Testing;
using GitOps.Testing.Http;
using Microsoft.AspNetCore.Http;

namespace GitOps.Cli.Tests;

/// <summary>
/// <c>gitops oci pull</c> and <c>gitops bucket artifact</c> against a server on 127.0.0.1 that sends one byte every two
/// seconds and then stops: one clear line naming the inactivity timeout, a non-zero exit, nothing written.
/// </summary>
public sealed class SlowServerCommandTests
{
    private LoopbackHttpServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await LoopbackHttpServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    private static Func<HttpContext, Task> Trickle(string body) =>
        TrickleResponse.Create(Encoding.UTF8.GetBytes(body), TimeSpan.FromSeconds(2), bytesBeforeStall: 2);

    [Test]
    public async Task Oci_pull_from_a_registry_whose_manifest_stalls_is_one_line_naming_the_inactivity_timeout()
    {
        _server.MapHandler("/v2/slow/app/manifests/1", Trickle("""{"schemaVersion":2}"""));
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("oci", "pull", $"oci://{_server.BaseAddress.Authority}/slow/app:1", "--plain-http", "--dest", work.Combine("out"), "--inactivity-timeout", "1s");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Is.EqualTo($"error: manifest from http://{_server.BaseAddress.Authority}/v2/slow/app/manifests/1: the server sent nothing for 1 s after 1 bytes (InactivityTimeout)\n"));
            Assert.That(Directory.GetFileSystemEntries(work.Path), Is.Empty);
        });
    }

    [Test]
    public async Task Bucket_artifact_from_a_server_whose_object_stalls_is_one_line_naming_the_inactivity_timeout()
    {
        const string listing = """<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>slowcli</Name><Prefix></Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>app.yaml</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>"0123456789abcdef0123456789abcdef"</ETag><Size>20</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>""";
        Func<HttpContext, Task> list = context =>
        {
            context.Response.ContentType = "application/xml";
            return context.Response.WriteAsync(listing);
        };
        _server.MapHandler("/slowcli", list).MapHandler("/slowcli/", list);
        _server.MapHandler("/slowcli/.sourceignore", context =>
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/xml";
            return context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
        });
        _server.MapHandler("/slowcli/app.yaml", Trickle("kind: ConfigMap\n    "));
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync(
            "bucket", "artifact", "--endpoint", _server.BaseAddress.ToString(), "--bucket", "slowcli", "--access-key", "k", "--secret-key", "s",
            "-o", work.Combine("out.tar.gz"), "--inactivity-timeout", "1s");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Is.EqualTo("error: downloading 'app.yaml' from bucket 'slowcli' stalled: the server sent nothing for 1 s after 1 bytes (InactivityTimeout)\n"));
            Assert.That(Directory.GetFileSystemEntries(work.Path), Is.Empty);
        });
    }
}
