using BenchmarkDotNet.Attributes;
using GitOps.Helm.Index;
using GitOps.Helm.Versioning;

namespace GitOps.Benchmarks.Helm;

/// <summary>
/// Selecting a version of argo-cd (902 versions in argo-helm's index) as <c>helm pull --version</c> does:
/// an exact version (baseline: the string match Helm tries first), a caret range, an OR of ranges with a
/// prerelease, and parsing a constraint alone.
/// </summary>
[MemoryDiagnoser]
public class VersionSelectionBenchmarks
{
    private HelmIndex _index = null!;
    private string _exact = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _index = new HelmIndexLoader().Load(new MemoryStream(HelmBenchmarkData.Index("argo-helm.index.yaml")));
        _index.TryGetVersions("argo-cd", out var versions);
        _exact = versions![versions.Count / 2].Version;
        _index.Select("argo-cd");
    }

    [Benchmark(Baseline = true)]
    public string ExactVersion() => _index.Select("argo-cd", _exact).Version;

    [Benchmark]
    public string CaretRange() => _index.Select("argo-cd", "^5.0.0").Version;

    [Benchmark]
    public string OrWithPrerelease() => _index.Select("argo-cd", ">=3.0.0-0 <4.0.0 || ~4.5").Version;

    [Benchmark]
    public string LatestStable() => _index.Select("argo-cd").Version;

    [Benchmark]
    public bool ParseConstraint() => HelmVersionConstraint.Parse(">= 1.2.3, < 2.0.0 || ^3.1.x-0").IncludePrerelease;
}
