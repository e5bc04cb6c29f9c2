using GitOps.Testing;
using System.Diagnostics;

namespace GitOps.Core.Tests.Yaml;

/// <summary>
/// <c>kubectl kustomize</c> as the oracle for how kustomize prints an object. Absent kubectl ignores the
/// test locally and fails it under <c>CI=true</c>.
/// </summary>
internal static class KubectlOracle
{
    private static readonly Lazy<string?> Kubectl = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "kubectl"))
            .FirstOrDefault(File.Exists));

    /// <summary>What kubectl kustomize prints for a kustomization whose only resource is <paramref name="resourceYaml"/>.</summary>
    public static (int ExitCode, string Stdout) Print(string resourceYaml)
    {
        var kubectl = Kubectl.Value;
        if (kubectl is null)
        {
            const string message = "kubectl (kustomize v5.5.0) is not on PATH; the YAML writer is compared against it.";
            if (SharedData.IsCi)
            {
                Assert.Fail(message + " CI=true, so a missing oracle is a failure.");
            }

            Assert.Ignore(message);
        }

        using var temp = new TemporaryDirectory();
        temp.WriteFile("kustomization.yaml", "resources:\n- r.yaml\n");
        temp.WriteFile("r.yaml", resourceYaml);
        var psi = new ProcessStartInfo(kubectl!) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("kustomize");
        psi.ArgumentList.Add(temp.Path);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        p.WaitForExit(60_000);
        return (p.ExitCode, stdout.Result);
    }
}
