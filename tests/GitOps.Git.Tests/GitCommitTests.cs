using GitOps.Git.Auth;
using GitOps.Git.Auth.Internal;
using GitOps.Git.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Git.Tests;

public sealed class GitCommitTests
{
    private const string Hash = "363a6a8fe6a7f13e05d34c163b0ef02a777da20a";

    [TestCase("refs/heads/main", false, "main@sha1:" + Hash)]
    [TestCase("refs/heads/feature/x", false, "feature/x@sha1:" + Hash)]
    [TestCase("refs/tags/v1.2.3", false, "v1.2.3@sha1:" + Hash)]
    [TestCase("refs/pull/1/head", true, "refs/pull/1/head@sha1:" + Hash)]
    [TestCase("refs/heads/main", true, "refs/heads/main@sha1:" + Hash)]
    [TestCase(null, false, "sha1:" + Hash)]
    public void Revisions_are_written_as_Flux_writes_them(string? reference, bool isName, string expected)
    {
        var commit = new GitCommit { Hash = Hash, Reference = reference, IsReferenceName = isName };
        Assert.That(commit.ToString(), Is.EqualTo(expected));
        Assert.That(commit.Revision.Digest?.ToString(), Is.EqualTo("sha1:" + Hash));
    }

    [Test]
    public void The_absolute_reference_keeps_the_full_ref() =>
        Assert.That(new GitCommit { Hash = Hash, Reference = "refs/heads/main" }.AbsoluteReference, Is.EqualTo("refs/heads/main@sha1:" + Hash));

    [Test]
    public void Credentials_are_never_shown()
    {
        var auth = new GitAuth { Username = "u", Password = "pass-123", BearerToken = null, SshIdentity = "KEY", SshPassphrase = "phrase-456" };
        Assert.That(auth.ToString(), Does.Not.Contain("pass-123").And.Not.Contain("phrase-456").And.Not.Contain("KEY"));
    }

    [Test]
    public void URLs_are_masked_and_secrets_redacted_from_output()
    {
        var url = GitUrl.Parse("https://user:topsecret@example.com/repo.git?token=abc");
        Assert.That(url.Redacted, Does.Not.Contain("topsecret").And.Not.Contain("abc"));
        var redactor = new SecretRedactor(url, new GitAuth { Password = "pw-789" });
        Assert.That(redactor.Redact("fatal: https://user:topsecret@example.com/repo.git?token=abc said pw-789"), Does.Not.Contain("topsecret").And.Not.Contain("pw-789"));
    }

    [TestCase("ssh://example.com/org/repo.git", "ssh://git@example.com/org/repo.git")]
    [TestCase("ssh://deploy@example.com:2222/repo.git", "ssh://deploy@example.com:2222/repo.git")]
    [TestCase("example.com:org/repo.git", "git@example.com:org/repo.git")]
    [TestCase("me@example.com:org/repo.git", "me@example.com:org/repo.git")]
    public void SSH_URLs_without_a_user_connect_as_git(string url, string expected) =>
        Assert.That(GitEnvironment.WithDefaultUser(url), Is.EqualTo(expected));

    [TestCase("git://h/r.git", "Git")]
    [TestCase("https://h/r.git", "Https")]
    [TestCase("git@github.com:org/r.git", "Ssh")]
    [TestCase("/srv/r.git", "File")]
    public void URLs_are_read_into_their_transport(string url, string transport) =>
        Assert.That(GitUrl.Parse(url).Transport.ToString(), Is.EqualTo(transport));

    [TestCase("-uhttp://x")]
    [TestCase("relative/path")]
    [TestCase("ftp://h/r.git")]
    public void Things_that_are_not_Git_URLs_are_refused(string url) =>
        Assert.That(() => GitUrl.Parse(url), Throws.ArgumentException);

    [Test]
    public void The_services_resolve_from_dependency_injection()
    {
        using var provider = new ServiceCollection().AddGitOpsGit(o => o.Timeout = TimeSpan.FromSeconds(5)).BuildServiceProvider();
        Assert.That(provider.GetRequiredService<IGitClient>(), Is.SameAs(provider.GetRequiredService<IGitReader>()));
        Assert.That(provider.GetRequiredService<GitClientOptions>().Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(provider.GetRequiredService<GitOps.Git.Artifacts.GitArtifactBuilder>(), Is.Not.Null);
    }

    [Test]
    public void Invalid_options_are_refused()
    {
        Assert.That(() => new GitClientOptions { Timeout = TimeSpan.Zero }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new GitAuth { BearerToken = "t", Password = "p" }.Validate(), Throws.ArgumentException);
        Assert.That(() => new GitAuth { ClientCertificatePem = "c" }.Validate(), Throws.ArgumentException);
    }
}
