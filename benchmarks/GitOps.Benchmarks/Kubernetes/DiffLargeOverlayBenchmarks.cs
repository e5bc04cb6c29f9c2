using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Clusters;
using GitOps.Kustomize;
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

        _root = Directory.CreateTempSubdirectory("gitops-diff-bench-").FullName;
        var gen = Path.Combine(RepositoryRoot(), "..", "shared", "conformance", "kustomize", "gen-large.py");
        using (var python = Process.Start(new ProcessStartInfo("python3", [gen, Apps.ToString(System.Globalization.CultureInfo.InvariantCulture), _root]) { RedirectStandardOutput = true })!)
        {
            python.StandardOutput.ReadToEnd();
            python.WaitForExit();
        }

        var built = new KustomizeBuilder().BuildAsync(Path.Combine(_root, "overlays", "cluster")).GetAwaiter().GetResult();
        _objects = SsaValue.ParseYamlDocuments(built.ToYaml()).Where(o => o.IsMap).Select(ObjectNormalizer.Normalize).ToList();
        _cluster = new OfflineCluster();
        _manager = new ResourceManager(_cluster, new ResourceManagerOptions { Concurrency = 1 });
        var namespaces = _objects.Select(o => o.AsMap["metadata"].AsMap.TryGetValue("namespace", out var ns) ? ns.AsString : null).OfType<string>().Distinct()
            .Select(ns => SsaValue.ParseYaml("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n")!);
        _cluster.LoadAsync(namespaces).GetAwaiter().GetResult();
        _manager.ApplyAllAsync(_objects, ApplyOptions.ForKustomization()).GetAwaiter().GetResult();

        // Another manager takes one label of every hundredth object (forced apply), so Flux's dry-run puts it back: drift.
        for (var i = 0; i < _objects.Count; i += 100)
        {
            var obj = _objects[i];
            var metadata = obj.AsMap["metadata"].AsMap;
            var label = metadata["labels"].AsMap.Entries[0].Key;
            var patch = new List<KeyValuePair<string, SsaValue>>
            {
                new("name", metadata["name"]),
                new("labels", SsaValue.FromMap([new(label, SsaValue.FromString("drifted"))])),
            };
            if (metadata.TryGetValue("namespace", out var ns))
            {
                patch.Add(new("namespace", ns));
            }

            var drift = SsaValue.FromMap([new("apiVersion", obj.AsMap["apiVersion"]), new("kind", obj.AsMap["kind"]), new("metadata", SsaValue.FromMap(patch))]);
            _cluster.ApplyAsync(drift, new ApplyRequest("kubectl-edit", Force: true, DryRun: false)).GetAwaiter().GetResult();
        }

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

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitOps.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("GitOps.slnx not found above " + AppContext.BaseDirectory);
    }
}
