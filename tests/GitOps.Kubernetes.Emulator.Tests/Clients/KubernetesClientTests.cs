using System.Text;
using GitOps.Kubernetes.Emulator.Http;
using k8s;
using k8s.Models;

namespace GitOps.Kubernetes.Emulator.Tests.Clients;

/// <summary>KubernetesClient's typed and generic clients against the emulator, configured from its kubeconfig.</summary>
[TestFixture]
[NonParallelizable]
public sealed class KubernetesClientTests
{
    private KubernetesEmulator _emulator = null!;
    private k8s.Kubernetes _client = null!;

    [OneTimeSetUp]
    public async Task StartEmulator()
    {
        _emulator = await KubernetesEmulator.StartAsync();
        using var kubeconfig = new MemoryStream(Encoding.UTF8.GetBytes(_emulator.Kubeconfig));
        _client = new k8s.Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(kubeconfig));
    }

    [OneTimeTearDown]
    public async Task StopEmulator()
    {
        _client?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    [Test]
    public async Task The_typed_client_creates_lists_and_patches()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "typed", Labels = new Dictionary<string, string> { ["app"] = "typed" } }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");
        var listed = await _client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "app=typed");
        var patched = await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"b":"2"}}""", V1Patch.PatchType.MergePatch), "typed", "default");
        var applied = await _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"typed"},"data":{"c":"3"}}""", V1Patch.PatchType.ApplyPatch), "typed", "default", fieldManager: "gitops");

        Assert.That(created.Metadata.Uid, Is.Not.Empty);
        Assert.That(listed.Items.Select(i => i.Metadata.Name), Is.EqualTo(new[] { "typed" }));
        Assert.That(patched.Data, Does.ContainKey("b"));
        Assert.That(applied.Data, Does.ContainKey("c"));
        Assert.That(applied.Metadata.ManagedFields.Select(m => m.Manager), Does.Contain("gitops"));
    }

    [Test]
    public async Task The_typed_client_watches_changes_after_a_list()
    {
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "app=watched");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<(WatchEventType, string)>();
        var watching = Task.Run(async () =>
        {
            var watch = _client.CoreV1.WatchListNamespacedConfigMapAsync("default", labelSelector: "app=watched", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cancel.Token);
            await foreach (var (type, item) in watch)
            {
                events.Add((type, item.Metadata.Name));
                if (events.Count == 2)
                {
                    return;
                }
            }
        });
        await Task.Delay(200);

        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "watched", Labels = new Dictionary<string, string> { ["app"] = "watched" } } }, "default");
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("watched", "default");
        await watching.WaitAsync(cancel.Token);

        Assert.That(events, Is.EqualTo(new[] { (WatchEventType.Added, "watched"), (WatchEventType.Deleted, "watched") }));
    }

    [Test]
    public async Task The_generic_client_creates_lists_and_patches_deployments()
    {
        var generic = new GenericClient(_client, "apps", "v1", "deployments", disposeClient: false);
        var deployment = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = "generic" },
            Spec = new V1DeploymentSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "generic" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "generic" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx:1.27" }] },
                },
            },
        };

        var created = await generic.CreateNamespacedAsync(deployment, "default");
        var listed = await generic.ListNamespacedAsync<V1DeploymentList>("default");
        var patched = await generic.PatchNamespacedAsync<V1Deployment>(new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "default", "generic");

        Assert.That(created.Spec.Replicas, Is.EqualTo(1), "defaulted by the server");
        Assert.That(listed.Items.Select(d => d.Metadata.Name), Does.Contain("generic"));
        Assert.That(patched.Spec.Replicas, Is.EqualTo(3));
        Assert.That(patched.Metadata.Generation, Is.EqualTo(2));
    }
}
