using System.Diagnostics;

namespace GitOps.Kustomize.Tests.Differential;

/// <summary>
/// The oracle: <c>kubectl kustomize</c> (kustomize v5.5.0). Where kubectl is absent the calling test is
/// ignored with a clear message; under <c>CI=true</c> its absence fails the test.
/// </summary>
internal static class Kubectl
{
    private static readonly Lazy<string?> Path = new(Find);

    public static string Require()
    {
        var path = Path.Value;
        if (path is not null)
        {
            return path;
        }

        const string message = "kubectl (with kustomize v5.5.0) is not on PATH; the differential tests need it as their oracle.";
        if (SharedData.IsCi)
        {
            Assert.Fail(message + " CI=true, so a missing oracle is a failure.");
        }

        Assert.Ignore(message);
        return null!;
    }

    /// <summary>Runs <c>kubectl kustomize DIR</c>; returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Kustomize(string directory)
    {
        var kubectl = Require();
        var psi = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("kustomize");
        psi.ArgumentList.Add(directory);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("kubectl kustomize timed out on " + directory);
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string? Find()
    {
        var pathVar = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in pathVar.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
