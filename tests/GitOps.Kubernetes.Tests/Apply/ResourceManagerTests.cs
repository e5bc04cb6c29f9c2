using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Clusters;
using GitOps.Kubernetes.Health;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Selectors;

namespace GitOps.Kubernetes.Tests.Apply;

// The resource manager over the offline cluster; follows fluxcd/pkg ssa/manager_apply_test.go, manager_diff_test.go,
// manager_delete_test.go, manager_wait_test.go and kustomize-controller's prune rules.
public sealed class ResourceManagerTests
{
    [Test]
    public async Task A_first_apply_creates_in_staged_order_and_a_second_changes_nothing()
    {
        var cluster = new OfflineCluster();
        var lines = await ResourceManagerScenarios.CreateThenReapplyAsync(cluster, "app");
        Assert.That(lines, Is.EqualTo(new[]
        {
            "Namespace/app created", "ConfigMap/app/settings created", "Service/app/web created", "Deployment/app/web created",
            "Namespace/app unchanged", "ConfigMap/app/settings unchanged", "Service/app/web unchanged", "Deployment/app/web unchanged",
        }));
    }

    [Test]
    public async Task Unchanged_objects_are_never_written()
    {
        var cluster = new OfflineCluster();
        var manager = new ResourceManager(cluster);
        await manager.ApplyAllStagedAsync(ResourceManagerScenarios.App("app"), ResourceManagerScenarios.Staged());
        var before = (await cluster.GetAsync(new ObjectReference("apps/v1", "Deployment", "app", "web")))!;
        await manager.ApplyAllStagedAsync(ResourceManagerScenarios.App("app"), ResourceManagerScenarios.Staged());
        var after = (await cluster.GetAsync(new ObjectReference("apps/v1", "Deployment", "app", "web")))!;
        Assert.That(Obj.GetString(after, "metadata", "resourceVersion"), Is.EqualTo(Obj.GetString(before, "metadata", "resourceVersion")));
    }

    [Test]
    public async Task A_field_another_manager_changed_is_drift_and_is_put_back()
    {
        var lines = await ResourceManagerScenarios.DriftByAnotherManagerAsync(new OfflineCluster(), "app");
        Assert.That(lines, Is.EqualTo(new[]
        {
            "diff Namespace/app unchanged", "diff ConfigMap/app/settings configured", "diff Service/app/web unchanged", "diff Deployment/app/web unchanged",
            "Namespace/app unchanged", "ConfigMap/app/settings configured", "Service/app/web unchanged", "Deployment/app/web unchanged",
            "data {\"a\":\"b\",\"extra\":\"x\"}",
        }));
    }

    [Test]
    public async Task The_ssa_and_reconcile_annotations_skip_objects()
    {
        var lines = await ResourceManagerScenarios.PoliciesAsync(new OfflineCluster(), "pol");
        Assert.That(lines, Is.EqualTo(new[]
        {
            "ConfigMap/pol/absent created", "ConfigMap/pol/ignored skipped", "ConfigMap/pol/paused skipped", "ConfigMap/pol/present skipped",
        }));
    }

    [Test]
    public async Task Prune_deletes_only_owned_objects_in_reverse_order()
    {
        var lines = await ResourceManagerScenarios.PruneAsync(new OfflineCluster(), "gc");
        Assert.That(lines, Is.EqualTo(new[]
        {
            "ConfigMap/gc/owned deleted", "ConfigMap/gc/kept skipped", "ConfigMap/gc/gone deleted", "ConfigMap/gc/foreign skipped",
            "left foreign,kept", "owned kept",
        }));
    }

    [Test]
    public async Task Fields_kubectl_applied_are_taken_over_and_removed()
    {
        var lines = await ResourceManagerScenarios.KubectlTakeoverAsync(new OfflineCluster(), "tk");
        Assert.That(lines, Is.EqualTo(new[] { "ConfigMap/tk/legacy configured", "data {\"a\":\"b\"}", "managers kustomize-controller/Apply" }));
    }

    [Test]
    public async Task A_missing_namespace_fails_the_dry_run_as_flux_words_it()
    {
        var manager = new ResourceManager(new OfflineCluster());
        var ex = Assert.ThrowsAsync<ResourceManagerException>(() => manager.ApplyAllAsync([Y.ConfigMap("c", "nope")]));
        Assert.That(ex!.Message, Is.EqualTo("ConfigMap/nope/c not found: namespaces \"nope\" not found"));
    }

