using GitOps.Git.Checkout;
using GitOps.Git.Tests.Servers;
using GitOps.Git.Writing;
using GitOps.Testing;

namespace GitOps.Git.Tests.Writing;

[Parallelizable(ParallelScope.All)]
public sealed class WriterTests
{
    [TestCase(Transport.HttpBasic)]
    [TestCase(Transport.Ssh)]
    [TestCase(Transport.Git)]
    public async Task A_commit_pushed_to_a_new_branch_and_to_an_existing_one_is_on_the_remote(Transport transport)
    {
        var servers = GitServers.Get();
        var name = $"push-{transport}-{Guid.NewGuid():N}.git";
        servers.Repository.CopyForPush(name);
        var url = servers.Url(transport, name);
        var auth = servers.Auth(transport);
        var client = new GitClient();
        using var temp = new TemporaryDirectory();
        var work = temp.Combine("work");
        await client.CloneAsync(url, work, new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main") }, auth);

        File.WriteAllText(Path.Combine(work, "deploy/app/image.txt"), "image: app:v2\n");
        var when = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var commit = await client.CommitAsync(work, new CommitOptions { Message = "Update image", AuthorName = "Flux Bot", AuthorEmail = "bot@example.com", When = when });
        await client.PushAsync(work, url, new PushOptions { Branch = "automation" }, auth);
        await client.PushAsync(work, url, new PushOptions { Branch = "main" }, auth);

        var refs = await client.ListReferencesAsync(url, auth);
        Assert.That(refs.Single(r => r.Name == "refs/heads/automation").Target, Is.EqualTo(commit.Hash));
        Assert.That(refs.Single(r => r.Name == "refs/heads/main").Target, Is.EqualTo(commit.Hash));
        Assert.That(commit.Author, Is.EqualTo(new GitSignature("Flux Bot", "bot@example.com", when)));
        Assert.That(commit.Message, Is.EqualTo("Update image"));
        Assert.That(commit.ToString(), Is.EqualTo("main@sha1:" + commit.Hash));
    }

    [Test]
    public async Task A_push_that_is_not_a_fast_forward_is_refused()
    {
        var servers = GitServers.Get();
        var name = $"push-ff-{Guid.NewGuid():N}.git";
        servers.Repository.CopyForPush(name);
        var url = servers.Url(Transport.Git, name);
        var client = new GitClient();
        using var temp = new TemporaryDirectory();
        await client.CloneAsync(url, temp.Combine("w"), new CloneOptions { Strategy = CheckoutStrategy.ForBranch("dev") });
        File.WriteAllText(temp.Combine("w", "x.txt"), "x\n");
        await client.CommitAsync(temp.Combine("w"), new CommitOptions { Message = "x", AuthorName = "a", AuthorEmail = "a@example.com" });

        Assert.That(async () => await client.PushAsync(temp.Combine("w"), url, new PushOptions { Branch = "main" }), Throws.InstanceOf<GitException>());
    }

    [Test]
    public async Task A_wrong_password_on_push_is_an_authentication_error()
    {
        var servers = GitServers.Get();
        var client = new GitClient();
        using var temp = new TemporaryDirectory();
        await client.CloneAsync(servers.Url(Transport.Git), temp.Combine("w"), new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main") });
        File.WriteAllText(temp.Combine("w", "x.txt"), "x\n");
        await client.CommitAsync(temp.Combine("w"), new CommitOptions { Message = "x", AuthorName = "a", AuthorEmail = "a@example.com" });

        Assert.That(
            async () => await client.PushAsync(temp.Combine("w"), servers.Url(Transport.HttpBasic), new PushOptions { Branch = "x" }, new Auth.GitAuth { Username = GitServers.User, Password = "bad-one" }),
            Throws.TypeOf<GitAuthenticationException>());
    }

    [Test]
    public async Task Nothing_to_commit_is_an_error()
    {
        var servers = GitServers.Get();
        var client = new GitClient();
        using var temp = new TemporaryDirectory();
        await client.CloneAsync(servers.Url(Transport.Git), temp.Combine("w"), new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main") });

        Assert.That(
            async () => await client.CommitAsync(temp.Combine("w"), new CommitOptions { Message = "x", AuthorName = "a", AuthorEmail = "a@example.com" }),
            Throws.TypeOf<GitNothingToCommitException>().With.Message.Contains("no staged files"));
    }

    [Test]
    public async Task A_commit_can_be_signed_with_an_SSH_key_and_git_verifies_it()
    {
        var servers = GitServers.Get();
        var client = new GitClient();
        using var temp = new TemporaryDirectory();
        var work = temp.Combine("w");
        await client.CloneAsync(servers.Url(Transport.Git), work, new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main") });
        await client.SwitchBranchAsync(work, "signed");
        File.WriteAllText(Path.Combine(work, "x.txt"), "x\n");

        var commit = await client.CommitAsync(work, new CommitOptions
        {
            Message = "signed",
            AuthorName = "a",
            AuthorEmail = "a@example.com",
            Signing = new CommitSigning { Format = SignatureFormat.Ssh, Key = servers.SshIdentity },
        });

        Assert.That(commit.Reference, Is.EqualTo("refs/heads/signed"));
        var publicKey = ServerProcess.Run("ssh-keygen", work, null, "-y", "-f", WriteKey(temp, servers.SshIdentity)).Trim();
        File.WriteAllText(temp.Combine("allowed"), "a@example.com " + publicKey + "\n");
        var verified = ServerProcess.Run("git", work, null, "-c", "gpg.ssh.allowedSignersFile=" + temp.Combine("allowed"), "verify-commit", "-v", commit.Hash);
        Assert.That(ServerProcess.Git(work, "cat-file", "commit", commit.Hash), Does.Contain("-----BEGIN SSH SIGNATURE-----"));
        Assert.That(verified, Is.Not.Null);
    }

    private static string WriteKey(TemporaryDirectory temp, string key)
    {
        var path = temp.Combine("key");
        File.WriteAllText(path, key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return path;
    }
}
