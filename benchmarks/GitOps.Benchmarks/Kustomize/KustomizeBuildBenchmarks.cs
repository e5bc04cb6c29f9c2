using System.Text;
using BenchmarkDotNet.Attributes;
using GitOps.Kustomize;
using GitOps.Yaml;

namespace GitOps.Benchmarks.Kustomize;

/// <summary>
/// A native kustomize build of a generated tree: N apps (Deployment, Service, ConfigMap each) in a base,
/// and an overlay with a prefix, a namespace, labels, annotations, images, replicas and generators that
/// rename what the Deployments refer to. The baseline only reads and writes the base's YAML.
/// </summary>
[MemoryDiagnoser]
public class KustomizeBuildBenchmarks
{
    private readonly KustomizeBuilder _builder = new();
    private string _root = string.Empty;
    private string[] _baseFiles = [];

    [Params(100, 1000)]
    public int Apps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("gitops-kustomize-bench-").FullName;
        var baseDir = Directory.CreateDirectory(Path.Combine(_root, "base")).FullName;
        var k = new StringBuilder("resources:\n");
        for (var i = 0; i < Apps; i++)
        {
            var name = $"app-{i:D4}";
            File.WriteAllText(Path.Combine(baseDir, name + ".yaml"),
                $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  labels:\n    app: {name}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      serviceAccountName: runner\n      containers:\n      - name: main\n        image: nginx:1.25\n        envFrom:\n        - configMapRef:\n            name: {name}-config\n        - secretRef:\n            name: shared\n      volumes:\n      - name: cfg\n        configMap:\n          name: {name}-config\n---\n"
                + $"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  selector:\n    app: {name}\n  ports:\n  - port: 80\n    targetPort: 8080\n---\n"
                + $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}-config\ndata:\n  LOG_LEVEL: info\n  FEATURE: \"yes\"\n");
            k.Append("- ").Append(name).Append(".yaml\n");
        }

        File.WriteAllText(Path.Combine(baseDir, "shared.yaml"), "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\n");
        k.Append("- shared.yaml\nsecretGenerator:\n- name: shared\n  literals:\n  - token=abc\n");
        File.WriteAllText(Path.Combine(baseDir, "kustomization.yaml"), k.ToString());
        var overlay = Directory.CreateDirectory(Path.Combine(_root, "overlay")).FullName;
        File.WriteAllText(Path.Combine(overlay, "kustomization.yaml"),
            "resources:\n- ../base\nnamePrefix: prod-\nnamespace: production\nlabels:\n- pairs:\n    env: prod\n  includeTemplates: true\n"
            + "commonAnnotations:\n  owner: platform\nimages:\n- name: nginx\n  newTag: \"1.27\"\nreplicas:\n- name: app-0000\n  count: 5\n"
            + "configMapGenerator:\n- name: global\n  literals:\n  - cluster=prod-1\n");
        _baseFiles = Directory.GetFiles(baseDir, "app-*.yaml");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Baseline = true)]
    public int ReadAndWriteBaseYamlOnly()
    {
        var docs = new List<YamlNode>();
        foreach (var f in _baseFiles)
        {
            docs.AddRange(YamlReader.ReadDocuments(File.ReadAllText(f)));
        }

        return YamlWriter.ToKubernetesYaml(docs).Length;
    }

    [Benchmark]
    public async Task<int> BuildOverlay()
    {
        var result = await _builder.BuildAsync(Path.Combine(_root, "overlay"));
        return result.ToYaml().Length;
    }
}
