using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Apply.Internal;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.FieldPaths;

namespace GitOps.Kubernetes.Tests.Apply;

// Follows fluxcd/pkg ssa/patch.go (PatchReplaceFieldsManagers, PatchRemoveAnnotations, PatchRemoveLabels) and
// ssa/manager_apply.go cleanupMetadata, with kustomize-controller's cleanup list.
public sealed class MetadataCleanupTests
{
    private static readonly string Live = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c
          namespace: a
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: "{}"
          labels:
            fluxcd.io/sync-gc-mark: x
          managedFields:
          - manager: kubectl-client-side-apply
            operation: Update
            apiVersion: v1
            fieldsType: FieldsV1
            fieldsV1: {"f:data": {"f:a": {}}}
          - manager: kubectl
            operation: Apply
            apiVersion: v1
            fieldsType: FieldsV1
            fieldsV1: {"f:data": {"f:b": {}}}
          - manager: before-first-apply
            operation: Update
            apiVersion: v1
            fieldsType: FieldsV1
            fieldsV1: {"f:data": {"f:c": {}}}
          - manager: kubectl-edit
            operation: Update
            apiVersion: v1
            subresource: status
            fieldsType: FieldsV1
            fieldsV1: {"f:data": {"f:s": {}}}
          - manager: operator
            operation: Update
            apiVersion: v1
            fieldsType: FieldsV1
            fieldsV1: {"f:data": {"f:d": {}}}
        data: {a: "1", b: "2", c: "3", d: "4", s: "5"}
        """;

    [Test]
    public void Kubectl_and_before_first_apply_entries_merge_into_the_appliers_apply_entry()
    {
        var ops = MetadataCleanup.Build(Y.ConfigMap("c", "a"), Y.Parse(Live), ApplyOptions.ForKustomization(), "kustomize-controller");
        Assert.That(ops.Select(o => Obj.GetString(o, "op") + " " + Obj.GetString(o, "path")), Is.EqualTo(new[]
        {
            "remove /metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration",
            "remove /metadata/labels/fluxcd.io~1sync-gc-mark",
            "replace /metadata/managedFields",
        }));

        var entries = Obj.GetList(ops[2], "value");
        Assert.That(entries.Select(e => Obj.GetString(e, "manager")), Is.EqualTo(new[] { "kubectl-edit", "operator", "kustomize-controller" }));
        var merged = entries[2];
        Assert.That(Obj.GetString(merged, "operation"), Is.EqualTo("Apply"));
        var fields = FieldSet.FromFieldsV1Json(Obj.Get(merged, "fieldsV1")!.ToJson());
        Assert.That(fields.Has(FieldPath.OfFields("data", "a")) && fields.Has(FieldPath.OfFields("data", "b")) && fields.Has(FieldPath.OfFields("data", "c")), Is.True);
        Assert.That(fields.Has(FieldPath.OfFields("data", "d")), Is.False);
    }

    [Test]
    public void An_existing_apply_entry_of_the_applier_absorbs_the_matches()
    {
        var live = Y.Parse(Live.Replace("manager: operator\n    operation: Update", "manager: kustomize-controller\n    operation: Apply", StringComparison.Ordinal));
        var managed = MetadataCleanup.ReplaceFieldManagers(live, ApplyOptions.ForKustomization().CleanupFieldManagers, "kustomize-controller")!;
        Assert.That(managed.AsList.Select(e => Obj.GetString(e, "manager")), Is.EqualTo(new[] { "kubectl-edit", "kustomize-controller" }));
        var fields = FieldSet.FromFieldsV1Json(Obj.Get(managed.AsList[1], "fieldsV1")!.ToJson());
        Assert.That(fields.Has(FieldPath.OfFields("data", "d")) && fields.Has(FieldPath.OfFields("data", "a")), Is.True);
    }

    [Test]
    public void The_merge_policy_excludes_an_object_from_the_cleanup()
    {
        var desired = Y.ConfigMap("c", "a", extraMetadata: "annotations:\n  kustomize.toolkit.fluxcd.io/ssa: merge");
        Assert.That(MetadataCleanup.Build(desired, Y.Parse(Live), ApplyOptions.ForKustomization(), "kustomize-controller"), Is.Empty);
    }

    [Test]
    public void Nothing_to_clean_gives_no_patch()
    {
        var live = Y.ConfigMap("c", "a");
        Assert.That(MetadataCleanup.Build(live, live, ApplyOptions.ForKustomization(), "kustomize-controller"), Is.Empty);
    }

    [Test]
    public void Override_managers_are_taken_over_for_apply_and_update()
    {
        var options = ApplyOptions.ForKustomization(overrideManagers: ["operator"]);
        var managed = MetadataCleanup.ReplaceFieldManagers(Y.Parse(Live), options.CleanupFieldManagers, "kustomize-controller")!;
        Assert.That(managed.AsList.Select(e => Obj.GetString(e, "manager")), Is.EqualTo(new[] { "kubectl-edit", "kustomize-controller" }));
    }
}
