using BenchmarkDotNet.Attributes;
using GitOps.Ssa.Merge;
using GitOps.Ssa.Merge.Internal;
using GitOps.Ssa.Typed.Internal;

namespace GitOps.Benchmarks.Ssa;

/// <summary>Compare and apply on a custom resource with three levels of list-maps (5 x 10 x 5 items).</summary>
public class SsaCrdDeepListsBenchmarks
{
    private TypedValue _live = null!;
    private TypedValue _config = null!;
    private Dictionary<string, VersionedFieldSet> _managers = null!;
    private readonly Updater _updater = new();

    [GlobalSetup]
    public void Setup()
    {
        var schema = SsaFixtures.CrdSchema();
        schema.TryGetKindType("bench.example.com/v1", "Tree", out var type);
        _live = TypedValue.Create(SsaFixtures.Tree(5, 10, 5, "green"), schema, type!);
        _config = TypedValue.Create(SsaFixtures.Tree(5, 10, 5, "red"), schema, type!);
        _managers = new Dictionary<string, VersionedFieldSet> { ["gitops"] = new(_live.ToFieldSet(), "bench.example.com/v1", true) };
    }

    [Benchmark(Baseline = true)]
    public object Compare() => _live.Compare(_config);

    [Benchmark]
    public object Apply() => _updater.Apply(_live, _config, "bench.example.com/v1", _managers, "gitops", force: false);
}
