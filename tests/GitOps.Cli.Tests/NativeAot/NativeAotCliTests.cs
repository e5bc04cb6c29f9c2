using System.Diagnostics;
using System.Runtime.InteropServices;
using GitOps.Testing;

namespace GitOps.Cli.Tests.NativeAot;

/// <summary>
/// The CLI as we ship it for short-lived runs and measure it in benchmarks/compare: a Native AOT executable
/// (<c>dotnet publish samples/GitOps.Cli -c Release -r RID -p:PublishAot=true</c>). The fixture publishes it once,
/// then checks that the native binary does what the in-process command line does: no trimming or AOT warnings,
/// the demo (Kestrel included), the whole kustomize corpus, Helm selection and server-side apply.
/// Native AOT needs clang; where it is missing these tests are ignored, or failed under <c>CI=true</c>.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class NativeAotCliTests
{
    private TemporaryDirectory? _work;
    private string _binary = "";
    private string _publishLog = "";

    [OneTimeSetUp]
    public async Task PublishAsync()
    {
        if (FindOnPath("clang") is null)
        {
            const string message = "Native AOT publishing needs clang (Debian packages clang and lld; .ci/install.sh installs them).";
            if (SharedData.IsCi)
            {
                Assert.Fail(message + " CI=true, so this is a failure.");
            }

            Assert.Ignore(message);
        }

        _work = new TemporaryDirectory();
        var output = _work.Combine("bin");
        var project = Path.Combine(SharedData.RepositoryRoot, "samples", "GitOps.Cli", "GitOps.Cli.csproj");
        var publish = await RunAsync(
            "dotnet",
            ["publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-p:PublishAot=true", "-o", output, "--nologo"],
            // A build tree of its own, so this never races the test run's own build outputs.
            environment: new Dictionary<string, string> { ["GITOPS_ARTIFACTS"] = _work.Combine("artifacts") },
            timeout: TimeSpan.FromMinutes(20));
        _publishLog = publish.Output + publish.Error;
        Assert.That(publish.ExitCode, Is.Zero, "dotnet publish -p:PublishAot=true failed:\n" + _publishLog);
        _binary = Path.Combine(output, "gitops");
        Assert.That(File.Exists(_binary), Is.True, _binary);
    }

    [OneTimeTearDown]
    public void CleanUp() => _work?.Dispose();

    [Test]
    public void The_publish_reports_no_trimming_or_AOT_warnings()
    {
        var warnings = _publishLog.Split('\n').Where(l => l.Contains("warning", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.That(warnings, Is.Empty);
    }

    [Test]
    public async Task The_native_demo_runs_every_step()
    {
        using var work = new TemporaryDirectory();

        var run = await RunAsync(_binary, ["demo", "--work-dir", work.Path]);

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(run.Output, Does.Match(@"\d+ steps succeeded"));
    }

    [Test]
    public async Task The_native_binary_passes_every_kustomize_case_the_engine_passes()
    {
        var runner = SharedData.Require("conformance/kustomize/run.sh");
        var gaps = ReadKnownKustomizeGaps();

        var run = await RunAsync("bash", [runner, "--jobs", "2", "--", _binary, "kustomize", "build", "{}"], timeout: TimeSpan.FromMinutes(10));

        var failing = run.Output.Split('\n')
            .Where(l => l.StartsWith("FAIL ", StringComparison.Ordinal))
            .Select(l => l["FAIL ".Length..l.IndexOf(':', StringComparison.Ordinal)])
            .ToHashSet(StringComparer.Ordinal);
        var summary = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        Assert.Multiple(() =>
        {
            Assert.That(failing.Except(gaps), Is.Empty, "cases the native binary fails but the engine passes");
            Assert.That(gaps.Except(failing), Is.Empty, "known gaps the native binary passes");
            Assert.That(summary, Does.Match(@"^\d+ passed, \d+ failed$"));
            Assert.That(failing, Has.Count.EqualTo(gaps.Count));
        });
    }

    [Test]
    public async Task Native_helm_selection_prints_what_the_in_process_command_prints()
    {
        var index = SharedData.Require("conformance/helm/indexes/ingress-nginx.index.yaml");
        string[] args = ["helm", "resolve", index, "ingress-nginx", ">=4.0.0 <4.5.0"];

        var native = await RunAsync(_binary, args);
        var managed = await CliRun.RunAsync(args);

        Assert.That(native.ExitCode, Is.Zero, native.Error);
        Assert.That(native.Output, Is.EqualTo(managed.Output));
        Assert.That(native.Output, Does.Contain("4.4."));
    }

    [Test]
    public async Task Native_server_side_apply_prints_what_the_in_process_command_prints()
    {
        using var files = new TemporaryDirectory();
        var config = files.Combine("config.yaml");
        await File.WriteAllTextAsync(config, """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: demo
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    ports:
                    - containerPort: 80
            """);
        string[] args = ["ssa", "apply", config, "--manager", "gitops"];

        var native = await RunAsync(_binary, args);
        var managed = await CliRun.RunAsync(args);

        Assert.That(native.ExitCode, Is.Zero, native.Error);
        Assert.That(Normalise(native.Output), Is.EqualTo(Normalise(managed.Output)));
        Assert.That(native.Output, Does.Contain("manager: gitops").And.Contain("f:replicas"));
    }

    // managedFields carry the time of the request; everything else must be identical.
    private static string Normalise(string yaml) => System.Text.RegularExpressions.Regex.Replace(yaml, @"time: .*", "time: <now>");

    private static HashSet<string> ReadKnownKustomizeGaps()
    {
        var path = Path.Combine(SharedData.RepositoryRoot, "tests", "GitOps.Kustomize.Tests", "Conformance", "KnownGaps.txt");
        return File.ReadLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2)[0])
            .ToHashSet(StringComparer.Ordinal);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, program))
            .FirstOrDefault(File.Exists);

    private static async Task<ProcessRun> RunAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish in time.");
        }

        return new ProcessRun(process.ExitCode, await output, await error);
    }

    private sealed record ProcessRun(int ExitCode, string Output, string Error);
}
