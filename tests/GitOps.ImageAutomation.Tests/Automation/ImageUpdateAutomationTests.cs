using System.Security.Cryptography;
using System.Text;
using GitOps.ImageAutomation.Automation;
using GitOps.ImageAutomation.Policies;
using GitOps.Oci.Flux;
using GitOps.Oci.Registry;
using GitOps.Oci.Tests.Support;
using GitOps.ImageAutomation.Setters;
using GitOps.ImageAutomation.Tests.Setters;
using GitOps.Notifications;
using GitOps.Testing;
using GitOps.Testing.Http;
using Microsoft.AspNetCore.Http;

namespace GitOps.ImageAutomation.Tests.Automation;

/// <summary>The whole loop against a real git daemon on 127.0.0.1 and a real webhook receiver (Kestrel) checking the HMAC.</summary>
[NonParallelizable]
public sealed class ImageUpdateAutomationTests
{
    private TemporaryDirectory _served = null!;
    private GitDaemon _daemon = null!;

    [OneTimeSetUp]
    public void StartDaemon()
    {
        if (!GitCli.Available())
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("git and git daemon are required: run .ci/install.sh");
            }

            Assert.Ignore("git daemon not installed: run .ci/install.sh");
        }

        _served = new TemporaryDirectory();
        _daemon = GitDaemon.Start(_served.Path);
    }

    [OneTimeTearDown]
    public void StopDaemon()
    {
        _daemon?.Dispose();
        _served?.Dispose();
    }

    [Test]
    public async Task Clones_updates_commits_pushes_and_notifies()
    {
        var url = CreateRepository("apps.git");
        var key = Encoding.UTF8.GetBytes("hmac-key");
        await using var receiver = await LoopbackHttpServer.StartAsync();
        var received = new List<(byte[] Body, string Signature)>();
        receiver.MapHandler("/hook", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Add((body.ToArray(), context.Request.Headers["X-Signature"].ToString()));
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        using var hook = new GenericWebhookProvider(new GenericWebhookOptions { Address = receiver.Url("/hook"), HmacKey = key });
        var options = new ImageUpdateAutomationOptions
        {
            RepositoryUrl = url,
            UpdatePath = "./deploy",
            PushBranch = "image-updates",
            MessageTemplate = "Update images in {{ .AutomationObject }}\n{{ range .Changed.Changes }}\n- {{ .OldValue }} -> {{ .NewValue }}{{ end }}",
            AutomationName = "apps",
        };

        var result = await new ImageUpdateAutomation(Git(), [hook]).RunAsync(options, ImageSettersTests.Policies);

        using var check = new TemporaryDirectory();
        GitCli.Run(null, "clone", "--quiet", "--branch", "image-updates", url, check.Combine("c"));
        var expected = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "setters", "expected");
        var sent = received.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Pushed, Is.True);
            Assert.That(GitCli.Run(check.Combine("c"), "rev-parse", "HEAD").Trim(), Is.EqualTo(result.Commit));
            Assert.That(GitCli.Run(check.Combine("c"), "log", "-1", "--format=%an <%ae>%n%B").TrimEnd(), Is.EqualTo("""
                fluxcdbot <fluxcdbot@users.noreply.github.com>
                Update images in flux-system/apps

                - quoted-name -> registry.example/team/app
                - v1 -> 20240101
                - old-name -> registry.example/team/app
                - v1 -> v2.3.4
                - sha256:feed -> sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                - pinned -> pinned:1.4.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                - worker:1.0.0 -> registry.example/team/app:v2.3.4
                - web:1 -> web:20240101
                - 0 -> 20240101
                - --version=1 -> 20240101
                """));
            foreach (var file in new[] { "marked.yaml", "kustomization.yml", "Kustomization", "nested/multi.yaml" })
            {
                Assert.That(File.ReadAllText(check.Combine("c", "deploy", file)), Is.EqualTo(File.ReadAllText(Path.Combine(expected, file))), file);
            }

            Assert.That(GitCli.Run(null, "ls-remote", url, "refs/heads/main").Split('\t')[0], Is.EqualTo(GitCli.Run(check.Combine("c"), "rev-parse", "HEAD~1").Trim()), "main is untouched");
            Assert.That(sent.Signature, Is.EqualTo("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, sent.Body))));
            Assert.That(Encoding.UTF8.GetString(sent.Body), Is.EqualTo(result.Event!.ToJson()));
            Assert.That(result.Event!.Message, Does.StartWith($"pushed commit '{result.Commit![..7]}' to branch 'image-updates'\nUpdate images in flux-system/apps"));
            Assert.That(result.Event.Metadata![ImageUpdateAutomation.UpdatedImagesKey].Split('\n'), Is.EqualTo(result.Changes.UpdatedImages));
            Assert.That(result.Notifications.Single().Delivered, Is.True);
        });
    }

    [Test]
    public async Task Nothing_is_committed_when_no_marker_changes()
    {
        var url = CreateRepository("unchanged.git");
        var policies = new[] { new ImagePolicyResult("automation-ns", "same", new ImageRef("sidecar", "2.0.0")) };

        var result = await new ImageUpdateAutomation(Git()).RunAsync(new ImageUpdateAutomationOptions { RepositoryUrl = url, UpdatePath = "deploy" }, policies);

        Assert.Multiple(() =>
        {
            Assert.That(result.Pushed, Is.False);
            Assert.That(result.Event, Is.Null);
            Assert.That(GitCli.Run(null, "ls-remote", url).Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2), "HEAD and main only");
        });
    }

    [Test]
    public void An_update_path_outside_the_clone_is_refused() =>
        Assert.That(
            () => new ImageUpdateAutomation(Git()).RunAsync(new ImageUpdateAutomationOptions { RepositoryUrl = CreateRepository("escape.git"), UpdatePath = "../.." }, ImageSettersTests.Policies),
            Throws.TypeOf<ImageAutomationException>().With.Message.EqualTo("update path '../..' is outside the repository"));

    [Test]
    public void A_failed_clone_is_reported_as_an_automation_failure() =>
        Assert.That(
            () => new ImageUpdateAutomation(Git()).RunAsync(new ImageUpdateAutomationOptions { RepositoryUrl = _daemon.Url("missing.git") }, ImageSettersTests.Policies),
            Throws.TypeOf<ImageAutomationException>().With.Message.StartsWith("failed to update source: clone failed: "));

    [Test]
    public async Task Tags_listed_from_a_real_registry_choose_the_image_the_loop_pushes()
    {
        await using var registry = await RegistryServer.StartAsync(RegistryMode.Plain);
        using var client = new OciRegistryClient(registry.ClientOptions());
        using var content = new TemporaryDirectory();
        content.WriteFile("app.yaml", "kind: ConfigMap\n");
        var pusher = new FluxArtifactPusher(client);
        foreach (var tag in new[] { "1.0.0", "1.2.0", "1.10.0", "2.0.0-rc.1", "v1.9.0", "latest" })
        {
            await pusher.PushAsync(content.Path, registry.Reference("team/app", tag));
        }

        var tags = await client.ListTagsAsync(registry.Reference("team/app"));
        var chosen = ImagePolicy.SemVer("^1.0").SelectLatestTag(TagExclusion.Default.Apply(tags));
        var image = registry.Host + "/team/app";
        var url = CreateRepository("from-registry.git");

        var result = await new ImageUpdateAutomation(Git()).RunAsync(
            new ImageUpdateAutomationOptions { RepositoryUrl = url, UpdatePath = "deploy", PushBranch = "image-updates" },
            [new ImagePolicyResult("automation-ns", "app", new ImageRef(image, chosen))]);

        using var check = new TemporaryDirectory();
        GitCli.Run(null, "clone", "--quiet", "--branch", "image-updates", url, check.Combine("c"));
        Assert.Multiple(() =>
        {
            Assert.That(chosen, Is.EqualTo("1.10.0"), "semver ^1.0 over the registry's tags");
            Assert.That(result.Pushed, Is.True);
            Assert.That(result.Changes.UpdatedImages, Does.Contain(image + ":1.10.0"));
            Assert.That(File.ReadAllText(check.Combine("c", "deploy", "marked.yaml")), Does.Contain($"image: {image}:1.10.0 # {{\"$imagepolicy\": \"automation-ns:app\"}}"));
            Assert.That(GitCli.Run(check.Combine("c"), "rev-parse", "HEAD").Trim(), Is.EqualTo(result.Commit));
        });
    }

    [Test]
    public async Task A_commit_of_a_clean_clone_gives_no_commit()
    {
        var git = Git();
        using var work = new TemporaryDirectory();
        await git.CloneAsync(CreateRepository("clean.git"), "main", work.Combine("c"));

        var commit = await git.CommitAllAsync(work.Combine("c"), new GitCommitAuthor("bot", "bot@example.com"), "nothing", DateTimeOffset.UnixEpoch);

        Assert.That(commit, Is.Null);
    }

    [Test]
    public void A_push_of_a_directory_it_did_not_clone_is_refused() =>
        Assert.That(() => Git().PushAsync("/nonexistent-clone", "main"), Throws.InvalidOperationException.With.Message.Contains("was not cloned by this client"));

    /// <summary>The loop's Git operations as a product user gets them: GitOps.Git's client (libgit2 clone, git CLI commit and push).</summary>
    internal static GitAutomationClient Git() => new(new GitOps.Git.GitClient());

    internal string CreateRepository(string name)
    {
        var bare = Path.Combine(_served.Path, name);
        GitCli.Run(null, "init", "--quiet", "--bare", "--initial-branch=main", bare);
        using var seed = new TemporaryDirectory();
        GitCli.Run(null, "init", "--quiet", "--initial-branch=main", seed.Path);
        ImageSettersTests.CopyTree(Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "setters", "original"), seed.Combine("deploy"));
        seed.WriteFile("README.md", "outside the update path: image: worker:1.0.0 # {\"$imagepolicy\": \"automation-ns:app\"}\n");
        seed.WriteFile("root.yaml", "image: worker:1.0.0 # {\"$imagepolicy\": \"automation-ns:app\"}\n");
        GitCli.Run(seed.Path, "add", "--all");
        GitCli.Run(seed.Path, "-c", "user.name=seed", "-c", "user.email=seed@example.com", "commit", "--quiet", "-m", "initial");
        GitCli.Run(seed.Path, "push", "--quiet", bare, "main");
        return _daemon.Url(name);
    }
}
