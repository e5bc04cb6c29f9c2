using BenchmarkDotNet.Attributes;
using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Clusters;
using GitOps.Kubernetes.Emulator.Http;
using GitOps.Ssa.Values;

namespace GitOps.Benchmarks.Kubernetes;

/// <summary>
/// The resource manager's diff of many objects against the API-server emulator over HTTPS (the live cluster, bounded
/// concurrency), next to the cost Flux pays for the same answer: one server-side apply dry-run request per object
/// (<c>fluxcd/pkg/ssa</c> ResourceManager.Diff). The live state drifted in 1% of the objects.
/// </summary>
[MemoryDiagnoser]
public class LiveDiffBenchmarks
{
    private KubernetesEmulator _emulator = null!;
    private LiveCluster _cluster = null!;
    private List<SsaValue> _objects = null!;

    /// <summary>How many objects are diffed.</summary>
    [Params(1000)]
    public int Objects { get; set; }

    /// <summary>Requests in flight (kustomize-controller's --concurrent-ssa, default 4).</summary>
    [Params(1, 4, 16)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await KubernetesEmulator.StartAsync();
        _cluster = new LiveCluster(KubernetesConnection.FromKubeconfig(_emulator.Kubeconfig), new LiveClusterOptions { MaxConcurrentRequests = Concurrency });
        _objects = Enumerable.Range(0, Objects).Select(i => SsaValue.ParseYaml(
            $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i:D5}\n  namespace: default\n  labels: {{app: bench}}\ndata:\n  index: \"{i}\"\n  payload: \"{new string('x', 200)}\"\n")!).ToList();
        await new ResourceManager(_cluster, new ResourceManagerOptions { Concurrency = Concurrency }).ApplyAllAsync(_objects);

        // 1% drift: another manager changes a field Flux owns.
        for (var i = 0; i < Objects; i += 100)
        {
            await _cluster.ApplyAsync(SsaValue.ParseYaml($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cm-{i:D5}, namespace: default}}\ndata: {{index: drifted}}\n")!, new ApplyRequest("intruder", Force: true, DryRun: false));
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _cluster.Dispose();
        await _emulator.DisposeAsync();
    }

    /// <summary>Flux's cost: one dry-run apply per object, <see cref="Concurrency"/> at a time.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> FluxDryRunPerObject()
    {
        var count = 0;
        await Parallel.ForEachAsync(_objects, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (obj, ct) =>
        {
            await _cluster.ApplyAsync(obj, new ApplyRequest(FluxMetadata.FieldManager, Force: true, DryRun: true), ct);
            Interlocked.Increment(ref count);
        });
        return count;
    }

    /// <summary>Our diff: the resource manager's DiffAll (dry-run, drift comparison with metadata apart, field owners).</summary>
    [Benchmark]
    public async Task<int> ResourceManagerDiffAll()
    {
        var results = await new ResourceManager(_cluster, new ResourceManagerOptions { Concurrency = Concurrency }).DiffAllAsync(_objects, ApplyOptions.ForKustomization());
        var drifted = results.Count(r => r.Entry.Action == ChangeSetAction.Configured);
        return drifted == Objects / 100 ? drifted : throw new InvalidOperationException($"{drifted} drifted, expected {Objects / 100}");
    }
}
