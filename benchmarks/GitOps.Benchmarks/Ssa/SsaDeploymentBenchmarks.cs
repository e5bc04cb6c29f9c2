using BenchmarkDotNet.Attributes;
using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Merge;
using GitOps.Ssa.Merge.Internal;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Typed.Internal;

namespace GitOps.Benchmarks.Ssa;

/// <summary>Compare, merge and apply on a Deployment with 10 containers (built-in schema).</summary>
public class SsaDeploymentBenchmarks
{
    private TypedValue _live = null!;
    private TypedValue _config = null!;
    private Dictionary<string, VersionedFieldSet> _managers = null!;
    private readonly Updater _updater = new();

    [GlobalSetup]
    public void Setup()
    {
        var schema = SsaSchema.Kubernetes;
        schema.TryGetKindType("apps/v1", "Deployment", out var type);
        _live = TypedValue.Create(SsaFixtures.Deployment(10, "1.0"), schema, type!);
        _config = TypedValue.Create(SsaFixtures.Deployment(10, "1.1"), schema, type!);
        _managers = new Dictionary<string, VersionedFieldSet>
        {
            ["gitops"] = new(_live.ToFieldSet(), "apps/v1", true),
            ["other"] = new(FieldSet.Of(FieldPath.OfFields("metadata", "labels", "tier")), "apps/v1", true),
        };
    }

    [Benchmark(Baseline = true)]
    public object Compare() => _live.Compare(_config);

    [Benchmark]
    public object Merge() => _live.Merge(_config);

    [Benchmark]
    public FieldSet ToFieldSet() => _config.ToFieldSet();

    [Benchmark]
    public object Apply() => _updater.Apply(_live, _config, "apps/v1", _managers, "gitops", force: false);
}
