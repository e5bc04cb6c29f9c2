using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Objects.Internal;

namespace GitOps.Kubernetes.Tests.Apply;

// Follows fluxcd/pkg ssa/normalize/normalize.go (UnstructuredList, normalizePodProtoDefault, normalizeServiceProtoDefault, normalizeSecret, DryRunUnstructured).
public sealed class ObjectNormalizerTests
{
    [Test]
    public void Container_ports_get_the_tcp_protocol()
    {
        var obj = ObjectNormalizer.Normalize(Y.Deployment("web", "a"));
        Assert.That(Obj.GetString(Obj.GetList(Obj.GetList(obj, "spec", "template", "spec", "containers")[0], "ports")[0], "protocol"), Is.EqualTo("TCP"));
    }

    [Test]
    public void Cron_job_and_service_ports_get_the_tcp_protocol_and_explicit_ones_stay()
    {
        var cron = ObjectNormalizer.Normalize(Y.Parse("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: c}
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - name: c
                        ports: [{containerPort: 53, protocol: UDP}, {containerPort: 80}]
            """));
        var ports = Obj.GetList(Obj.GetList(cron, "spec", "jobTemplate", "spec", "template", "spec", "containers")[0], "ports");
        Assert.That(ports.Select(p => Obj.GetString(p, "protocol")), Is.EqualTo(new[] { "UDP", "TCP" }));
        var svc = ObjectNormalizer.Normalize(Y.Parse("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n"));
        Assert.That(Obj.GetString(Obj.GetList(svc, "spec", "ports")[0], "protocol"), Is.EqualTo("TCP"));
    }

    [Test]
    public void Secret_string_data_is_folded_into_base64_data()
    {
        var secret = ObjectNormalizer.Normalize(Y.Parse("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: YQ==}\nstringData: {b: hello, a: x}\n"));
        Assert.That(Obj.Get(secret, "stringData"), Is.Null);
        Assert.That(Obj.StringMap(secret, "data"), Is.EquivalentTo(new Dictionary<string, string> { ["a"] = "eA==", ["b"] = "aGVsbG8=" }));
    }

    [Test]
    public void Status_and_creation_timestamp_go_except_a_crds_status()
    {
        var cm = ObjectNormalizer.Normalize(Y.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, creationTimestamp: null}\nstatus: {x: 1}\n"));
        Assert.That(Obj.Get(cm, "status"), Is.Null);
        Assert.That(Obj.Get(cm, "metadata", "creationTimestamp"), Is.Null);
        var crd = ObjectNormalizer.Normalize(Y.Parse("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: c}\nstatus: {x: 1}\n"));
        Assert.That(Obj.Get(crd, "status"), Is.Not.Null);
    }

    [Test]
    public void Roles_are_left_as_they_are()
    {
        var role = Y.Parse("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\nstatus: {x: 1}\n");
        Assert.That(ObjectNormalizer.Normalize(role), Is.SameAs(role));
    }

    [Test]
    public void Dry_run_hpa_metrics_lose_duplicates_and_empty_entries()
    {
        var hpa = ObjectNormalizer.DryRun(Y.Parse("""
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: h}
            spec:
              metrics:
              - {type: Resource, resource: {name: cpu}}
              - {type: Resource, resource: {name: cpu}}
              - {resource: {name: memory}}
            """));
        Assert.That(Obj.GetList(hpa, "spec", "metrics"), Has.Count.EqualTo(1));
    }
}
