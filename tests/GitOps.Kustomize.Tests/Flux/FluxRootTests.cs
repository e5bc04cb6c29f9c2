using System.Diagnostics;
using GitOps.Kustomize.Flux;

namespace GitOps.Kustomize.Tests.Flux;

/// <summary>
/// Flux's root rule (<c>fluxcd/pkg kustomize/kustomize_generator.go</c> SecureBuild and
/// <c>kustomize/filesys/fs_secure.go</c>): kustomize runs with <c>LoadRestrictionsNone</c>, so a kustomization
/// may read files outside its own directory, on a file system that refuses anything outside the source's
/// root. The expected output is <c>kubectl kustomize --load-restrictor LoadRestrictionsNone</c>'s on the same
/// tree. The file outside the root is a named pipe: a build that finishes proves it was never opened.
/// </summary>
[NonParallelizable]
public sealed class FluxRootTests
{
    private const string Expected =
        "apiVersion: v1\ndata:\n  settings.properties: |\n    color=blue\nkind: ConfigMap\nmetadata:\n  name: settings-9299t7mdh6\n---\n" +
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n";

    private TemporaryDirectory _temp = null!;

    [SetUp]
    public void CreateRepositoryWithAPipeOutside()
    {
        _temp = new TemporaryDirectory();
        _temp.WriteFile("repo/app/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n");
        _temp.WriteFile("repo/shared/replicas.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n");
        _temp.WriteFile("repo/shared/settings.properties", "color=blue\n");
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [_temp.Combine("secret")]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.That(mkfifo.ExitCode, Is.Zero, "mkfifo");
        File.CreateSymbolicLink(_temp.Combine("repo", "app", "link"), "../../secret");
    }

    [TearDown]
    public void RemoveTree() => _temp.Dispose();

    private FluxBuildOptions InRepository => new() { Kustomize = new KustomizeBuildOptions { AllowedRoot = _temp.Combine("repo") } };

    private void WriteKustomization(string patch, string file) =>
        _temp.WriteFile("repo/app/kustomization.yaml", "resources:\n- deploy.yaml\npatches:\n- path: " + patch + "\nconfigMapGenerator:\n- name: settings\n  files:\n  - " + file + "\n");

    [Test]
    public async Task Files_outside_the_kustomization_directory_but_inside_the_source_are_read_as_flux_reads_them()
    {
        WriteKustomization("../shared/replicas.yaml", "../shared/settings.properties");

        var result = await new FluxKustomizeBuilder().BuildAsync(_temp.Combine("repo", "app"), options: InRepository);

        Assert.That(result.ToYaml(), Is.EqualTo(Expected));
        var plain = Assert.Throws<KustomizeException>(() => new KustomizeBuilder().Build(_temp.Combine("repo", "app"), new KustomizeBuildOptions { AllowedRoot = _temp.Combine("repo") }, CancellationToken.None));
        Assert.That(plain.Message, Does.Contain("is not in or below"), "kustomize's own rule still holds outside Flux mode");
    }

    [TestCase("../../secret", "secret")]
    [TestCase("{root}/secret", "secret")]
    [TestCase("link", "repo/app/link")]
    public void A_file_outside_the_source_root_is_refused_without_being_opened(string patch, string shown)
    {
        WriteKustomization(patch.Replace("{root}", _temp.Path, StringComparison.Ordinal), "../shared/settings.properties");

        var ex = BuildWithoutOpeningThePipe(_temp.Combine("repo", "app"), InRepository);

        var real = new DirectoryInfo(_temp.Path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? _temp.Path;
        Assert.That(ex.Message, Does.Contain($"fs-security-constraint read {Path.Combine(real, shown)}: path '{Path.Combine(real, shown)}' is not in or below '{Path.Combine(real, "repo")}'"));
    }

    [Test]
    public void Without_an_allowed_root_the_built_directory_is_the_root()
    {
        WriteKustomization("../shared/replicas.yaml", "../shared/settings.properties");

        var ex = BuildWithoutOpeningThePipe(_temp.Combine("repo", "app"), FluxBuildOptions.Default);

        Assert.That(ex.Message, Does.Contain("fs-security-constraint read").And.Contain("is not in or below"));
    }

    private static KustomizeException BuildWithoutOpeningThePipe(string dir, FluxBuildOptions options)
    {
        var build = Task.Run(() => new FluxKustomizeBuilder().BuildAsync(dir, options: options));
        if (Task.WaitAny([build], TimeSpan.FromSeconds(30)) < 0)
        {
            Assert.Fail("the build opened a file outside the source root (it is blocked reading the pipe)");
        }

        var inner = build.Exception?.InnerException;
        Assert.That(inner, Is.InstanceOf<KustomizeException>(), inner?.ToString() ?? "the build succeeded");
        return (KustomizeException)inner!;
    }
}