    [Test]
    public async Task A_drifted_secret_diff_masks_its_values()
    {
        var cluster = new OfflineCluster();
        var manager = new ResourceManager(cluster);
        var secret = Y.Parse("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: default}\ndata: {same: YQ==, changed: Yg==}\n");
        await manager.ApplyAsync(secret);
        var changed = Y.Parse("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: default}\ndata: {same: YQ==, changed: Yw==, added: ZA==}\n");
        var diff = await manager.DiffAsync(changed);
        Assert.That(diff.Entry.Action, Is.EqualTo(ChangeSetAction.Configured));
        Assert.That(Obj.Get(diff.Live, "data")!.ToJson(), Is.EqualTo("{\"changed\":\"*** (before)\",\"same\":\"***\"}"));
        Assert.That(Obj.Get(diff.Merged, "data")!.ToJson(), Is.EqualTo("{\"added\":\"***\",\"changed\":\"*** (after)\",\"same\":\"***\"}"));
        Assert.That(Obj.Get(diff.Merged, "metadata", "managedFields"), Is.Null);
    }

    [Test]
    public async Task An_ignored_field_neither_drifts_nor_is_overwritten()
    {
        var cluster = new OfflineCluster();
        var manager = new ResourceManager(cluster);
        var options = ResourceManagerScenarios.Staged();
        options.DriftIgnoreRules.Add(new DriftIgnoreRule(["/spec/replicas"], new ResourceSelector { Kind = "Deployment" }));
        await manager.ApplyAllStagedAsync(ResourceManagerScenarios.App("ig"), options);
        await cluster.ApplyAsync(Y.Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ig}\nspec: {replicas: 5}\n"), new ApplyRequest("hpa", Force: true, DryRun: false));
        var cs = await manager.ApplyAllStagedAsync(ResourceManagerScenarios.App("ig"), options);
        Assert.That(cs.ToMap()["Deployment/ig/web"], Is.EqualTo("unchanged"));

        var changed = ResourceManagerScenarios.App("ig").Select(o => Obj.GetString(o, "kind") == "Deployment" ? Obj.WithPath(o, ["spec", "template", "metadata", "labels", "v"], GitOps.Ssa.Values.SsaValue.FromString("2")) : o);
        cs = await manager.ApplyAllStagedAsync(changed, options);
        var live = (await cluster.GetAsync(new ObjectReference("apps/v1", "Deployment", "ig", "web")))!;
        Assert.That(cs.ToMap()["Deployment/ig/web"], Is.EqualTo("configured"));
        Assert.That(Obj.GetInt(live, "spec", "replicas"), Is.EqualTo(5), "the field the hpa owns by Apply is stripped from Flux's payload");
    }

    [Test]
    public async Task Waiting_times_out_on_objects_no_controller_makes_ready()
    {
        var cluster = new OfflineCluster();
        var manager = new ResourceManager(cluster);
        await manager.ApplyAllStagedAsync(ResourceManagerScenarios.App("w"), ResourceManagerScenarios.Staged());
        var ok = await manager.WaitAsync([new ObjectReference("v1", "ConfigMap", "w", "settings")], new WaitOptions { Interval = TimeSpan.FromMilliseconds(5), Timeout = TimeSpan.FromSeconds(1) });
        Assert.That(ok.Values.Single().Status, Is.EqualTo(HealthStatus.Current));
        var ex = Assert.ThrowsAsync<ResourceManagerException>(() => manager.WaitAsync(
            [new ObjectReference("apps/v1", "Deployment", "w", "web"), new ObjectReference("v1", "ConfigMap", "w", "missing")],
            new WaitOptions { Interval = TimeSpan.FromMilliseconds(5), Timeout = TimeSpan.FromMilliseconds(30) }));
        Assert.That(ex!.Message, Is.EqualTo("timeout waiting for: [Deployment/w/web status: 'InProgress', ConfigMap/w/missing status: 'NotFound']"));
    }

    [Test]
    public void Conflicts_and_invalid_requests_count_as_immutable_errors()
    {
        Assert.That(ResourceManager.IsImmutableError(new ClusterException(409, null, "conflict")), Is.True);
        Assert.That(ResourceManager.IsImmutableError(new ClusterException(422, null, "invalid")), Is.True);
        Assert.That(ResourceManager.IsImmutableError(new ClusterException(400, null, "spec.x: Invalid value: field is immutable")), Is.True);
        Assert.That(ResourceManager.IsImmutableError(new ClusterException(403, null, "forbidden")), Is.False);
    }
}
