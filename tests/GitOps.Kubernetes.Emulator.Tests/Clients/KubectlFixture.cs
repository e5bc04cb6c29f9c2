using GitOps.Kubernetes.Emulator.Http;
using GitOps.Testing;

namespace GitOps.Kubernetes.Emulator.Tests.Clients;

/// <summary>
/// One emulator per fixture and the real kubectl pointed at it through the kubeconfig the emulator writes (HTTPS, its
/// own CA and token), with a private HOME and discovery cache.
/// </summary>
public abstract class KubectlFixture
{
    private Dictionary<string, string> _environment = null!;

    /// <summary>The running emulator.</summary>
    protected KubernetesEmulator Emulator { get; private set; } = null!;

    /// <summary>The fixture's folder: the kubeconfig, kubectl's cache and the files the tests write.</summary>
    protected TemporaryDirectory Work { get; private set; } = null!;

    /// <summary>The emulator's options; a fixture overrides this to set its clock or store.</summary>
    protected virtual KubernetesEmulatorOptions CreateOptions() => new();

    [OneTimeSetUp]
    public async Task StartEmulator()
    {
        ExternalTool.Require("kubectl");
        Emulator = await KubernetesEmulator.StartAsync(CreateOptions());
        Work = new TemporaryDirectory();
        await Emulator.WriteKubeconfigAsync(Work.Combine("kubeconfig"));
        _environment = new Dictionary<string, string>
        {
            ["KUBECONFIG"] = Work.Combine("kubeconfig"),
            ["KUBECACHEDIR"] = Work.Combine("cache"),
            ["HOME"] = Work.Path,
        };
    }

    [OneTimeTearDown]
    public async Task StopEmulator()
    {
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        Work?.Dispose();
    }

    /// <summary>Runs kubectl and returns its result, whatever its exit code.</summary>
    protected ExternalTool.Result Run(params string[] arguments) => ExternalTool.Run("kubectl", arguments, environment: _environment);

    /// <summary>Runs kubectl, asserts it succeeded and returns its standard output.</summary>
    protected string Kubectl(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.That(result.ExitCode, Is.Zero, $"kubectl {string.Join(' ', arguments)}: {result.Error}");
        return result.Output;
    }
}
