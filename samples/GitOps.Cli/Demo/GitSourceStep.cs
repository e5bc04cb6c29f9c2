using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GitOps.Git;
using GitOps.Git.Artifacts;
using GitOps.Git.Checkout;
using GitOps.Git.Writing;

namespace GitOps.Cli.Demo;

/// <summary>
/// Commits the sample app to a Git repository, serves it with <c>git daemon</c> on 127.0.0.1 (an ephemeral port)
/// and turns the commit into an artifact as source-controller does: a shallow clone of <c>main</c>, packed with the
/// same rules as the directory, so the digest matches the directory's artifact. <c>git daemon</c> comes with git
/// itself, so nothing else is needed; without git the step says so and is skipped.
/// </summary>
internal sealed class GitSourceStep : IDemoStep
{
    public string Title => "Serve the sample app from a Git server on 127.0.0.1 and turn a commit into an artifact";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var source = context.SampleApp ?? throw new InvalidOperationException("the sample app has not been written");
        var root = Path.Combine(context.WorkDirectory.FullName, "git");
        var work = Path.Combine(root, "work");
        var repos = Path.Combine(root, "repos");
        if (!TryGit(root, out _, "--version"))
        {
            await context.ReportAsync("skipped: git is not installed (git daemon serves the repository)").ConfigureAwait(false);
            return;
        }

        CopyTree(source.FullName, work);
        Directory.CreateDirectory(repos);
        Git(work, "init", "-q", "-b", "main");
        Git(repos, "init", "-q", "--bare", "app.git");
        var client = new GitClient();
        var commit = await client.CommitAsync(work, new CommitOptions { Message = "Add the sample app", AuthorName = "GitOps Demo", AuthorEmail = "demo@example.com" }, cancellationToken).ConfigureAwait(false);
        await client.PushAsync(work, Path.Combine(repos, "app.git"), new PushOptions { Branch = "main" }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await context.ReportAsync($"committed {source.Name}/ as {commit.Hash[..12]} and pushed it to branch main").ConfigureAwait(false);

        var port = FreePort();
        using var daemon = StartDaemon(repos, port);
        try
        {
            await WaitForPortAsync(port, daemon, cancellationToken).ConfigureAwait(false);
            var url = $"git://127.0.0.1:{port}/app.git";
            await context.ReportAsync($"git daemon serves it at {url}").ConfigureAwait(false);
            var output = Path.Combine(context.WorkDirectory.FullName, "artifacts", "app-git.tar.gz");
            var result = await new GitArtifactBuilder(client).BuildAsync(url, new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main") }, output, cancellationToken: cancellationToken).ConfigureAwait(false);
            await context.ReportAsync($"revision: {result.Commit}").ConfigureAwait(false);
            await context.ReportAsync($"artifact: artifacts/app-git.tar.gz, {result.Artifact!.Digest}").ConfigureAwait(false);
            if (context.SampleArtifact is { } packed)
            {
                var same = packed.Digest == result.Artifact.Digest ? "the same digest" : "a different digest (" + packed.Digest + ")";
                await context.ReportAsync($"packing the directory itself gave {same}").ConfigureAwait(false);
            }

            var again = await client.CloneAsync(url, Path.Combine(root, "unchanged"), new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main"), LastObservedRevision = result.Commit.ToString() }, cancellationToken: cancellationToken).ConfigureAwait(false);
            await context.ReportAsync($"asked again with the last revision: {(again.IsConcrete ? "cloned" : "unchanged, nothing cloned")}").ConfigureAwait(false);
        }
        finally
        {
            if (!daemon.HasExited)
            {
                daemon.Kill(entireProcessTree: true);
                await daemon.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static Process StartDaemon(string repos, int port)
    {
        var start = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "daemon", "--listen=127.0.0.1", $"--port={port}", "--reuseaddr", "--export-all", $"--base-path={repos}", repos })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForPortAsync(int port, Process daemon, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 200 && !daemon.HasExited; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(25, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new GitException($"git daemon did not start on 127.0.0.1:{port}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Git(string directory, params string[] arguments)
    {
        if (!TryGit(directory, out var error, arguments))
        {
            throw new GitException($"git {arguments[0]} failed: {error}");
        }
    }

    private static bool TryGit(string directory, out string error, params string[] arguments)
    {
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        try
        {
            using var process = Process.Start(start)!;
            _ = process.StandardOutput.ReadToEndAsync();
            error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            error = e.Message;
            return false;
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
