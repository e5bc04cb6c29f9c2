using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Clusters;
using GitOps.Kubernetes.Drift;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Tests.Drift;

// The unified diff and RFC 6902 patch of a drifted object, and the field managers owning each changed field (beyond Flux;
// the masking follows fluxcd/pkg ssa/sanitize.go).
public sealed class DriftExplainerTests
{
    [Test]
    public async Task A_drift_names_the_manager_that_changed_the_field()
    {
        var cluster = new OfflineCluster();
        var manager = new ResourceManager(cluster);
        await manager.ApplyAsync(Y.ConfigMap("settings", "default", "a: b\nkeep: k"));
        await cluster.ApplyAsync(Y.ConfigMap("settings", "default", "a: hacked"), new ApplyRequest("intruder", Force: true, DryRun: false));

        var diff = await manager.DiffAsync(Y.ConfigMap("settings", "default", "a: b\nkeep: k"));
        var explanation = DriftExplainer.Explain(diff);

        Assert.That(explanation.Patch.Select(p => p.ToJson()), Is.EqualTo(new[] { "{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"b\"}" }));
        Assert.That(explanation.Owners, Has.Count.EqualTo(1));
        Assert.That(explanation.Owners[0].Managers, Is.EqualTo(new[] { "intruder (Apply)" }));
        Assert.That(explanation.UnifiedDiff, Does.StartWith("--- live/ConfigMap/default/settings\n+++ merged/ConfigMap/default/settings\n@@ "));
        Assert.That(explanation.UnifiedDiff, Does.Contain("\n-  a: hacked\n+  a: b\n"));
    }

    [Test]
    public void A_unified_diff_keeps_three_lines_of_context_and_splits_far_apart_changes()
    {
        var old = string.Concat(Enumerable.Range(1, 20).Select(i => $"l{i}\n"));
        var changed = old.Replace("l2\n", "L2\n", StringComparison.Ordinal).Replace("l18\n", "L18\n", StringComparison.Ordinal);
        var text = DriftExplainer.UnifiedDiff(old, changed, "a", "b");
        Assert.That(text, Is.EqualTo("--- a\n+++ b\n@@ -1,5 +1,5 @@\n l1\n-l2\n+L2\n l3\n l4\n l5\n@@ -15,6 +15,6 @@\n l15\n l16\n l17\n-l18\n+L18\n l19\n l20\n"));
        Assert.That(DriftExplainer.UnifiedDiff(old, old, "a", "b"), Is.Empty);
    }

    [Test]
    public void A_patch_removes_adds_and_replaces()
    {
        var from = Y.Parse("a: 1\nb: {c: 2}\nl: [1, 2]\n");
        var to = Y.Parse("b: {c: 3, d: x}\nl: [1]\nm: z\n");
        var ops = DriftExplainer.CreatePatch(from, to).Select(o => o.ToJson());
        Assert.That(ops, Is.EqualTo(new[]
        {
            "{\"op\":\"remove\",\"path\":\"/a\"}",
            "{\"op\":\"replace\",\"path\":\"/b/c\",\"value\":3}",
            "{\"op\":\"add\",\"path\":\"/b/d\",\"value\":\"x\"}",
            "{\"op\":\"replace\",\"path\":\"/l\",\"value\":[1]}",
            "{\"op\":\"add\",\"path\":\"/m\",\"value\":\"z\"}",
        }));
        _ = SsaValue.Null;
    }

    // fluxcd/pkg ssa/jsondiff/mask.go MaskSecretPatchData: a changed key is replaced by "*** (after)", an added key is "***", a
    // removed key has no value; ssa/sanitize.go gives the unified diff "*** (before)" / "*** (after)" and "***" for equal values.
    [Test]
    public async Task A_drifted_secret_is_masked_in_the_patch_and_the_unified_diff()
    {
        var cluster = new OfflineCluster();
        var manager = new ResourceManager(cluster);
        await manager.ApplyAsync(Y.Parse("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: default}\ndata: {changed: Yg==, gone: Zw==, same: YQ==}\n"));
        await cluster.ApplyAsync(Y.Parse("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: default}\ndata: {gone: Zw==}\n"), new ApplyRequest("kubectl", Force: true, DryRun: false));

        var diff = await manager.DiffAsync(Y.Parse("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: default}\ndata: {added: ZA==, changed: Yw==, same: YQ==}\n"));
        var explanation = DriftExplainer.Explain(diff);

        Assert.That(explanation.Patch.Select(p => p.ToJson()), Is.EqualTo(new[]
        {
            "{\"op\":\"replace\",\"path\":\"/data/changed\",\"value\":\"*** (after)\"}",
            "{\"op\":\"add\",\"path\":\"/data/added\",\"value\":\"***\"}",
        }));
        // kubectl's Apply of "gone" keeps it in the dry-run result (another manager owns it): unchanged, masked.
        Assert.That(explanation.UnifiedDiff, Is.EqualTo(
            "--- live/Secret/default/s\n+++ merged/Secret/default/s\n@@ -1,6 +1,7 @@\n apiVersion: v1\n data:\n-  changed: '*** (before)'\n" +
            "+  added: '***'\n+  changed: '*** (after)'\n   gone: '***'\n   same: '***'\n kind: Secret\n"));
        Assert.That(explanation.UnifiedDiff + string.Join(",", explanation.Patch.Select(p => p.ToJson())), Does.Not.Contain("Yg==").And.Not.Contain("Yw==").And.Not.Contain("ZA==").And.Not.Contain("Zw==").And.Not.Contain("YQ=="));
    }

    [Test]
    public async Task A_secret_that_gains_its_data_shows_every_value_as_the_default_mask()
    {
        var cluster = new OfflineCluster();
        var manager = new ResourceManager(cluster);
        await manager.ApplyAsync(Y.Parse("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: default}\n"));

        var diff = await manager.DiffAsync(Y.Parse("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: default}\ndata: {k: dg==}\n"));
        var explanation = DriftExplainer.Explain(diff);

        Assert.That(explanation.Patch.Select(p => p.ToJson()), Is.EqualTo(new[] { "{\"op\":\"add\",\"path\":\"/data\",\"value\":{\"k\":\"***\"}}" }));
        Assert.That(explanation.UnifiedDiff, Does.Contain("+data:\n+  k: '***'\n"));
    }
}
