using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Clusters;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Tests.Apply;

/// <summary>
/// Scenarios run against every cluster implementation (offline here, the HTTP emulator in the live tests); each returns the
/// change set lines it saw, which must be the same everywhere. Follows fluxcd/pkg ssa/manager_apply_test.go,
/// manager_diff_test.go, manager_delete_test.go and manager_apply_takeover_test.go.
/// </summary>
internal static class ResourceManagerScenarios
{
    public static IReadOnlyList<SsaValue> App(string ns, string data = "a: b") =>
    [
        Y.Deployment("web", ns),
        Y.ConfigMap("settings", ns, data),
        Y.Namespace(ns),
        Y.Parse($"apiVersion: v1\nkind: Service\nmetadata: {{name: web, namespace: {ns}}}\nspec:\n  selector: {{app: web}}\n  ports: [{{port: 80, targetPort: 8080}}]\n"),
    ];

    public static async Task<List<string>> CreateThenReapplyAsync(IClusterClient cluster, string ns)
    {
        var manager = new ResourceManager(cluster);
        var options = Staged();
        var lines = new List<string>();
        lines.AddRange((await manager.ApplyAllStagedAsync(App(ns).Select(ObjectNormalizer.Normalize), options)).Entries.Select(e => e.ToString()));
        lines.AddRange((await manager.ApplyAllStagedAsync(App(ns).Select(ObjectNormalizer.Normalize), options)).Entries.Select(e => e.ToString()));
        return lines;
    }

    public static async Task<List<string>> DriftByAnotherManagerAsync(IClusterClient cluster, string ns)
    {
        var manager = new ResourceManager(cluster);
        await manager.ApplyAllStagedAsync(App(ns).Select(ObjectNormalizer.Normalize), Staged());
        var live = (await cluster.GetAsync(new ObjectReference("v1", "ConfigMap", ns, "settings")))!;
        var drifted = Obj.WithPath(Obj.WithPath(live, ["data", "a"], SsaValue.FromString("changed")), ["data", "extra"], SsaValue.FromString("x"));
        await cluster.JsonPatchAsync(new ObjectReference("v1", "ConfigMap", ns, "settings"),
            [Y.Parse("{op: replace, path: /data, value: " + Obj.Get(drifted, "data")!.ToJson() + "}")], "intruder");

        var lines = new List<string>();
        var diff = await manager.DiffAllAsync(App(ns).Select(ObjectNormalizer.Normalize), Staged());
        lines.AddRange(diff.Select(d => "diff " + d.Entry));
        lines.AddRange((await manager.ApplyAllStagedAsync(App(ns).Select(ObjectNormalizer.Normalize), Staged())).Entries.Select(e => e.ToString()));
        var after = (await cluster.GetAsync(new ObjectReference("v1", "ConfigMap", ns, "settings")))!;
        lines.Add("data " + Obj.Get(after, "data")!.ToJson());
        return lines;
    }

    public static async Task<List<string>> PoliciesAsync(IClusterClient cluster, string ns)
    {
        var manager = new ResourceManager(cluster);
        await manager.ApplyAllStagedAsync([Y.Namespace(ns), Y.ConfigMap("present", ns)], Staged());
        var objects = new[]
        {
            Y.ConfigMap("present", ns, "a: new", "annotations:\n  kustomize.toolkit.fluxcd.io/ssa: IfNotPresent"),
            Y.ConfigMap("absent", ns, "a: new", "annotations:\n  kustomize.toolkit.fluxcd.io/ssa: ifnotpresent"),
            Y.ConfigMap("ignored", ns, "a: b", "annotations:\n  kustomize.toolkit.fluxcd.io/ssa: Ignore"),
            Y.ConfigMap("paused", ns, "a: b", "labels:\n  kustomize.toolkit.fluxcd.io/reconcile: disabled"),
        };
        var cs = await manager.ApplyAllStagedAsync(objects, Staged());
        return cs.Entries.Select(e => e.ToString()).ToList();
    }

    public static async Task<List<string>> PruneAsync(IClusterClient cluster, string ns)
    {
        var manager = new ResourceManager(cluster);
        var owner = FluxMetadata.OwnerLabels("app", "flux-system");
        string Labels(string extra = "") => "labels:\n  kustomize.toolkit.fluxcd.io/name: app\n  kustomize.toolkit.fluxcd.io/namespace: flux-system" + extra;
        await manager.ApplyAllStagedAsync(
        [
            Y.Namespace(ns),
            Y.ConfigMap("owned", ns, extraMetadata: Labels()),
            Y.ConfigMap("kept", ns, extraMetadata: Labels() + "\nannotations:\n  kustomize.toolkit.fluxcd.io/prune: disabled"),
            Y.ConfigMap("foreign", ns, extraMetadata: "labels:\n  kustomize.toolkit.fluxcd.io/name: other\n  kustomize.toolkit.fluxcd.io/namespace: flux-system"),
        ], Staged());
        var refs = new[] { "owned", "kept", "foreign", "gone" }.Select(n => new ObjectReference("v1", "ConfigMap", ns, n)).ToList();
        var cs = await manager.DeleteAllAsync(refs, DeleteOptions.ForKustomization("app", "flux-system"));
        var lines = cs.Entries.Select(e => e.ToString()).ToList();
        lines.Add("left " + string.Join(",", (await cluster.ListAsync("v1", "ConfigMap", ns)).Select(o => Obj.GetString(o, "metadata", "name"))));
        lines.Add("owned " + string.Join(",", (await cluster.ListAsync("v1", "ConfigMap", ns, "kustomize.toolkit.fluxcd.io/name=app")).Select(o => Obj.GetString(o, "metadata", "name"))));
        _ = owner;
        return lines;
    }

