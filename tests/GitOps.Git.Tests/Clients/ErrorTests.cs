using System.Diagnostics;
using GitOps.Git.Auth;
using GitOps.Git.Checkout;
using GitOps.Git.Tests.Servers;
using GitOps.Testing;

namespace GitOps.Git.Tests.Clients;

/// <summary>Wrong credentials, untrusted servers, missing references and hanging servers give typed errors in time, with no secret in them.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class ErrorTests
{
    private static readonly GitBackend[] AllBackends = [GitBackend.Auto, GitBackend.GitCli, GitBackend.LibGit2Sharp];

    private static async Task<Exception?> CloneFailureAsync(GitBackend backend, string url, GitAuth? auth, CloneOptions? options = null, TimeSpan? timeout = null)
    {
        var client = new GitClient(new GitClientOptions { Backend = backend, Timeout = timeout ?? TimeSpan.FromSeconds(30) });
        using var temp = new TemporaryDirectory();
        try
        {
            await client.CloneAsync(url, temp.Combine("clone"), options ?? new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main"), ShallowClone = backend != GitBackend.LibGit2Sharp }, auth);
            return null;
        }
        catch (Exception e)
        {
            Assert.That(Directory.Exists(temp.Combine("clone")), Is.False, "nothing is left behind");
            return e;
        }
    }

    [TestCaseSource(nameof(AllBackends))]
    public async Task A_wrong_password_is_an_authentication_error_without_the_password_in_it(GitBackend backend)
    {
        var servers = GitServers.Get();
        var error = await CloneFailureAsync(backend, servers.Url(Transport.HttpBasic), new GitAuth { Username = GitServers.User, Password = "wrong-password-123" });

        Assert.That(error, Is.TypeOf<GitAuthenticationException>());
        Assert.That(error!.Message, Does.Not.Contain("wrong-password-123"));
    }

    [TestCaseSource(nameof(AllBackends))]
    public async Task No_credentials_where_the_server_asks_for_them_is_an_authentication_error(GitBackend backend)
    {
        var servers = GitServers.Get();
        Assert.That(await CloneFailureAsync(backend, servers.Url(Transport.HttpBasic), null), Is.TypeOf<GitAuthenticationException>());
    }

    [Test]
    public async Task Credentials_in_the_URL_are_masked_in_errors()
    {
        var servers = GitServers.Get();
        var url = $"http://{GitServers.User}:url-secret-987@127.0.0.1:{servers.HttpPort}/git/missing.git";
        var error = await CloneFailureAsync(GitBackend.GitCli, url, null);

        Assert.That(error, Is.InstanceOf<GitException>());
        Assert.That(error!.Message, Does.Not.Contain("url-secret-987"));
    }

    [TestCase(GitBackend.Auto)]
    [TestCase(GitBackend.GitCli)]
    public async Task A_wrong_bearer_token_is_an_authentication_error(GitBackend backend)
    {
        var servers = GitServers.Get();
        var error = await CloneFailureAsync(backend, servers.Url(Transport.HttpBearer), new GitAuth { BearerToken = "not-the-token" });

        Assert.That(error, Is.TypeOf<GitAuthenticationException>());
        Assert.That(error!.Message, Does.Not.Contain("not-the-token"));
    }

    [TestCaseSource(nameof(AllBackends))]
    public async Task A_certificate_from_another_CA_is_a_host_verification_error(GitBackend backend)
    {
        var servers = GitServers.Get();
        var auth = new GitAuth { Username = GitServers.User, Password = GitServers.Password, CaCertificatePem = servers.Certificates.OtherCaPem };

        // LibGit2Sharp lists no references with a CA callback, so it is given a bare commit to fetch.
        var options = backend == GitBackend.LibGit2Sharp
            ? new CloneOptions { Strategy = CheckoutStrategy.ForCommit(servers.Repository.Commit("main")), ShallowClone = false }
            : null;
        Assert.That(await CloneFailureAsync(backend, servers.Url(Transport.HttpsBasic), auth, options), Is.TypeOf<GitHostKeyException>());
    }

    [Test]
    public async Task The_CA_of_one_call_is_not_trusted_by_the_next()
    {
        var servers = GitServers.Get();
        var client = new GitClient();
        var trusted = await client.ListReferencesAsync(servers.Url(Transport.HttpsBasic), servers.Auth(Transport.HttpsBasic));
        Assert.That(trusted, Is.Not.Empty);

        Assert.That(
            async () => await client.ListReferencesAsync(servers.Url(Transport.HttpsBasic), new GitAuth { Username = GitServers.User, Password = GitServers.Password }),
            Throws.TypeOf<GitHostKeyException>());
    }

    [Test]
    public async Task A_server_that_requires_a_client_certificate_refuses_a_call_without_one()
    {
        var servers = GitServers.Get();
        var error = await CloneFailureAsync(GitBackend.Auto, servers.Url(Transport.HttpsClientCertificate), new GitAuth { CaCertificatePem = servers.Certificates.CaPem });

        Assert.That(error, Is.InstanceOf<GitException>());
    }

    [Test]
    public async Task An_SSH_host_key_missing_from_known_hosts_is_a_host_verification_error()
    {
        var servers = GitServers.Get();
        var otherHost = servers.KnownHosts.Replace("[127.0.0.1]", "[127.0.0.2]", StringComparison.Ordinal);
        var error = await CloneFailureAsync(GitBackend.Auto, servers.Url(Transport.Ssh), new GitAuth { SshIdentity = servers.SshIdentity, SshKnownHosts = otherHost });

        Assert.That(error, Is.TypeOf<GitHostKeyException>());
    }

    [Test]
    public async Task An_SSH_key_the_server_does_not_know_is_an_authentication_error()
    {
        var servers = GitServers.Get();
        var error = await CloneFailureAsync(GitBackend.Auto, servers.Url(Transport.Ssh), new GitAuth { SshIdentity = servers.SshUnknownIdentity, SshKnownHosts = servers.KnownHosts });

        Assert.That(error, Is.TypeOf<GitAuthenticationException>());
    }

    [Test]
    public async Task An_encrypted_SSH_key_works_with_its_passphrase_and_fails_with_another()
    {
        var servers = GitServers.Get();
        var client = new GitClient();
        var good = new GitAuth { SshIdentity = servers.SshEncryptedIdentity, SshPassphrase = GitServers.KeyPassphrase, SshKnownHosts = servers.KnownHosts };
        var refs = await client.ListReferencesAsync(servers.Url(Transport.Ssh), good);
        Assert.That(refs.Select(r => r.Name), Does.Contain("refs/heads/main"));

        var bad = new GitAuth { SshIdentity = servers.SshEncryptedIdentity, SshPassphrase = "not-the-passphrase", SshKnownHosts = servers.KnownHosts };
        var error = await CloneFailureAsync(GitBackend.Auto, servers.Url(Transport.Ssh), bad);
        Assert.That(error, Is.TypeOf<GitAuthenticationException>());
        Assert.That(error!.Message, Does.Not.Contain("not-the-passphrase"));
    }

    [TestCase("branch=nope")]
    [TestCase("tag=v9.9.9")]
    [TestCase("semver=>=5.0.0")]
    [TestCase("name=refs/pull/9/head")]
    [TestCase("commit=0123456789012345678901234567890123456789")]
    public async Task A_missing_reference_is_a_not_found_error(string reference)
    {
        var servers = GitServers.Get();
        foreach (var transport in new[] { Transport.Git, Transport.HttpBasic, Transport.Ssh })
        {
            var error = await CloneFailureAsync(GitBackend.Auto, servers.Url(transport), servers.Auth(transport), new CloneOptions { Strategy = CheckoutStrategy.Parse(reference) });
            Assert.That(error, Is.TypeOf<GitReferenceNotFoundException>(), transport.ToString());
        }
    }

    [Test]
    public async Task A_missing_repository_is_a_not_found_error()
    {
        var servers = GitServers.Get();
        foreach (var transport in new[] { Transport.Git, Transport.HttpBasic, Transport.Ssh })
        {
            foreach (var backend in new[] { GitBackend.Auto, GitBackend.GitCli })
            {
                var error = await CloneFailureAsync(backend, servers.Url(transport, "missing.git"), servers.Auth(transport));
                Assert.That(error, Is.TypeOf<GitReferenceNotFoundException>(), $"{transport} {backend}: {error?.Message}");
            }
        }
    }

    [TestCase("git", GitBackend.Auto)]
    [TestCase("http", GitBackend.Auto)]
    [TestCase("ssh", GitBackend.Auto)]
    [TestCase("git", GitBackend.LibGit2Sharp)]
    [TestCase("http", GitBackend.LibGit2Sharp)]
    public async Task A_server_that_never_answers_is_a_timeout_error_within_the_configured_timeout(string scheme, GitBackend backend)
    {
        var servers = GitServers.Get();
        var timeout = TimeSpan.FromSeconds(2);
        var auth = scheme == "ssh" ? new GitAuth { SshIdentity = servers.SshIdentity, SshKnownHosts = servers.KnownHosts } : null;
        var options = new CloneOptions { Strategy = CheckoutStrategy.ForCommit(servers.Repository.Commit("main")), ShallowClone = backend != GitBackend.LibGit2Sharp };
        var watch = Stopwatch.StartNew();

        var error = await CloneFailureAsync(backend, servers.HangUrl(scheme), auth, options, timeout);

        Assert.That(error, Is.TypeOf<GitTimeoutException>());
        Assert.That(((GitException)error!).IsTransient, Is.True);
        if (scheme != "http")
        {
            // Through the git CLI a clone is several processes (ls-remote, fetch, ...): the timeout bounds all of
            // them together. (libgit2's own socket timeout, set to the same value, may be the one that reports.)
            Assert.That(error.Message, Does.StartWith("the clone of ").And.EndWith(" did not finish within 2 s"), "the timeout bounds the whole clone, not each step");
        }
        Assert.That(watch.Elapsed, Is.LessThan(timeout * 10), "stopped by the timeout, not by the OS");
    }
}
