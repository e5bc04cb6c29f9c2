namespace GitOps.Kubernetes.Emulator.Tests.Clients;

/// <summary>
/// The real kubectl's client-side apply and <c>kubectl patch --type strategic</c> against the emulator: the patches carry
/// apimachinery's directives (<c>$setElementOrder</c>, <c>$retainKeys</c>, <c>$deleteFromPrimitiveList</c>,
/// <c>$patch: delete</c>), which the emulator applies as kube-apiserver does.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KubectlStrategicMergeTests : KubectlFixture
{
    [Test]
    public void Client_side_apply_removes_and_reorders_containers()
    {
        Apply("order", Deployment("order", containers: ["a", "b", "c"]));

        var output = Apply("order", Deployment("order", containers: ["c", "a"]));

        Assert.That(output, Does.Contain("deployment.apps/order configured"));
        Assert.That(Kubectl("get", "deployment", "order", "-o", "jsonpath={.spec.template.spec.containers[*].name}"), Is.EqualTo("c a"));
    }

    [Test]
    public void Client_side_apply_deletes_a_finalizer_from_the_primitive_list()
    {
        Apply("fin", Deployment("fin", containers: ["a"], finalizers: ["example.com/one", "example.com/two", "example.com/three"]));

        Apply("fin", Deployment("fin", containers: ["a"], finalizers: ["example.com/three", "example.com/one"]));

        Assert.That(Kubectl("get", "deployment", "fin", "-o", "jsonpath={.metadata.finalizers[*]}"), Is.EqualTo("example.com/three example.com/one"));
        Kubectl("patch", "deployment", "fin", "--type", "merge", "-p", "{\"metadata\":{\"finalizers\":null}}");
    }

    [Test]
    public void Client_side_apply_switches_a_rolling_update_strategy_to_recreate_through_retain_keys()
    {
        Apply("strategy", Deployment("strategy", containers: ["a"]));
        var before = Kubectl("get", "deployment", "strategy", "-o", "jsonpath={.spec.strategy}");

        Apply("strategy", Deployment("strategy", containers: ["a"], strategy: "Recreate"));

        Assert.That(before, Does.Contain("rollingUpdate"));
        Assert.That(Kubectl("get", "deployment", "strategy", "-o", "jsonpath={.spec.strategy}"), Is.EqualTo("{\"type\":\"Recreate\"}"));
    }

    [Test]
    public void Kubectl_patch_strategic_honours_delete_order_and_retain_keys_directives()
    {
        Apply("patched", Deployment("patched", containers: ["a", "b", "c"]));

        Kubectl("patch", "deployment", "patched", "--type", "strategic", "-p",
            """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"},"template":{"spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"b"}],"containers":[{"name":"a","$patch":"delete"},{"name":"b","image":"b:2"}]}}}}""");

        Assert.That(Kubectl("get", "deployment", "patched", "-o", "jsonpath={.spec.template.spec.containers[*].image}"), Is.EqualTo("c:1 b:2"));
        Assert.That(Kubectl("get", "deployment", "patched", "-o", "jsonpath={.spec.strategy}"), Is.EqualTo("{\"type\":\"Recreate\"}"));
    }

    private static string Deployment(string name, string[] containers, string[]? finalizers = null, string? strategy = null)
    {
        var lines = new List<string>
        {
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata:",
            "  name: " + name,
        };
        if (finalizers is not null)
        {
            lines.Add("  finalizers: [" + string.Join(", ", finalizers) + "]");
        }

        lines.Add("spec:");
        if (strategy is not null)
        {
            lines.Add("  strategy: {type: " + strategy + "}");
        }

        lines.Add("  selector: {matchLabels: {app: " + name + "}}");
        lines.Add("  template:");
        lines.Add("    metadata: {labels: {app: " + name + "}}");
        lines.Add("    spec:");
        lines.Add("      containers:");
        lines.AddRange(containers.Select(c => "      - {name: " + c + ", image: \"" + c + ":1\"}"));
        return string.Join('\n', lines) + "\n";
    }

    private string Apply(string name, string yaml) => Kubectl("apply", "-f", Work.WriteFile(name + "/deploy.yaml", yaml));
}
