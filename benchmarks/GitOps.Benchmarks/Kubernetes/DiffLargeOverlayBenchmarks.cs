using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Clusters;
using GitOps.Ssa.Values;

namespace GitOps.Benchmarks.Kubernetes;

/// <summary>
/// #12's goal: diff the gen-large overlay (<c>../shared/conformance/kustomize/gen-large.py</c>, N apps ≈ 3 objects each) against
/// an offline cluster where it was applied and then another field manager drifted 1% of the objects (one owned label each).
/// One core: the job's affinity is one CPU and the resource manager's concurrency 1. The baseline only normalises the desired
/// objects, the part of a diff that needs no cluster.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3, id: "OneCore")]
public class DiffLargeOverlayBenchmarks
{
    private string _root = string.Empty;
    private List<SsaValue> _objects = [];
    private OfflineCluster _cluster = new();
    private ResourceManager _manager = null!;

    [Params(3300)]
    public int Apps { get; set; }

    /// <summary>How many objects the diff reports as configured (checked once in setup: 1% of them).</summary>
    public int Drifted { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        if (OperatingSystem.IsLinux())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1;
        }

        _objects = GenLargeOverlay.Build(Apps, out _root);
        _cluster = new OfflineCluster();
        _manager = new ResourceManager(_cluster, new ResourceManagerOptions { Concurrency = 1 });
        GenLargeOverlay.ApplyAsync(_cluster, _manager, _objects).GetAwaiter().GetResult();
        GenLargeOverlay.DriftOnePercentAsync(_cluster, _objects).GetAwaiter().GetResult();

        Drifted = Diff();
        Console.WriteLine($"// {_objects.Count} objects, {Drifted} drifted");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Baseline = true)]
    public int NormaliseDesiredObjectsOnly() => _objects.Select(ObjectNormalizer.Normalize).Count();

    [Benchmark]
    public int DiffAgainstOfflineCluster() => Diff();

    private int Diff() =>
        _manager.DiffAllAsync(_objects, ApplyOptions.ForKustomization()).GetAwaiter().GetResult().Count(r => r.Entry.Action == ChangeSetAction.Configured);
}
