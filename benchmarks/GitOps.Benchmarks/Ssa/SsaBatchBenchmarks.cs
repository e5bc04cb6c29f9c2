using System.Globalization;
using BenchmarkDotNet.Attributes;
using GitOps.Ssa.Merge;
using GitOps.Ssa.Merge.Internal;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Typed.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Benchmarks.Ssa;

/// <summary>
/// The engine alone on 10,000 realistic objects that are already parsed and typed (half Deployments with 1 to 10
/// containers, half ConfigMaps with 20 to 100 keys, every object distinct): one benchmark invocation is the
/// whole batch, so the mean is the time for 10,000 object diffs (<see cref="TypedValue.Compare"/>) or 10,000
/// applies (<see cref="Updater.Apply"/>: merge, field sets, pruning, compare and conflict check), on one core
/// or on all of them.
/// </summary>
public class SsaBatchBenchmarks
{
    private const int Objects = 10_000;
    private readonly Updater _updater = new();
    private TypedValue[] _live = null!;
    private TypedValue[] _config = null!;
    private Dictionary<string, VersionedFieldSet>[] _managers = null!;

    [GlobalSetup]
    public void Setup()
    {
        var schema = SsaSchema.Kubernetes;
        schema.TryGetKindType("apps/v1", "Deployment", out var deployment);
        schema.TryGetKindType("v1", "ConfigMap", out var configMap);
        _live = new TypedValue[Objects];
        _config = new TypedValue[Objects];
        _managers = new Dictionary<string, VersionedFieldSet>[Objects];
        for (var i = 0; i < Objects; i++)
        {
            var name = "obj-" + i.ToString(CultureInfo.InvariantCulture);
            var type = i % 2 == 0 ? deployment! : configMap!;
            var live = i % 2 == 0 ? Named(SsaFixtures.Deployment((i / 2 % 10) + 1, "1.0"), name) : Named(SsaFixtures.ConfigMap(20 + (i / 2 % 81), string.Empty), name);
            var config = i % 2 == 0 ? Named(SsaFixtures.Deployment((i / 2 % 10) + 1, "1.1"), name) : Named(SsaFixtures.ConfigMap(20 + (i / 2 % 81), i % 3 == 0 ? "-new" : string.Empty), name);
            _live[i] = TypedValue.Create(live, schema, type, allowDuplicates: true);
            _config[i] = TypedValue.Create(config, schema, type);
            _managers[i] = new Dictionary<string, VersionedFieldSet>(StringComparer.Ordinal)
            {
                ["gitops"] = new(_live[i].ToFieldSet(), i % 2 == 0 ? "apps/v1" : "v1", true),
            };
        }
    }

    [Benchmark(Baseline = true, Description = "10,000 diffs, 1 core")]
    public int Compare10k()
    {
        var changed = 0;
        for (var i = 0; i < Objects; i++)
        {
            changed += _live[i].Compare(_config[i]).IsSame ? 0 : 1;
        }

        return changed;
    }

    [Benchmark(Description = "10,000 diffs, all cores")]
    public int Compare10kParallel()
    {
        var changed = 0;
        Parallel.For(0, Objects, i =>
        {
            if (!_live[i].Compare(_config[i]).IsSame)
            {
                Interlocked.Increment(ref changed);
            }
        });
        return changed;
    }

    [Benchmark(Description = "10,000 applies, 1 core")]
    public int Apply10k()
    {
        var changed = 0;
        for (var i = 0; i < Objects; i++)
        {
            changed += Apply(i);
        }

        return changed;
    }

    [Benchmark(Description = "10,000 applies, all cores")]
    public int Apply10kParallel()
    {
        var changed = 0;
        Parallel.For(0, Objects, i => Interlocked.Add(ref changed, Apply(i)));
        return changed;
    }

    private int Apply(int i)
    {
        var apiVersion = i % 2 == 0 ? "apps/v1" : "v1";
        return _updater.Apply(_live[i], _config[i], apiVersion, _managers[i], "gitops", force: false).NewObject is null ? 0 : 1;
    }

    private static SsaValue Named(SsaValue obj, string name)
    {
        var entries = new List<KeyValuePair<string, SsaValue>>();
        foreach (var (key, value) in obj.AsMap.Entries)
        {
            entries.Add(key == "metadata" ? new(key, SsaValue.FromMap([new("name", SsaValue.FromString(name))])) : new(key, value));
        }

        return SsaValue.FromMap(entries);
    }
}
