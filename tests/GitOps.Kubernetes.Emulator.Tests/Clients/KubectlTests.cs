namespace GitOps.Kubernetes.Emulator.Tests.Clients;

/// <summary>The real kubectl against the emulator (HTTPS, its CA and token through the kubeconfig it writes).</summary>
[TestFixture]
[NonParallelizable]
public sealed class KubectlTests : KubectlFixture
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: app
                image: nginx:1.27
                ports: [{containerPort: 80}]
        """;

    private const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size: {type: integer}
        """;

    [Test]
    public void Server_side_apply_then_get_as_yaml_shows_the_object_with_its_defaults_and_managed_fields()
    {
        var file = Work.WriteFile("ssa/deploy.yaml", Deployment.Replace("name: web", "name: ssa", StringComparison.Ordinal));

        var applied = Kubectl("apply", "--server-side", "--field-manager=gitops", "-f", file);
        var yaml = Kubectl("get", "deployment", "ssa", "-o", "yaml", "--show-managed-fields");

        Assert.That(applied, Does.Contain("deployment.apps/ssa serverside-applied"));
        Assert.That(yaml, Does.Contain("manager: gitops").And.Contain("operation: Apply").And.Contain("imagePullPolicy: IfNotPresent").And.Contain("generation: 1"));
    }

    [Test]
    public void Client_side_apply_patches_with_a_strategic_merge_patch_and_keeps_the_last_applied_annotation()
    {
        var file = Work.WriteFile("csa/deploy.yaml", Deployment.Replace("name: web", "name: csa", StringComparison.Ordinal));
        Kubectl("apply", "-f", file);
        File.WriteAllText(file, File.ReadAllText(file).Replace("nginx:1.27", "nginx:1.28", StringComparison.Ordinal));

        var second = Kubectl("apply", "-f", file);
        var image = Kubectl("get", "deployment", "csa", "-o", "jsonpath={.spec.template.spec.containers[0].image}");
        var annotation = Kubectl("get", "deployment", "csa", "-o", "jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}");

        Assert.That(second, Does.Contain("deployment.apps/csa configured"));
        Assert.That(image, Is.EqualTo("nginx:1.28"));
        Assert.That(annotation, Does.Contain("nginx:1.28"));
    }

    [Test]
    public void Diff_shows_a_pending_change_and_exits_1()
    {
        var file = Work.WriteFile("diff/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: diff}\ndata: {a: \"1\"}\n");
        Kubectl("apply", "--server-side", "-f", file);
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"1\"", "\"2\"", StringComparison.Ordinal));

        var diff = Run("diff", "-f", file);

        Assert.That(diff.ExitCode, Is.EqualTo(1), diff.Error);
        Assert.That(diff.Output, Does.Contain("-  a: \"1\"").And.Contain("+  a: \"2\""));
    }

    [Test]
    public void Delete_removes_the_object()
    {
        var file = Work.WriteFile("delete/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gone}\ndata: {a: \"1\"}\n");
        Kubectl("apply", "--server-side", "-f", file);

        var deleted = Kubectl("delete", "configmap", "gone");
        var get = Run("get", "configmap", "gone");

        Assert.That(deleted, Does.Contain("configmap \"gone\" deleted"));
        Assert.That(get.ExitCode, Is.Not.Zero);
        Assert.That(get.Error, Does.Contain("configmaps \"gone\" not found"));
    }

    [Test]
    public void Wait_for_a_jsonpath_value_returns_once_it_holds()
    {
        var file = Work.WriteFile("wait/deploy.yaml", Deployment.Replace("name: web", "name: waited", StringComparison.Ordinal));
        Kubectl("apply", "--server-side", "-f", file);

        var waited = Kubectl("wait", "--for=jsonpath={.spec.replicas}=2", "deployment/waited", "--timeout=30s");

        Assert.That(waited, Does.Contain("deployment.apps/waited condition met"));
    }

    [Test]
    public void A_crd_becomes_established_and_explain_describes_built_in_and_custom_kinds()
    {
        Kubectl("apply", "--server-side", "-f", Work.WriteFile("crd/crd.yaml", Crd));
        var established = Kubectl("wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=30s");
        Kubectl("apply", "--server-side", "-f", Work.WriteFile("crd/widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}\n"));

        var builtIn = Kubectl("explain", "deployment.spec.replicas");
        var custom = Kubectl("explain", "widget.spec");
        var size = Kubectl("get", "widget", "w", "-o", "jsonpath={.spec.size}");

        Assert.That(established, Does.Contain("condition met"));
        Assert.That(builtIn, Does.Contain("KIND:       Deployment").And.Contain("replicas"));
        Assert.That(custom, Does.Contain("KIND:       Widget").And.Contain("size"));
        Assert.That(size, Is.EqualTo("3"));
    }
}
