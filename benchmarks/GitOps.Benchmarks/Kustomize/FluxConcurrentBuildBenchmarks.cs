using System.Text;
using BenchmarkDotNet.Attributes;
using GitOps.Kustomize.Flux;

namespace GitOps.Benchmarks.Kustomize;

/// <summary>
/// Throughput of Flux builds (generated kustomization, overlay fields, kustomize build, post-build
/// substitution, common metadata) of one tree: the same number of builds one at a time (the baseline, as
/// kustomize-controller's global build mutex forces) and two at a time on one shared builder. On a 2-core
/// machine a ratio near 0.5 means the builds share nothing that serialises them.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class FluxConcurrentBuildBenchmarks
{
    private const int BuildsPerOperation = 8;

    private readonly FluxKustomizeBuilder _builder = new();
    private string _root = string.Empty;
    private FluxKustomization _spec = new();

    [Params(200)]
    public int Apps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("gitops-flux-bench-").FullName;
        for (var i = 0; i < Apps; i++)
        {
            var name = $"app-{i:D4}";
            File.WriteAllText(Path.Combine(_root, name + ".yaml"), new StringBuilder()
                .Append($"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  labels:\n    app: {name}\n    cluster: ${{CLUSTER}}\nspec:\n  replicas: ${{REPLICAS:=2}}\n")
                .Append($"  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n")
                .Append("      - name: main\n        image: nginx:1.25\n        env:\n        - name: REGION\n          value: ${REGION}\n---\n")
                .Append($"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  selector:\n    app: {name}\n  ports:\n  - port: 80\n---\n")
                .Append($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}-config\ndata:\n  LOG_LEVEL: ${{LOG_LEVEL:-info}}\n  CLUSTER: ${{CLUSTER^^}}\n")
                .ToString());
        }

        _spec = new FluxKustomization
        {
            TargetNamespace = "production",
            NamePrefix = "prod-",
            Images = [new FluxImage("nginx") { NewTag = "1.27" }],
            CommonMetadata = new FluxCommonMetadata { Labels = new Dictionary<string, string> { ["toolkit.fluxcd.io/tenant"] = "platform" } },
            PostBuild = new FluxPostBuild { Substitute = new Dictionary<string, string> { ["CLUSTER"] = "prod-1", ["REGION"] = "eu-west-1" } },
        };
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Baseline = true, OperationsPerInvoke = BuildsPerOperation)]
    public async Task<int> OneBuildAtATime() => await RunAsync(1);

    [Benchmark(OperationsPerInvoke = BuildsPerOperation)]
    public async Task<int> TwoBuildsInParallel() => await RunAsync(2);

    private async Task<int> RunAsync(int parallelism)
    {
        var total = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, BuildsPerOperation),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (_, cancellationToken) =>
            {
                var result = await _builder.BuildAsync(_root, _spec, cancellationToken: cancellationToken);
                Interlocked.Add(ref total, result.Resources.Count);
            });
        return total;
    }
}
