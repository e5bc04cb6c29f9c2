using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Clusters;
using GitOps.Kubernetes.Emulator.Http;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Kubernetes.Tests.Apply;
using GitOps.Ssa.Values;
using GitOps.Testing;

namespace GitOps.Kubernetes.Tests.Clusters;

// The real kubectl and the live cluster against the same emulator: `kubectl apply --server-side` and the resource
// manager's apply store the same objects with the same managedFields, and `kubectl diff --server-side` agrees with our
// diff on what drifted.
[NonParallelizable]
public sealed class KubectlComparisonTests
{
    private static readonly string[] Volatile = ["uid", "resourceVersion", "creationTimestamp", "namespace"];
    private KubernetesEmulator _emulator = null!;
    private TemporaryDirectory _directory = null!;
    private LiveCluster _cluster = null!;
    private Dictionary<string, string> _environment = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        ExternalTool.Require("kubectl");
        _emulator = await KubernetesEmulator.StartAsync();
        _directory = new TemporaryDirectory();
        await _emulator.WriteKubeconfigAsync(_directory.Combine("kubeconfig"));
        _cluster = await LiveCluster.FromKubeconfigFileAsync(_directory.Combine("kubeconfig"));
        _environment = new Dictionary<string, string>
        {
            ["KUBECONFIG"] = _directory.Combine("kubeconfig"),
            ["KUBECACHEDIR"] = _directory.Combine("cache"),
            ["HOME"] = _directory.Path,
        };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _cluster?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _directory?.Dispose();
    }

    [Test]
    public async Task Kubectl_server_side_apply_and_the_resource_manager_store_the_same_objects_and_managed_fields()
    {
        foreach (var ns in new[] { "bykubectl", "byus" })
        {
            await _cluster.ApplyAsync(Y.Namespace(ns), new ApplyRequest("setup", Force: false, DryRun: false));
        }

        // Both sides get the objects as Flux sends them (ObjectNormalizer: container and service port protocols set).
        var objects = ResourceManagerScenarios.App("bykubectl").Where(o => Obj.GetString(o, "kind") != "Namespace").Select(ObjectNormalizer.Normalize).ToList();
        var file = WriteFiles("app", objects);
        var applied = Kubectl("apply", "--server-side", "--force-conflicts", "--field-manager=kustomize-controller", "-f", file);
        Assert.That(applied.ExitCode, Is.EqualTo(0), applied.Error);

        var ours = objects.Select(o => Obj.WithPath(o, ["metadata", "namespace"], SsaValue.FromString("byus")));
        await new ResourceManager(_cluster).ApplyAllStagedAsync(ours, ResourceManagerScenarios.Staged());

        foreach (var obj in objects)
        {
            var reference = ObjectReference.From(obj);
            var theirs = (await _cluster.GetAsync(reference))!;
            var mine = (await _cluster.GetAsync(reference with { Namespace = "byus" }))!;
            Assert.That(Comparable(mine), Is.EqualTo(Comparable(theirs)), reference.Subject);
        }
    }

    [Test]
    public async Task Kubectl_diff_server_side_and_our_diff_agree_on_drift()
    {
        const string Ns = "drift";
        var manager = new ResourceManager(_cluster);
        await manager.ApplyAllStagedAsync(ResourceManagerScenarios.App(Ns).Select(ObjectNormalizer.Normalize), ResourceManagerScenarios.Staged());
        var file = WriteFiles("drift", ResourceManagerScenarios.App(Ns));

        var clean = Kubectl("diff", "--server-side", "--force-conflicts", "--field-manager=kustomize-controller", "-f", file);
        var ours = await manager.DiffAllAsync(ResourceManagerScenarios.App(Ns).Select(ObjectNormalizer.Normalize), ResourceManagerScenarios.Staged());
        Assert.That(clean.ExitCode, Is.EqualTo(0), clean.Output + clean.Error);
        Assert.That(ours.Select(d => d.Entry.Action).Distinct(), Is.EqualTo(new[] { ChangeSetAction.Unchanged }));

        await _cluster.ApplyAsync(Y.Parse($"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: {Ns}}}\nspec: {{replicas: 4}}\n"), new ApplyRequest("hpa", Force: true, DryRun: false));
        var drifted = Kubectl("diff", "--server-side", "--force-conflicts", "--field-manager=kustomize-controller", "-f", file);
        ours = await manager.DiffAllAsync(ResourceManagerScenarios.App(Ns).Select(ObjectNormalizer.Normalize), ResourceManagerScenarios.Staged());
        Assert.That(drifted.ExitCode, Is.EqualTo(1), drifted.Error);
        Assert.That(drifted.Output, Does.Contain("-  replicas: 4").And.Contain("+  replicas: 1"));
        Assert.That(ours.Where(d => d.Entry.Action != ChangeSetAction.Unchanged).Select(d => d.Entry.ToString()), Is.EqualTo(new[] { $"Deployment/{Ns}/web configured" }));
    }

    // One JSON file per object in a folder (kubectl -f FOLDER).
    private string WriteFiles(string folder, IEnumerable<SsaValue> objects)
    {
        var i = 0;
        foreach (var obj in objects)
        {
            _directory.WriteFile($"{folder}/{i++}.json", obj.ToJson());
        }

        return _directory.Combine(folder);
    }

    private ExternalTool.Result Kubectl(params string[] arguments) => ExternalTool.Run("kubectl", arguments, environment: _environment);

    // The object without what differs between any two writes: identity, times and the allocated cluster IPs.
    private static string Comparable(SsaValue obj)
    {
        foreach (var key in Volatile)
        {
            obj = Obj.WithPath(obj, ["metadata", key], null);
        }

        obj = Obj.WithPath(Obj.WithPath(obj, ["spec", "clusterIP"], null), ["spec", "clusterIPs"], null);
        var managed = Obj.GetList(obj, "metadata", "managedFields").Select(m => Obj.WithPath(m, ["time"], null));
        return Obj.WithPath(obj, ["metadata", "managedFields"], SsaValue.FromList(managed)).ToJson();
    }
}