    public static async Task<List<string>> KubectlTakeoverAsync(IClusterClient cluster, string ns)
    {
        var manager = new ResourceManager(cluster);
        await manager.ApplyAllStagedAsync([Y.Namespace(ns)], Staged());
        await cluster.ApplyAsync(Y.ConfigMap("legacy", ns, "a: b\nold: x"), new ApplyRequest("kubectl", Force: false, DryRun: false));
        var cs = await manager.ApplyAllStagedAsync([Y.ConfigMap("legacy", ns, "a: b")], Staged());
        var after = (await cluster.GetAsync(new ObjectReference("v1", "ConfigMap", ns, "legacy")))!;
        var lines = cs.Entries.Select(e => e.ToString()).ToList();
        lines.Add("data " + Obj.Get(after, "data")!.ToJson());
        lines.Add("managers " + string.Join(",", Obj.GetList(after, "metadata", "managedFields").Select(m => Obj.GetString(m, "manager") + "/" + Obj.GetString(m, "operation"))));
        return lines;
    }

    public static async Task<List<string>> ImmutableRecreateAsync(IClusterClient cluster, string ns)
    {
        var manager = new ResourceManager(cluster);
        string Cm(string data, string force = "") => "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frozen\n  namespace: " + ns + force + "\nimmutable: true\ndata: {a: " + data + "}\n";
        await manager.ApplyAllStagedAsync([Y.Namespace(ns), Y.Parse(Cm("b"))], Staged());
        var lines = new List<string>();
        try
        {
            await manager.ApplyAllStagedAsync([Y.Parse(Cm("c"))], Staged());
            lines.Add("no error");
        }
        catch (ResourceManagerException ex)
        {
            lines.Add("error " + (ex.InnerException is ClusterException c ? c.StatusCode + " " + c.Reason : ex.Message));
        }

        var forced = Y.Parse(Cm("c", "\n  annotations:\n    kustomize.toolkit.fluxcd.io/force: Enabled"));
        lines.AddRange((await manager.ApplyAllStagedAsync([forced], Staged())).Entries.Select(e => e.ToString()));
        var after = (await cluster.GetAsync(new ObjectReference("v1", "ConfigMap", ns, "frozen")))!;
        lines.Add("data " + Obj.Get(after, "data")!.ToJson());
        return lines;
    }

    public static async Task<List<string>> CustomResourceWithItsDefinitionAsync(IClusterClient cluster, string ns)
    {
        var manager = new ResourceManager(cluster);
        var group = ns + ".example.com";
        var crd = Y.Crd(group, "Widget", "widgets", "type: object\nproperties:\n  spec:\n    type: object\n    properties:\n      size:\n        type: integer\n");
        var widget = Y.Parse($"apiVersion: {group}/v1\nkind: Widget\nmetadata: {{name: w, namespace: {ns}}}\nspec: {{size: 3}}\n");
        var lines = (await manager.ApplyAllStagedAsync([widget, crd, Y.Namespace(ns)], Staged())).Entries.Select(e => e.ToString()).ToList();
        lines.Add("namespaced " + await cluster.IsNamespacedAsync(group + "/v1", "Widget"));
        lines.AddRange((await manager.ApplyAllStagedAsync([widget, crd, Y.Namespace(ns)], Staged())).Entries.Select(e => e.ToString()));
        return lines;
    }

    public static async Task<List<string>> MissingNamespaceAsync(IClusterClient cluster, string ns)
    {
        var manager = new ResourceManager(cluster);
        try
        {
            await manager.ApplyAllAsync([Y.ConfigMap("c", ns)]);
            return ["no error"];
        }
        catch (ResourceManagerException ex)
        {
            return [ex.Message];
        }
    }

    /// <summary>Every scenario by name, run against each cluster implementation.</summary>
    public static IReadOnlyDictionary<string, Func<IClusterClient, string, Task<List<string>>>> All { get; } = new Dictionary<string, Func<IClusterClient, string, Task<List<string>>>>
    {
        ["create-then-reapply"] = CreateThenReapplyAsync,
        ["drift-by-another-manager"] = DriftByAnotherManagerAsync,
        ["ssa-and-reconcile-policies"] = PoliciesAsync,
        ["prune"] = PruneAsync,
        ["kubectl-takeover"] = KubectlTakeoverAsync,
        ["immutable-recreate"] = ImmutableRecreateAsync,
        ["crd-and-custom-resource"] = CustomResourceWithItsDefinitionAsync,
        ["missing-namespace"] = MissingNamespaceAsync,
    };

    public static ApplyOptions Staged()
    {
        var o = ApplyOptions.ForKustomization();
        o.WaitInterval = TimeSpan.FromMilliseconds(20);
        o.WaitTimeout = TimeSpan.FromSeconds(5);
        return o;
    }
}
