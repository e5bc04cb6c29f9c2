namespace GitOps.Cli.Tests;

/// <summary><c>gitops kustomize build DIR --flux</c>: Flux's build layer from the command line.</summary>
public sealed class KustomizeFluxCommandTests
{
    private const string Deployment =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${REPLICAS}\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:${TAG:=1.25}\n        env:\n        - name: GREETING\n          value: ${GREETING}\n";

    [Test]
    public async Task A_directory_without_a_kustomization_builds_with_the_target_namespace_and_variables_from_files_and_flags()
    {
        using var temp = new Scratch();
        temp.WriteFile("app/deploy.yaml", Deployment);
        temp.WriteFile("vars.env", "# comment\nREPLICAS=1\nGREETING=from env file\n");
        temp.WriteFile("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  GREETING: aGVsbG8gZnJvbSBzZWNyZXQ=\n");

        var run = await CliRun.RunAsync(
            "kustomize", "build", temp.Combine("app"), "--flux", "--target-namespace", "prod",
            "--substitute-from", temp.Combine("vars.env"), "--substitute-from", temp.Combine("secret.yaml"), "--substitute", "REPLICAS=3");

        Assert.That(run.Error, Is.Empty);
        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(run.Output, Is.EqualTo(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n" +
            "      - env:\n        - name: GREETING\n          value: hello from secret\n        image: nginx:1.25\n        name: web\n"));
    }

    [Test]
    public async Task An_undefined_variable_is_one_line_on_stderr_and_a_failure()
    {
        using var temp = new Scratch();
        temp.WriteFile("app/deploy.yaml", Deployment);

        var run = await CliRun.RunAsync("kustomize", "build", temp.Combine("app"), "--flux", "--substitute", "REPLICAS=1");

        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Output, Is.Empty);
        Assert.That(run.Error.TrimEnd(), Is.EqualTo("error: post build failed for 'Deployment.v1.apps/web': envsubst error: variable substitution failed: variable not set (strict mode): \"GREETING\""));
    }

    [TestCase("--substitute", "A=1")]
    [TestCase("--target-namespace", "prod")]
    public async Task Flux_options_without_flux_are_refused(string option, string value)
    {
        using var temp = new Scratch();
        temp.WriteFile("app/kustomization.yaml", "resources: []\n");

        var run = await CliRun.RunAsync("kustomize", "build", temp.Combine("app"), option, value);

        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(run.Error, Does.Contain("need --flux"));
    }

    [TestCase("--substitute", "NOEQUALS", "is not KEY=VALUE")]
    [TestCase("--substitute-from", "/nonexistent/vars.env", "no such file")]
    public async Task Bad_variable_input_is_one_line_and_a_failure(string option, string value, string message)
    {
        using var temp = new Scratch();
        temp.WriteFile("app/kustomization.yaml", "resources: []\n");

        var run = await CliRun.RunAsync("kustomize", "build", temp.Combine("app"), "--flux", option, value);

        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(run.Error, Does.Contain(message));
    }

    /// <summary>A scratch directory for one test, deleted afterwards.</summary>
    private sealed class Scratch : IDisposable
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("gitops-cli-flux-");

        public string Combine(string relative) => Path.Combine(_dir.FullName, relative);

        public void WriteFile(string relative, string content)
        {
            var path = Combine(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        public void Dispose() => _dir.Delete(recursive: true);
    }
}
