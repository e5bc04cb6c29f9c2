using BenchmarkDotNet.Attributes;
using GitOps.Helm.Index;
using YamlDotNet.Core;

namespace GitOps.Benchmarks.Helm;

/// <summary>
/// Loading real Helm indexes: the YAML parser's events alone (the floor any YAML-based loader pays; baseline),
/// our full load with Helm's rules, and a load that keeps one chart.
/// </summary>
[MemoryDiagnoser]
public class IndexLoadBenchmarks
{
    private byte[] _bytes = [];
    private HelmIndexLoader _full = null!;
    private HelmIndexLoader _one = null!;

    [Params("ingress-nginx.index.yaml", "bitnami-2023-03.index.yaml")]
    public string Index { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _bytes = HelmBenchmarkData.Index(Index);
        _full = new HelmIndexLoader();
        var first = _full.Load(new MemoryStream(_bytes)).ChartNames.Order(StringComparer.Ordinal).First();
        _one = new HelmIndexLoader(new HelmIndexOptions { ChartNames = new HashSet<string> { first } });
    }

    [Benchmark(Baseline = true)]
    public int YamlEventsOnly()
    {
        using var reader = new StreamReader(new MemoryStream(_bytes));
        var parser = new Parser(reader);
        var n = 0;
        while (parser.MoveNext())
        {
            n++;
        }

        return n;
    }

    [Benchmark]
    public int LoadAll() => _full.Load(new MemoryStream(_bytes)).VersionCount;

    [Benchmark]
    public int LoadOneChart() => _one.Load(new MemoryStream(_bytes)).VersionCount;
}
