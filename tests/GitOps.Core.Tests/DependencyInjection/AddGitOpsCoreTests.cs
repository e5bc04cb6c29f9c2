using GitOps.Artifacts.Extraction;
using GitOps.Artifacts.Fetch;
using GitOps.Testing.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Core.Tests.DependencyInjection;

public sealed class AddGitOpsCoreTests
{
    [Test]
    public void It_registers_the_system_time_provider_when_the_application_has_none()
    {
        using var provider = new ServiceCollection().AddGitOpsCore().BuildServiceProvider();

        Assert.That(provider.GetRequiredService<TimeProvider>(), Is.SameAs(TimeProvider.System));
    }

    [Test]
    public void It_keeps_a_time_provider_the_application_registered_first()
    {
        var own = new FixedTimeProvider();
        using var provider = new ServiceCollection().AddSingleton<TimeProvider>(own).AddGitOpsCore().AddGitOpsCore().BuildServiceProvider();

        Assert.That(provider.GetRequiredService<TimeProvider>(), Is.SameAs(own));
    }

    [Test]
    public void It_registers_the_artifact_primitives_as_singletons()
    {
        using var provider = new ServiceCollection().AddGitOpsCore().BuildServiceProvider();

        var first = provider.GetRequiredService<ArtifactFetcher>();
        var second = provider.GetRequiredService<ArtifactFetcher>();

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(provider.GetRequiredService<ArchiveExtractor>(), Is.Not.Null);
        });
    }

    [Test]
    public async Task The_fetcher_sends_through_the_named_http_client_the_application_configures()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapHandler("/echo", static context => context.Response.WriteAsync("header=" + context.Request.Headers["X-Configured"]));
        var services = new ServiceCollection().AddGitOpsCore(static o => o.HttpClientName = "vendor");
        services.AddHttpClient("vendor").ConfigureHttpClient(static client => client.DefaultRequestHeaders.Add("X-Configured", "yes"));
        using var provider = services.BuildServiceProvider();

        var text = await provider.GetRequiredService<ArtifactFetcher>().DownloadAsync(
            server.Url("/echo"),
            static async (stream, cancellationToken) => await new StreamReader(stream).ReadToEndAsync(cancellationToken));

        Assert.That(text, Is.EqualTo("header=yes"));
    }

    [Test]
    public void The_default_client_name_is_the_documented_one()
    {
        using var provider = new ServiceCollection().AddGitOpsCore().BuildServiceProvider();

        Assert.That(provider.GetRequiredService<GitOpsCoreOptions>().HttpClientName, Is.EqualTo("GitOps.Artifacts"));
    }

    [Test]
    public void Invalid_options_are_refused_when_registering()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new ServiceCollection().AddGitOpsCore(static o => o.HttpClientName = " "), Throws.InstanceOf<ArgumentException>());
            Assert.That(() => new ServiceCollection().AddGitOpsCore(static o => o.Notifications.MaxConcurrency = 0), Throws.InstanceOf<ArgumentException>());
        });
    }

    [Test]
    public void The_first_registration_keeps_its_options()
    {
        using var provider = new ServiceCollection()
            .AddGitOpsCore(static o => o.HttpClientName = "first")
            .AddGitOpsCore(static o => o.HttpClientName = "second")
            .BuildServiceProvider();

        Assert.That(provider.GetRequiredService<GitOpsCoreOptions>().HttpClientName, Is.EqualTo("first"));
    }

    private sealed class FixedTimeProvider : TimeProvider;
}
