using BenchmarkDotNet.Attributes;
using GitOps.Ssa.Merge;
using GitOps.Ssa.Merge.Internal;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Typed.Internal;

namespace GitOps.Benchmarks.Ssa;

/// <summary>Compare and apply on a ConfigMap with many keys (half of them changed).</summary>
public class SsaConfigMapBenchmarks
{
    private TypedValue _live = null!;
    private TypedValue _config = null!;
    private Dictionary<string, VersionedFieldSet> _managers = null!;
    private readonly Updater _updater = new();

    [Params(500)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var schema = SsaSchema.Kubernetes;
        schema.TryGetKindType("v1", "ConfigMap", out var type);
        _live = TypedValue.Create(SsaFixtures.ConfigMap(Keys, string.Empty), schema, type!);
        _config = TypedValue.Create(SsaFixtures.ConfigMap(Keys, "-new"), schema, type!);
        _managers = new Dictionary<string, VersionedFieldSet> { ["gitops"] = new(_live.ToFieldSet(), "v1", true) };
    }

    [Benchmark(Baseline = true)]
    public object Compare() => _live.Compare(_config);

    [Benchmark]
    public object Apply() => _updater.Apply(_live, _config, "v1", _managers, "gitops", force: false);
}
