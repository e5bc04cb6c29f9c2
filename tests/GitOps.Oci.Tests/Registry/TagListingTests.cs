using System.Text;
using GitOps.Oci.Registry;
using GitOps.Oci.Registry.Internal;
using GitOps.Testing.Http;
using Microsoft.AspNetCore.Http;

namespace GitOps.Oci.Tests.Registry;

/// <summary>Tag-list paging (docker-registry 2.8 ignores <c>n</c>, so a Kestrel registry stands in for one that pages).</summary>
public sealed class TagListingTests
{
    [Test]
    public async Task Tags_follow_link_pages_and_come_back_sorted()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapHandler("/v2/apps/paged/tags/list", async context =>
        {
            var last = context.Request.Query["last"].ToString();
            if (last.Length == 0)
            {
                context.Response.Headers.Link = "</v2/apps/paged/tags/list?n=2&last=b>; rel=\"next\"";
                await context.Response.WriteAsync("""{"name":"apps/paged","tags":["b","10.0.0"]}""");
            }
            else
            {
                await context.Response.WriteAsync("""{"name":"apps/paged","tags":["a","2.0.0"]}""");
            }
        });
        using var client = new OciRegistryClient(new OciClientOptions { PlainHttp = true });

        var tags = await client.ListTagsAsync(new OciReference(server.BaseAddress.Authority, "apps/paged"));

        Assert.That(tags, Is.EqualTo(new[] { "10.0.0", "2.0.0", "a", "b" }));
    }

    [Test]
    public async Task A_link_that_loops_back_ends_the_listing()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapHandler("/v2/apps/loop/tags/list", async context =>
        {
            context.Response.Headers.Link = "</v2/apps/loop/tags/list?n=1000>; rel=\"next\"";
            await context.Response.WriteAsync("""{"tags":["x"]}""");
        });
        using var client = new OciRegistryClient(new OciClientOptions { PlainHttp = true });

        var tags = await client.ListTagsAsync(new OciReference(server.BaseAddress.Authority, "apps/loop"));

        Assert.That(tags, Is.EqualTo(new[] { "x" }));
    }

    [Test]
    public async Task More_tags_than_the_limit_are_refused()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapBytes("/v2/apps/many/tags/list", Encoding.UTF8.GetBytes("""{"tags":["a","b","c"]}"""));
        using var client = new OciRegistryClient(new OciClientOptions { PlainHttp = true, MaxTags = 2 });

        Assert.ThrowsAsync<GitOps.Artifacts.ArtifactTooLargeException>(() => client.ListTagsAsync(new OciReference(server.BaseAddress.Authority, "apps/many")));
    }

    [TestCase(new[] { "1.0.0", "v1.2.3", "1.2", "1.10.0+build", "01.0.0" }, "*", false, "1.10.0+build")]
    [TestCase(new[] { "1.0.0", "1.2", "1.3" }, "~1", true, "1.3")]
    [TestCase(new[] { "0.1.0_build.1", "0.1.0" }, "0.1.0+build.1", true, "0.1.0_build.1")]
    [TestCase(new[] { "1.0.0", "2.0.0-rc.1" }, "*", false, "1.0.0")]
    public void Versions_select_as_flux_reads_tags_or_as_helm_reads_chart_tags(string[] tags, string constraint, bool helm, string expected)
    {
        var selected = OciTagVersions.SelectHighest(tags, GitOps.Versioning.VersionConstraint.Parse(constraint), helm);

        Assert.That(selected, Is.EqualTo(expected));
    }

    [Test]
    public void A_bearer_challenge_reads_realm_service_and_scope()
    {
        var challenge = AuthChallenge.Parse("""Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push",error="insufficient_scope" """)!;

        Assert.That((challenge.IsBearer, challenge["realm"], challenge["service"], challenge["scope"]), Is.EqualTo((true, "https://auth.example/token", "registry.example", "repository:a/b:pull,push")));
    }
}
