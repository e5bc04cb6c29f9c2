using System.Diagnostics;

namespace GitOps.Kustomize.Tests.Building;

/// <summary>
/// Files a kustomization reads must resolve inside its own directory, as kustomize's loader requires
/// (api/internal/loader/fileloader.go): <c>..</c>, absolute paths and symlinks leading outside are refused
/// for resources, generator sources, configurations, replacements, plugin configs and CRDs. The file outside is
/// a named pipe: opening it to read would block, so a build that finishes proves nothing outside was read.
/// Messages are kubectl kustomize's (checked by hand on the same trees).
/// </summary>
[NonParallelizable]
public sealed class RootConfinementTests
{
    private static readonly KustomizeBuilder Builder = new();

    private TemporaryDirectory _temp = null!;

    [SetUp]
    public void CreateTreeWithAPipeOutside()
    {
        _temp = new TemporaryDirectory();
        _temp.WriteFile("app/svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n");
        MakePipe(_temp.Combine("secret"));
        File.CreateSymbolicLink(_temp.Combine("app", "link"), "../secret");
        Directory.CreateDirectory(_temp.Combine("elsewhere"));
        MakePipe(_temp.Combine("elsewhere", "kustomization.yaml"));
    }

    [TearDown]
    public void RemoveTree() => _temp.Dispose();

    [TestCase("resources:\n- ../secret\n", "secret")]
    [TestCase("resources:\n- {root}/secret\n", "secret")]
    [TestCase("resources:\n- link\n", "app/link")]
    [TestCase("resources:\n- svc.yaml\nconfigMapGenerator:\n- name: x\n  files:\n  - ../secret\n", "secret")]
    [TestCase("resources:\n- svc.yaml\nconfigMapGenerator:\n- name: x\n  files:\n  - key={root}/secret\n", "secret")]
    [TestCase("resources:\n- svc.yaml\nsecretGenerator:\n- name: x\n  files:\n  - link\n", "app/link")]
    [TestCase("resources:\n- svc.yaml\nconfigMapGenerator:\n- name: x\n  envs:\n  - ../secret\n", "secret")]
    [TestCase("resources:\n- svc.yaml\nconfigurations:\n- ../secret\n", "secret")]
    [TestCase("resources:\n- svc.yaml\nreplacements:\n- path: ../secret\n", "secret")]
    [TestCase("resources:\n- svc.yaml\ntransformers:\n- ../secret\n", "secret")]
    [TestCase("resources:\n- svc.yaml\ngenerators:\n- link\n", "app/link")]
    [TestCase("resources:\n- svc.yaml\ncrds:\n- ../secret\n", "secret")]
    public void A_file_outside_the_kustomization_directory_is_refused_without_being_opened(string kustomization, string shown)
    {
        _temp.WriteFile("app/kustomization.yaml", kustomization.Replace("{root}", _temp.Path, StringComparison.Ordinal));

        var ex = BuildWithoutOpeningThePipes(_temp.Combine("app"), KustomizeBuildOptions.Default);

        var root = Real(_temp.Path);
        Assert.That(ex.Message, Does.Contain($"security; file '{Path.Combine(root, shown)}' is not in or below '{Path.Combine(root, "app")}'"));
    }

    [Test]
    public void A_kustomization_directory_outside_the_allowed_root_is_refused_without_being_opened()
    {
        _temp.WriteFile("app/kustomization.yaml", "resources:\n- svc.yaml\n- ../elsewhere\n");

        var ex = BuildWithoutOpeningThePipes(_temp.Combine("app"), new KustomizeBuildOptions { AllowedRoot = _temp.Combine("app") });

        Assert.That(ex.Message, Does.Contain("outside the allowed root"));
    }

    private static KustomizeException BuildWithoutOpeningThePipes(string dir, KustomizeBuildOptions options)
    {
        var build = Task.Run(() => Builder.Build(dir, options, CancellationToken.None));
        if (Task.WaitAny([build], TimeSpan.FromSeconds(30)) < 0)
        {
            Assert.Fail("the build opened a file outside its root (it is blocked reading the pipe)");
        }

        var inner = build.Exception?.InnerException;
        Assert.That(inner, Is.InstanceOf<KustomizeException>(), inner?.ToString() ?? "the build succeeded");
        return (KustomizeException)inner!;
    }

    private static string Real(string path) => new DirectoryInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    private static void MakePipe(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.That(mkfifo.ExitCode, Is.Zero, "mkfifo " + path);
    }
}
