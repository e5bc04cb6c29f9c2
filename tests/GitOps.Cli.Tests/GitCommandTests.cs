using System.Diagnostics;
using GitOps.Artifacts;
using GitOps.Testing;

namespace GitOps.Cli.Tests;

/// <summary><c>gitops git clone</c> and <c>gitops git artifact</c> on a repository made here with git (a local path: no server needed).</summary>
public sealed class GitCommandTests
{
    private static string CreateRepository(TemporaryDirectory work)
    {
        var repo = work.Combine("repo");
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(repo, "app.yaml"), "kind: ConfigMap\n");
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "one");
        Git(repo, "tag", "v1.0.0");
        return repo;
    }

    private static string Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "t";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "t@example.com";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }

    [Test]
    public async Task Clone_prints_Flux_revision_and_fills_the_destination()
    {
        using var work = new TemporaryDirectory();
        var repo = CreateRepository(work);
        var head = Git(repo, "rev-parse", "HEAD");

        var run = await CliRun.RunAsync("git", "clone", repo, "--ref", "tag=v1.0.0", "--dest", work.Combine("out"));

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(run.Output, Does.StartWith($"revision: v1.0.0@sha1:{head}\n"));
        Assert.That(File.ReadAllText(work.Combine("out", "app.yaml")), Is.EqualTo("kind: ConfigMap\n"));
    }

    [Test]
    public async Task Artifact_prints_the_revision_and_the_sha256_digest_of_the_file_it_wrote()
    {
        using var work = new TemporaryDirectory();
        var repo = CreateRepository(work);
        var output = work.Combine("app.tar.gz");

        var run = await CliRun.RunAsync("git", "artifact", repo, "--ref", "branch=main", "--output", output);

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(run.Output, Does.StartWith($"revision: main@sha1:{Git(repo, "rev-parse", "HEAD")}\ndigest: {Digest.Compute(File.ReadAllBytes(output))}\n"));
    }

    [TestCase("--ref", "commit=abc")]
    [TestCase("--ref", "branch=nope")]
    [TestCase("--depth", "5")]
    public async Task Bad_input_gives_one_line_on_stderr_and_a_non_zero_exit(string option, string value)
    {
        using var work = new TemporaryDirectory();
        var repo = CreateRepository(work);

        var run = await CliRun.RunAsync("git", "clone", repo, option, value, "--dest", work.Combine("out"));

        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Error.Trim().Split('\n'), Has.Length.EqualTo(1), run.Error);
        Assert.That(Directory.Exists(work.Combine("out")), Is.False);
    }

    [Test]
    public async Task The_demo_turns_a_commit_served_by_git_daemon_into_the_same_artifact_as_the_directory()
    {
        var run = await CliRun.RunAsync("demo");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(run.Output, Does.Match(@"revision: main@sha1:[0-9a-f]{40}"));
        Assert.That(run.Output, Does.Contain("packing the directory itself gave the same digest"));
        Assert.That(run.Output, Does.Contain("asked again with the last revision: unchanged, nothing cloned"));
    }
}
