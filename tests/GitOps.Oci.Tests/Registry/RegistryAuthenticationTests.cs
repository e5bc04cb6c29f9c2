using GitOps.Oci.Flux;
using GitOps.Oci.Registry;
using GitOps.Oci.Tests.Support;
using GitOps.Testing;

namespace GitOps.Oci.Tests.Registry;

/// <summary>TLS with a per-client CA, htpasswd Basic auth and the bearer-token flow against real registries.</summary>
public sealed class RegistryAuthenticationTests
{
    [Test]
    public async Task Tls_with_the_clients_own_ca_pushes_and_pulls()
    {
        var registry = await Registries.GetAsync(RegistryMode.Tls);
        using var content = SampleContent.Create();
        using var client = new OciRegistryClient(registry.ClientOptions());
        var pushed = await new FluxArtifactPusher(client).PushAsync(content.Path, registry.Reference("apps/tls", "1"));
        using var into = new TemporaryDirectory();

        var pulled = await new FluxArtifactPuller(client).PullAsync(registry.Reference("apps/tls", "1"), into.Combine("out"));

        Assert.That(pulled.Revision, Is.EqualTo(pushed.Revision));
    }

    [Test]
    public async Task Tls_without_the_ca_is_refused_and_the_trust_is_not_process_wide()
    {
        var registry = await Registries.GetAsync(RegistryMode.Tls);
        using var trusting = new OciRegistryClient(registry.ClientOptions());
        // The same registry answers a client that trusts the CA (a 404 for a tag that is not there)...
        Assert.ThrowsAsync<OciNotFoundException>(() => trusting.GetManifestAsync(registry.Reference("apps/none", "1")));
        // ...while one created afterwards, without it, is refused at the TLS handshake.
        using var client = new OciRegistryClient(new OciClientOptions { MaxRetryAttempts = 0 });

        var error = Assert.ThrowsAsync<OciRegistryException>(() => client.ListTagsAsync(registry.Reference("apps/tls")));

        Assert.That(error!.Message, Does.Contain("cannot reach"));
    }

    [Test]
    public async Task Basic_auth_with_the_right_password_pushes_and_pulls()
    {
        var registry = await Registries.GetAsync(RegistryMode.TlsBasic);
        using var content = SampleContent.Create();
        using var client = new OciRegistryClient(registry.ClientOptions());
        await new FluxArtifactPusher(client).PushAsync(content.Path, registry.Reference("apps/basic", "1"));
        using var into = new TemporaryDirectory();

        var pulled = await new FluxArtifactPuller(client).PullAsync(registry.Reference("apps/basic", "1"), into.Combine("out"));

        Assert.That(pulled.Files, Is.EqualTo(4));
    }

    [Test]
    public async Task Basic_auth_with_a_wrong_password_is_an_authentication_error_that_does_not_show_the_password()
    {
        var registry = await Registries.GetAsync(RegistryMode.TlsBasic);
        var options = registry.ClientOptions(withCredentials: false).WithCredential(registry.Host, RegistryServer.Username, "wrong-password");
        using var client = new OciRegistryClient(options);

        var error = Assert.ThrowsAsync<OciAuthenticationException>(() => client.ListTagsAsync(registry.Reference("apps/basic")));

        Assert.That(error!.Message, Does.Contain("refused the credentials").And.Not.Contain("wrong-password"));
        Assert.That(error.IsTransient, Is.False);
    }

    [Test]
    public async Task No_credentials_where_they_are_needed_is_an_authentication_error()
    {
        var registry = await Registries.GetAsync(RegistryMode.TlsBasic);
        using var client = new OciRegistryClient(registry.ClientOptions(withCredentials: false));

        var error = Assert.ThrowsAsync<OciAuthenticationException>(() => client.ListTagsAsync(registry.Reference("apps/basic")));

        Assert.That(error!.Message, Does.Contain("needs credentials"));
    }

    [Test]
    public async Task The_bearer_token_flow_pushes_and_pulls_with_tokens_the_registry_verifies()
    {
        var registry = await Registries.GetAsync(RegistryMode.Token);
        using var content = SampleContent.Create();
        using var client = new OciRegistryClient(registry.ClientOptions());
        var pushed = await new FluxArtifactPusher(client).PushAsync(content.Path, registry.Reference("apps/token", "1"));
        using var into = new TemporaryDirectory();

        var pulled = await new FluxArtifactPuller(client).PullAsync(registry.Reference("apps/token", "1"), into.Combine("out"));

        Assert.That(pulled.Revision, Is.EqualTo(pushed.Revision));
        Assert.That(registry.Tokens!.Issued, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task The_bearer_token_flow_with_a_wrong_password_is_an_authentication_error()
    {
        var registry = await Registries.GetAsync(RegistryMode.Token);
        var options = registry.ClientOptions(withCredentials: false).WithCredential(registry.Host, RegistryServer.Username, "nope");
        using var client = new OciRegistryClient(options);

        var error = Assert.ThrowsAsync<OciAuthenticationException>(() => client.ListTagsAsync(registry.Reference("apps/token")));

        Assert.That(error!.Message, Does.Contain("refused the credentials").And.Not.Contain("nope"));
    }

    [Test]
    public async Task An_anonymous_token_grants_nothing_and_is_an_authentication_error()
    {
        var registry = await Registries.GetAsync(RegistryMode.Token);
        using var client = new OciRegistryClient(registry.ClientOptions(withCredentials: false));

        Assert.ThrowsAsync<OciAuthenticationException>(() => client.ListTagsAsync(registry.Reference("apps/token")));
    }
}
