using System.Formats.Tar;
using System.IO.Compression;
using GitOps.Git.Artifacts;
using GitOps.Git.Checkout;
using GitOps.Git.Tests.Servers;
using GitOps.Testing;

namespace GitOps.Git.Tests.Artifacts;

[Parallelizable(ParallelScope.All)]
public sealed class GitArtifactBuilderTests
{
    private static List<string> Entries(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    [Test]
    public async Task The_same_tree_gives_the_same_digest_over_every_transport_and_backend()
    {
        var servers = GitServers.Get();
        using var temp = new TemporaryDirectory();
        var results = new List<(string Name, GitArtifactResult Result)>();
        foreach (var transport in Enum.GetValues<Transport>())
        {
            foreach (var backend in new[] { GitBackend.Auto, GitBackend.GitCli })
            {
                var options = new GitClientOptions { Backend = backend };
                var builder = new GitArtifactBuilder(new GitClient(options), options: options);
                var output = temp.Combine($"{transport}-{backend}.tar.gz");
                var result = await builder.BuildAsync(servers.Url(transport), new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main") }, output, servers.Auth(transport));
                results.Add(($"{transport}/{backend}", result));
            }

            // Any reader other than GitClient is packed from its checkout, not from the tree.
            var checkout = await new GitArtifactBuilder(new GitOps.Git.Clients.GitCliClient()).BuildAsync(
                servers.Url(transport), new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main") }, temp.Combine($"{transport}-checkout.tar.gz"), servers.Auth(transport));
            results.Add(($"{transport}/checkout", checkout));
        }

        var first = results[0].Result.Artifact!;
        Assert.That(first.Revision?.ToString(), Is.EqualTo("main@sha1:" + servers.Repository.Commit("main")));
        Assert.That(first.Digest.ToString(), Does.StartWith("sha256:"));
        Assert.That(results.Select(r => (r.Name, r.Result.Artifact!.Digest)), Is.EqualTo(results.Select(r => (r.Name, first.Digest))));
    }

    [Test]
    public async Task The_artifact_honours_sourceignore_and_never_packs_git_metadata()
    {
        var servers = GitServers.Get();
        using var temp = new TemporaryDirectory();
        var result = await new GitArtifactBuilder().BuildAsync(servers.Url(Transport.Git), new CloneOptions { Strategy = CheckoutStrategy.ForTag("v2.1.0") }, temp.Combine("a.tar.gz"));

        var entries = Entries(result.Artifact!.Path!);
        Assert.That(entries, Does.Contain("deploy/app/deployment.yaml"));
        Assert.That(entries, Does.Contain("logo.png"), "a .sourceignore replaces the default exclusions, as in Flux");
        Assert.That(entries, Has.None.StartsWith(".git"));
        Assert.That(entries, Has.None.EqualTo("README.md"), ".sourceignore says *.md");
        Assert.That(result.Artifact.Revision?.ToString(), Is.EqualTo("v2.1.0@sha1:" + servers.Repository.Commit("v2.1.0")));
    }

    [TestCase("main@sha1:{0}")]
    [TestCase("refs/heads/main@sha1:{0}")]
    [TestCase("main/{0}")]
    public async Task Nothing_is_cloned_when_the_branch_is_still_at_the_last_observed_revision(string observed)
    {
        var servers = GitServers.Get();
        using var temp = new TemporaryDirectory();
        var output = temp.Combine("a.tar.gz");
        var options = new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main"), LastObservedRevision = string.Format(System.Globalization.CultureInfo.InvariantCulture, observed, servers.Repository.Commit("main")) };

        var result = await new GitArtifactBuilder().BuildAsync(servers.Url(Transport.HttpBasic), options, output, servers.Auth(Transport.HttpBasic));

        Assert.That(result.Artifact, Is.Null);
        Assert.That(result.Commit.IsConcrete, Is.False);
        Assert.That(result.Commit.ToString(), Is.EqualTo("main@sha1:" + servers.Repository.Commit("main")));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public async Task A_branch_that_moved_since_the_last_observed_revision_is_cloned()
    {
        var servers = GitServers.Get();
        using var temp = new TemporaryDirectory();
        var options = new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main"), LastObservedRevision = "main@sha1:" + servers.Repository.Commit("first") };

        var result = await new GitArtifactBuilder().BuildAsync(servers.Url(Transport.Git), options, temp.Combine("a.tar.gz"));

        Assert.That(result.Commit.IsConcrete, Is.True);
        Assert.That(result.Artifact, Is.Not.Null);
    }

    [TestCase(Transport.Git)]
    [TestCase(Transport.HttpBasic)]
    [TestCase(Transport.Ssh)]
    public async Task A_sparse_checkout_holds_only_the_named_directories(Transport transport)
    {
        var servers = GitServers.Get();
        using var temp = new TemporaryDirectory();
        var commit = await new GitClient().CloneAsync(
            servers.Url(transport), temp.Combine("c"), new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main"), SparseCheckoutDirectories = ["deploy/app"] }, servers.Auth(transport));

        Assert.That(commit.ToString(), Is.EqualTo("main@sha1:" + servers.Repository.Commit("main")));
        Assert.That(File.Exists(temp.Combine("c", "deploy/app/kustomization.yaml")), Is.True);
        Assert.That(Directory.Exists(temp.Combine("c", "deploy/other")), Is.False);
    }

    [TestCase(Transport.Git, GitBackend.Auto, true)]
    [TestCase(Transport.HttpBasic, GitBackend.Auto, true)]
    [TestCase(Transport.Git, GitBackend.LibGit2Sharp, false)]
    [TestCase(Transport.HttpBasic, GitBackend.LibGit2Sharp, true)]
    [TestCase(Transport.HttpBasic, GitBackend.LibGit2Sharp, false)]
    [TestCase(Transport.Ssh, GitBackend.Auto, true)]
    public async Task Submodules_are_checked_out_on_request_only(Transport transport, GitBackend backend, bool shallow)
    {
        var servers = GitServers.Get();
        using var temp = new TemporaryDirectory();
        var client = new GitClient(new GitClientOptions { Backend = backend });
        var with = new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main"), RecurseSubmodules = true, ShallowClone = shallow };
        await client.CloneAsync(servers.Url(transport), temp.Combine("with"), with, servers.Auth(transport));
        await client.CloneAsync(servers.Url(transport), temp.Combine("without"), new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main"), ShallowClone = shallow }, servers.Auth(transport));

        Assert.That(File.ReadAllText(temp.Combine("with", "vendor/sub/sub.txt")), Is.EqualTo("submodule\n"));
        Assert.That(File.ReadAllText(temp.Combine("with", "vendor/sub/nested/nested.txt")), Is.EqualTo("nested submodule\n"), "submodules are checked out at every level");
        Assert.That(File.Exists(temp.Combine("without", "vendor/sub/sub.txt")), Is.False);
    }

    [Test]
    public void A_submodule_clone_interrupted_by_a_signal_is_retried_like_the_clone_itself()
    {
        var interrupted = new LibGit2Sharp.RecurseSubmodulesException(
            "The top level repository was cloned, but there was an error cloning its submodules.",
            new LibGit2Sharp.LibGit2SharpException("failed to receive response: Interrupted system call"),
            "/tmp/clone");

        Assert.That(GitOps.Git.Clients.LibGit2SharpGitClient.IsInterrupted(interrupted), Is.True);
        Assert.That(GitOps.Git.Clients.LibGit2SharpGitClient.IsInterrupted(new LibGit2Sharp.LibGit2SharpException("too many redirects or authentication replays")), Is.False);
    }
}
