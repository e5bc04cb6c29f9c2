using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Apply.Internal;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Selectors;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Tests.Apply;

// Follows fluxcd/pkg ssa/manager_diff.go (hasDrifted, hasObjectDrifted, prepareObjectForDiff) and
// ssa/manager_apply.go (hasDriftedWithIgnore, computeDriftedPaths, applyDriftResult).
public sealed class DriftCheckTests
{
    private static SsaValue Live(string extra = "") => Y.Parse($"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: a
          resourceVersion: "7"
          labels: {"{"}app: web{"}"}
        {extra}
        spec:
          replicas: 2
        status:
          readyReplicas: 2
        """);

    [Test]
    public void A_dry_run_without_resource_version_is_drift()
    {
        var dryRun = Obj.WithPath(Live(), ["metadata", "resourceVersion"], null);
        Assert.That(DriftCheck.HasDrifted(Live(), dryRun), Is.True);
    }

    [Test]
    public void Status_and_other_metadata_never_count_as_drift()
    {
        var dryRun = Obj.WithPath(Obj.WithPath(Live(), ["status", "readyReplicas"], SsaValue.FromInt64(0)), ["metadata", "generation"], SsaValue.FromInt64(9));
        Assert.That(DriftCheck.HasDrifted(Live(), dryRun), Is.False);
    }

    [Test]
    public void Labels_and_annotations_are_compared_apart()
    {
        var labelled = Obj.WithPath(Live(), ["metadata", "labels", "tier"], SsaValue.FromString("web"));
        var annotated = Obj.WithPath(Live(), ["metadata", "annotations", "note"], SsaValue.FromString("x"));
        Assert.That(DriftCheck.HasDrifted(Live(), labelled), Is.True);
        Assert.That(DriftCheck.HasDrifted(Live(), annotated), Is.True);
    }

    [Test]
    public void A_spec_change_is_drift()
    {
        var dryRun = Obj.WithPath(Live(), ["spec", "replicas"], SsaValue.FromInt64(3));
        Assert.That(DriftCheck.HasDrifted(Live(), dryRun), Is.True);
    }

    [Test]
    public void Ignored_paths_hide_drift_for_selected_objects_only()
    {
        var dryRun = Obj.WithPath(Live(), ["spec", "replicas"], SsaValue.FromInt64(3));
        var all = new[] { new DriftIgnoreRule(["/spec/replicas"]) };
        var otherKind = new[] { new DriftIgnoreRule(["/spec/replicas"], new ResourceSelector { Kind = "StatefulSet" }) };
        var byLabel = new[] { new DriftIgnoreRule(["/spec/replicas"], new ResourceSelector { Kind = "Deploy.*", LabelSelector = "app in (web,api)" }) };
        Assert.That(DriftCheck.HasDrifted(Live(), dryRun, all), Is.False);
        Assert.That(DriftCheck.HasDrifted(Live(), dryRun, otherKind), Is.True);
        Assert.That(DriftCheck.HasDrifted(Live(), dryRun, byLabel), Is.False);
    }

    [Test]
    public void Selector_regexes_are_anchored()
    {
        Assert.That(new ResourceSelector { Kind = "Deploy" }.Matches(Live()), Is.False);
        Assert.That(new ResourceSelector { Name = "w.b", Namespace = "a" }.Matches(Live()), Is.True);
        Assert.That(new ResourceSelector { LabelSelector = "app!=web" }.Matches(Live()), Is.False);
        Assert.That(new ResourceSelector { LabelSelector = "!tier,app" }.Matches(Live()), Is.True);
    }

    [Test]
    public void An_ignored_field_owned_by_another_apply_manager_is_stripped_otherwise_adopted()
    {
        var managed = """
          managedFields:
          - manager: hpa-controller
            operation: Apply
            apiVersion: apps/v1
            fieldsType: FieldsV1
            fieldsV1: {"f:spec": {"f:replicas": {}}}
          - manager: kustomize-controller
            operation: Apply
            apiVersion: apps/v1
            fieldsType: FieldsV1
            fieldsV1: {"f:spec": {"f:template": {}}}
        """;
        var live = Live(managed);
        var dryRun = Obj.WithPath(Obj.WithPath(live, ["spec", "replicas"], SsaValue.FromInt64(5)), ["spec", "paused"], SsaValue.True);
        var rules = new[] { new DriftIgnoreRule(["/spec/replicas", "/spec/paused"]) };
        var drifted = DriftCheck.DriftedPaths(live, dryRun, rules, "kustomize-controller");
        Assert.That(drifted.Select(d => (string.Join("/", d.Path), d.Strip)), Is.EqualTo(new[] { ("spec/replicas", true), ("spec/paused", false) }));

        var payload = DriftCheck.ApplyDriftedPaths(Y.Parse("apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 5\n  paused: true\n"), drifted);
        Assert.That(Obj.Get(payload, "spec", "replicas"), Is.Null);
        Assert.That(Obj.Get(payload, "spec", "paused"), Is.Null, "adopting a field the live object lacks removes it from the payload");
    }

    [Test]
    public void List_indexes_in_ignore_paths_resolve_to_the_items_key()
    {
        var live = Y.Parse("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              managedFields:
              - manager: vpa
                operation: Apply
                apiVersion: apps/v1
                fieldsType: FieldsV1
                fieldsV1: {"f:spec": {"f:template": {"f:spec": {"f:containers": {"k:{\"name\":\"app\"}": {"f:resources": {}}}}}}}
            spec:
              template:
                spec:
                  containers:
                  - name: sidecar
                  - name: app
                    resources: {limits: {cpu: "2"}}
            """);
        var owned = ManagedFieldsAccess.Read(live)[0].Fields;
        Assert.That(DriftCheck.Owns(owned, live, JsonPointer.Parse("/spec/template/spec/containers/1/resources")), Is.True);
        Assert.That(DriftCheck.Owns(owned, live, JsonPointer.Parse("/spec/template/spec/containers/0/resources")), Is.False);
    }
}
