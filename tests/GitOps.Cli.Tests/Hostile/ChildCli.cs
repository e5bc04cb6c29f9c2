using System.Diagnostics;
using System.Globalization;

namespace GitOps.Cli.Tests.Hostile;

/// <summary>
/// Runs gitops as a child process (as a shell or a controller runs it) and records what a probe checks: the exit
/// code, both outputs, the peak resident set size (VmHWM from /proc, sampled until exit) and the time it took.
/// A child that outlives its bound is killed and reported as <see cref="TimedOut"/>.
/// </summary>
internal sealed record ChildCli(int ExitCode, string Output, string Error, long PeakRssBytes, TimeSpan Elapsed, bool TimedOut)
{
    public const long MiB = 1024 * 1024;

    /// <summary>
    /// What the .NET runtime, the JIT and the GC's slack take on top of an input limit: the bound each memory
    /// assertion adds to the documented cap (the idle CLI peaks near 50 MiB).
    /// </summary>
    public const long Margin = 192 * MiB;

    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "gitops.dll");

    public static async Task<ChildCli> RunAsync(string workingDirectory, TimeSpan bound, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        var timedOut = false;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, ReadPeakRss(process.Id));
            if (clock.Elapsed > bound)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                break;
            }

            await Task.Delay(10);
        }

        await process.WaitForExitAsync();
        clock.Stop();
        return new ChildCli(timedOut ? -1 : process.ExitCode, await output, await error, peak, clock.Elapsed, timedOut);
    }

    /// <summary>VmHWM of /proc/PID/status in bytes (0 once the process is gone).</summary>
    private static long ReadPeakRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Exited between the check and the read.
        }

        return 0;
    }

    /// <summary>Asserts a refusal as the issue asks: a non-zero exit, one line on stderr starting "error:", no stack trace.</summary>
    public ChildCli AssertOneLineError(string contains)
    {
        var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(TimedOut, Is.False, "still running at its bound");
            Assert.That(ExitCode, Is.Not.Zero, Error);
            Assert.That(lines, Has.Length.EqualTo(1), Error);
            Assert.That(Error, Does.StartWith("error: ").And.Contain(contains));
            Assert.That(Error, Does.Not.Contain("   at ").And.Not.Contain("Exception"));
        });
        return this;
    }

    /// <summary>Asserts success (exit 0, nothing on stderr).</summary>
    public ChildCli AssertSuccess()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TimedOut, Is.False, "still running at its bound");
            Assert.That(ExitCode, Is.Zero, Error);
        });
        return this;
    }

    /// <summary>Asserts the peak resident set stayed within <paramref name="cap"/> plus <see cref="Margin"/>.</summary>
    public ChildCli AssertPeakWithin(long cap)
    {
        Assert.That(PeakRssBytes, Is.GreaterThan(0).And.LessThanOrEqualTo(cap + Margin), $"peak RSS {PeakRssBytes / MiB} MiB, cap {cap / MiB} MiB + margin {Margin / MiB} MiB");
        return this;
    }
}
