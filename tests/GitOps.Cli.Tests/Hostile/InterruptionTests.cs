using System.Diagnostics;
using GitOps.Testing;
using GitOps.Testing.Http;

namespace GitOps.Cli.Tests.Hostile;

/// <summary>
/// SIGINT and SIGTERM sent to the gitops process (a child, as a shell or an orchestrator runs it) in the middle of
/// a slow download: it exits with one line, and leaves neither the destination nor a staging directory behind.
/// </summary>
public sealed class InterruptionTests
{
    private static readonly string SampleApp = Path.Combine(SharedData.RepositoryRoot, "samples", "app");

    [TestCase("TERM")]
    [TestCase("INT")]
    public async Task A_signal_during_a_fetch_stops_it_and_leaves_nothing_behind(string signal)
    {
        using var work = new TemporaryDirectory();
        var archive = work.Combine("app.tar.gz");
        await CliRun.RunAsync("artifact", "pack", SampleApp, "--output", archive);
        var bytes = await File.ReadAllBytesAsync(archive);
        var midway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackHttpServer.StartAsync();
        server.MapHandler("/app.tar.gz", async context =>
        {
            context.Response.ContentLength = bytes.Length;
            try
            {
                for (var offset = 0; offset < bytes.Length; offset += 64)
                {
                    await context.Response.Body.WriteAsync(bytes.AsMemory(offset, Math.Min(64, bytes.Length - offset)), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    if (offset >= 192 && midway.TrySetResult())
                    {
                        // Hold the rest back until the client goes away, so a slow machine cannot finish the fetch
                        // before the signal lands (the fetcher's own inactivity timeout would end it at 30 s).
                        await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted);
                    }

                    await Task.Delay(200, context.RequestAborted);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The client went away, as it should.
            }
        });
        var parent = work.Combine("out");
        Directory.CreateDirectory(parent);
        var dest = Path.Combine(parent, "app");
        // A runner started in the background (as `cmd &` from a script) hands SIGINT down ignored, and a process
        // rightly keeps ignoring what it was started ignoring: env (which execs, so the pid stays) restores the default.
        var start = new ProcessStartInfo("env") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = work.Path };
        foreach (var arg in new[] { "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "gitops.dll"), "artifact", "fetch", server.Url("/app.tar.gz").ToString(), "--no-digest", "--dest", dest })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await midway.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var stagingWhileRunning = Directory.GetDirectories(parent, ".app.staging-*").Length;
        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var error = await stderr;

        Assert.Multiple(() =>
        {
            Assert.That(stagingWhileRunning, Is.EqualTo(1), "the fetch was extracting into its staging directory");
            Assert.That(process.ExitCode, Is.Not.Zero);
            Assert.That(error.Trim(), Is.EqualTo("error: cancelled"));
            Assert.That(Directory.GetFileSystemEntries(parent), Is.Empty, "no destination, staging directory or marker left");
        });
    }
}
