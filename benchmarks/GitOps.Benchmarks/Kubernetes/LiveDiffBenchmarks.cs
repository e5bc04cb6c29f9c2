using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Clusters;
using GitOps.Kubernetes.Emulator.Http;
using GitOps.Ssa.Values;

namespace GitOps.Benchmarks.Kubernetes;

/// <summary>
/// #12's HTTP half: the resource manager's diff of the gen-large overlay at N = 3,300 apps (≈ 10,000 objects, the workload of
/// <see cref="DiffLargeOverlayBenchmarks"/>) against the API-server emulator over HTTPS (the live cluster, bounded concurrency),
/// next to the cost Flux pays for the same answer: one server-side apply dry-run request per object
/// (<c>fluxcd/pkg/ssa</c> ResourceManager.Diff). The live state drifted in 1% of the objects (one owned label each).
/// Short job (one warm-up, three iterations): the setup applies 10,000 objects over HTTP.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3, id: "Short")]
public class LiveDiffBenchmarks
{
    private string _root = string.Empty;
    private KubernetesEmulator _emulator = null!;
    private LiveCluster _cluster = null!;
    private List<SsaValue> _objects = null!;
    private int _drifted;

    /// <summary>Apps of the gen-large overlay (≈ 3 objects each).</summary>
    [Params(3300)]
    public int Apps { get; set; }

    /// <summary>Requests in flight (kustomize-controller's --concurrent-ssa, default 4).</summary>
    [Params(1, 4)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _objects = GenLargeOverlay.Build(Apps, out _root);
        _emulator = await KubernetesEmulator.StartAsync();
        _cluster = new LiveCluster(KubernetesConnection.FromKubeconfig(_emulator.Kubeconfig), new LiveClusterOptions { MaxConcurrentRequests = Concurrency });
        await GenLargeOverlay.ApplyAsync(_cluster, new ResourceManager(_cluster, new ResourceManagerOptions { Concurrency = Concurrency }), _objects);
        _drifted = await GenLargeOverlay.DriftOnePercentAsync(_cluster, _objects);
        Console.WriteLine($"// {_objects.Count} objects, {_drifted} drifted, {Concurrency} in flight");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _cluster.Dispose();
        await _emulator.DisposeAsync();
        Directory.Delete(_root, recursive: true);
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
        return drifted == _drifted ? drifted : throw new InvalidOperationException($"{drifted} drifted, expected {_drifted}");
    }
}
