using GitOps.Git.Checkout;
using GitOps.Git.Tests.Servers;
using GitOps.Testing;

namespace GitOps.Git.Tests.Checkout;

/// <summary>
/// Versions differing only in build metadata are equal in semver; Flux's source-controller then takes the tag whose
/// commit was committed last (gogit cloneSemVer sorts by version, then committer time), not the greatest name.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class SemVerTieBreakTests
{
    private static readonly Lazy<(string Name, string Newer, string Older)> Repository = new(Create);

    [TestCase(Transport.Git, GitBackend.Auto)]
    [TestCase(Transport.HttpBasic, GitBackend.Auto)]
    [TestCase(Transport.HttpBasic, GitBackend.LibGit2Sharp)]
    [TestCase(Transport.Ssh, GitBackend.GitCli)]
    public async Task Of_equal_versions_the_tag_committed_last_wins_as_in_Flux(Transport transport, GitBackend backend)
    {
        var servers = GitServers.Get();
        var (name, newer, _) = Repository.Value;
        using var temp = new TemporaryDirectory();
        var client = new GitClient(new GitClientOptions { Backend = backend });

        var commit = await client.CloneAsync(servers.Url(transport, name), temp.Combine("c"), new CloneOptions { Strategy = CheckoutStrategy.ForSemVer("1.x"), ShallowClone = backend != GitBackend.LibGit2Sharp }, servers.Auth(transport));

        Assert.That(commit.ToString(), Is.EqualTo("v1.0.0+a@sha1:" + newer), "v1.0.0+b has the greater name but the older commit");
        Assert.That(File.ReadAllText(temp.Combine("c", "version.txt")), Is.EqualTo("newer\n"));
    }

    private static (string, string, string) Create()
    {
        var servers = GitServers.Get();
        var root = servers.Repository.Root;
        const string name = "semver-ties.git";
        var work = Path.Combine(root, "semver-ties-work");
        Directory.CreateDirectory(work);
        ServerProcess.Git(work, "init", "-q", "-b", "main");
        string CommitAt(string content, string date)
        {
            File.WriteAllText(Path.Combine(work, "version.txt"), content);
            ServerProcess.Git(work, "add", "-A");
            var env = new Dictionary<string, string> { ["GIT_COMMITTER_DATE"] = date, ["GIT_AUTHOR_DATE"] = date };
            ServerProcess.Run("git", work, env, "commit", "-q", "-m", content.Trim());
            return ServerProcess.Git(work, "rev-parse", "HEAD").Trim();
        }

        var older = CommitAt("older\n", "2024-01-01T00:00:00Z");
        ServerProcess.Git(work, "tag", "v1.0.0+b");
        ServerProcess.Git(work, "tag", "v0.9.0");
        var newer = CommitAt("newer\n", "2024-06-01T00:00:00Z");
        ServerProcess.Git(work, "tag", "-a", "v1.0.0+a", "-m", "annotated");
        CommitAt("head\n", "2024-07-01T00:00:00Z");
        ServerProcess.Git(root, "clone", "-q", "--bare", work, Path.Combine(root, name));
        return (name, newer, older);
    }
}
