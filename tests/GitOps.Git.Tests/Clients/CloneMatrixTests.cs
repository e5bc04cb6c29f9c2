using GitOps.Git.Checkout;
using GitOps.Git.Tests.Servers;
using GitOps.Testing;

namespace GitOps.Git.Tests.Clients;

/// <summary>Every checkout strategy over every transport that supports it, through each backend, against real servers.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class CloneMatrixTests
{
    private static readonly Transport[] Transports = Enum.GetValues<Transport>();
    private static readonly GitBackend[] Backends = [GitBackend.Auto, GitBackend.GitCli, GitBackend.LibGit2Sharp];
    private static readonly string[] Strategies = ["branch", "tag", "semver", "name", "commit", "commit+branch", "branch-full"];

    public static IEnumerable<TestCaseData> Cases() =>
        from transport in Transports
        from strategy in Strategies
        from backend in Backends
        select new TestCaseData(transport, strategy, backend).SetArgDisplayNames(transport.ToString(), strategy, backend.ToString());

    [TestCaseSource(nameof(Cases))]
    public async Task A_clone_checks_out_what_the_strategy_names_with_Flux_revision(Transport transport, string strategyName, GitBackend backend)
    {
        var servers = GitServers.Get();
        var repo = servers.Repository;
        var (options, expectedRevision, expectedVersion) = strategyName switch
        {
            "branch" => (new CloneOptions { Strategy = CheckoutStrategy.ForBranch("dev") }, "dev@sha1:" + repo.Commit("dev"), "dev"),
            "branch-full" => (new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main"), ShallowClone = false }, "main@sha1:" + repo.Commit("main"), "main"),
            "tag" => (new CloneOptions { Strategy = CheckoutStrategy.ForTag("v1.1.0") }, "v1.1.0@sha1:" + repo.Commit("v1.1.0"), "1.1"),
            "semver" => (new CloneOptions { Strategy = CheckoutStrategy.ForSemVer(">=1.0.0 <3.0.0") }, "v2.1.0@sha1:" + repo.Commit("v2.1.0"), "2.1.0"),
            "name" => (new CloneOptions { Strategy = CheckoutStrategy.ForName("refs/pull/1/head") }, "refs/pull/1/head@sha1:" + repo.Commit("pull"), "pull"),
            "commit" => (new CloneOptions { Strategy = CheckoutStrategy.ForCommit(repo.Commit("v1.1.0")) }, "sha1:" + repo.Commit("v1.1.0"), "1.1"),
            _ => (new CloneOptions { Strategy = CheckoutStrategy.ForCommit(repo.Commit("first"), "main") }, "main@sha1:" + repo.Commit("first"), "1"),
        };
        var client = new GitClient(new GitClientOptions { Backend = backend, Timeout = TimeSpan.FromSeconds(30) });
        using var temp = new TemporaryDirectory();
        var destination = temp.Combine("clone");
        var url = servers.Url(transport);
        var auth = servers.Auth(transport);

        if (backend == GitBackend.LibGit2Sharp && !LibGit2SharpCanDo(transport, options))
        {
            Assert.That(async () => await client.CloneAsync(url, destination, options, auth), Throws.TypeOf<GitUnsupportedException>());
            Assert.That(Directory.Exists(destination), Is.False);
            return;
        }

        var commit = await client.CloneAsync(url, destination, options, auth);

        Assert.That(commit.ToString(), Is.EqualTo(expectedRevision));
        Assert.That(commit.IsConcrete, Is.True);
        Assert.That(File.ReadAllText(Path.Combine(destination, "deploy/app/deployment.yaml")), Does.Contain("version: " + expectedVersion + "\n"));
        Assert.That(commit.Author?.Email, Is.EqualTo("test@example.com"));
    }

    private static bool LibGit2SharpCanDo(Transport transport, CloneOptions options)
    {
        var kind = options.Strategy.Kind;
        var http = transport is Transport.HttpBasic or Transport.HttpsBasic or Transport.HttpBearer;
        if (transport is Transport.Ssh or Transport.HttpsClientCertificate)
        {
            return false;
        }

        // ls-remote through LibGit2Sharp takes no bearer header or CA callback; only a bare commit needs no listing.
        if (transport is Transport.HttpBearer or Transport.HttpsBasic && !(kind == CheckoutKind.Commit && options.Strategy.Branch is null))
        {
            return false;
        }

        if (kind == CheckoutKind.Commit && options.Strategy.Branch is null)
        {
            return !options.ShallowClone;
        }

        return !options.ShallowClone || kind == CheckoutKind.Commit || (http && kind == CheckoutKind.Branch);
    }
}
