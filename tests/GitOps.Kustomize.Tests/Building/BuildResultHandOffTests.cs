using GitOps.Ssa;
using GitOps.Ssa.Values;
using GitOps.Yaml;

namespace GitOps.Kustomize.Tests.Building;

/// <summary>A build result goes to server-side apply in memory, and an apply result back to the kustomize writer.</summary>
public sealed class BuildResultHandOffTests
{
    private const string Deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: default\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        env:\n        - name: RATIO\n          value: \"1.0\"\n      volumes:\n      - name: v\n        secret:\n          secretName: s\n          defaultMode: 0777\n";

    [Test]
    public async Task A_build_result_is_applied_in_memory_with_the_values_kubectl_would_send()
    {
        using var temp = new TemporaryDirectory();
        temp.WriteFile("app/kustomization.yaml", "namePrefix: p-\nresources:\n- deployment.yaml\n");
        temp.WriteFile("app/deployment.yaml", Deployment);
        var built = await new KustomizeBuilder().BuildAsync(temp.Combine("app"));

        var objects = built.ToSsaValues();
        var applied = new ServerSideApply().Apply(null, objects[0], "gitops");

        var spec = applied.Value.AsMap["spec"].AsMap["template"].AsMap["spec"].AsMap;
        Assert.That(spec["volumes"].AsList[0].AsMap["secret"].AsMap["defaultMode"].AsInteger, Is.EqualTo(511));
        Assert.That(spec["containers"].AsList[0].AsMap["env"].AsList[0].AsMap["value"].AsString, Is.EqualTo("1.0"));
        Assert.That(applied.Value.AsMap["metadata"].AsMap["name"].AsString, Is.EqualTo("p-web"));
        Assert.That(objects[0].ToJson(), Is.EqualTo(SsaValue.ParseYamlDocuments(built.ToYaml())[0].ToJson()), "in memory equals printed then parsed");
    }

    [Test]
    public async Task An_apply_input_written_by_the_kustomize_writer_is_what_kustomize_printed()
    {
        using var temp = new TemporaryDirectory();
        temp.WriteFile("app/kustomization.yaml", "resources:\n- deployment.yaml\n");
        temp.WriteFile("app/deployment.yaml", Deployment);
        var built = await new KustomizeBuilder().BuildAsync(temp.Combine("app"));

        var value = built.ToSsaValues()[0];
        var applied = new ServerSideApply().Apply(null, value, "gitops");

        Assert.That(YamlWriter.ToKubernetesYaml([value.ToYamlNode()]), Is.EqualTo(built.ToYaml()));
        Assert.That(YamlWriter.ToKubernetesYaml([applied.Value.ToYamlNode()]), Does.Contain("      - name: v\n        secret:\n          defaultMode: 511\n"));
    }

    [Test]
    public async Task A_replica_count_written_010_is_8_as_yaml_1_1_and_kubectl_kustomize_read_it()
    {
        using var temp = new TemporaryDirectory();
        temp.WriteFile("app/kustomization.yaml", "resources:\n- deployment.yaml\nreplicas:\n- name: web\n  count: 010\n");
        temp.WriteFile("app/deployment.yaml", Deployment);

        var built = await new KustomizeBuilder().BuildAsync(temp.Combine("app"));

        Assert.That(built.ToSsaValues()[0].AsMap["spec"].AsMap["replicas"].AsInteger, Is.EqualTo(8));
    }
}
