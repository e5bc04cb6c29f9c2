using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Clusters;
using GitOps.Kubernetes.Dependencies;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Tests.Dependencies;

// Follows fluxcd/kustomize-controller internal/controller/kustomization_controller.go (checkDependencies and the
// DependencyNotReady requeue in Reconcile) and kustomization_dependson_test.go.
public sealed class DependencyGateTests
{
    private const string Revision = "main@sha1:1111111111111111111111111111111111111111";

    private static SsaValue Kustomization(string name, string ns = "flux-system", string? dependsOn = null, string source = "GitRepository/flux-system", string status = "")
    {
        var (kind, sourceName) = (source.Split('/')[0], source.Split('/')[1]);
        var depends = dependsOn is null ? string.Empty : "\n  dependsOn:\n" + dependsOn;
        return Y.Parse($"""
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: {name}
              namespace: {ns}
              generation: 2
            spec:
              sourceRef:
                kind: {kind}
                name: {sourceName}{depends}
            {status}
            """);
    }

    private static string Status(string ready = "True", int observedGeneration = 2, string lastApplied = Revision) => $"""
        status:
          observedGeneration: {observedGeneration}
          lastAppliedRevision: {lastApplied}
          conditions:
          - type: Ready
            status: "{ready}"
            reason: ReconciliationSucceeded
        """;

    private static DependencyReader Reader(params SsaValue[] objects) => (name, _) =>
        Task.FromResult(objects.FirstOrDefault(o => ObjectReference.From(o) is var r && r.Namespace == name.Namespace && r.Name == name.Name));

    private static readonly NamespacedName Infra = new(string.Empty, "infra");

    [Test]
    public async Task A_ready_dependency_at_the_same_revision_lets_the_unit_through()
    {
        var result = await new DependencyGate().CheckAsync(Kustomization("apps"), [Infra], Revision, Reader(Kustomization("infra", status: Status())));
        Assert.That(result, Is.EqualTo(DependencyCheckResult.Ready));
        Assert.That(result.Requeue, Is.False);
    }

    [Test]
    public async Task A_missing_dependency_is_not_found_with_the_API_servers_words_and_is_requeued_after_30_seconds()
    {
        var result = await new DependencyGate().CheckAsync(Kustomization("apps"), [Infra], Revision, Reader());
        Assert.That(result.IsReady, Is.False);
        Assert.That(result.Message, Is.EqualTo("dependency 'flux-system/infra' not found: kustomizations.kustomize.toolkit.fluxcd.io \"infra\" not found"));
        Assert.That(result.Dependency, Is.EqualTo(new NamespacedName("flux-system", "infra")));
        Assert.That(result.Requeue, Is.True);
        Assert.That(result.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(result.EventMessage, Is.EqualTo("Dependencies do not meet ready condition, retrying in 30s"));
    }

    [Test]
    public async Task A_read_the_cluster_refuses_is_reported_as_not_found_with_the_servers_message()
    {
        DependencyReader forbidden = (_, _) => throw new ClusterException(403, null, "kustomizations.kustomize.toolkit.fluxcd.io \"infra\" is forbidden");
        var result = await new DependencyGate().CheckAsync(Kustomization("apps"), [Infra], Revision, forbidden);
        Assert.That(result.Message, Is.EqualTo("dependency 'flux-system/infra' not found: kustomizations.kustomize.toolkit.fluxcd.io \"infra\" is forbidden"));
    }

    [TestCase("False", 2)]
    [TestCase("Unknown", 2)]
    [TestCase("True", 1)]
    public async Task A_dependency_not_Ready_or_at_an_older_generation_is_not_ready(string ready, int observedGeneration)
    {
        var dependency = Kustomization("infra", status: Status(ready, observedGeneration));
        var result = await new DependencyGate().CheckAsync(Kustomization("apps"), [Infra], Revision, Reader(dependency));
        Assert.That(result.Message, Is.EqualTo("dependency 'flux-system/infra' is not ready"));
    }

    [Test]
    public async Task A_dependency_without_conditions_is_not_ready()
    {
        var result = await new DependencyGate().CheckAsync(Kustomization("apps"), [Infra], Revision, Reader(Kustomization("infra")));
        Assert.That(result.Message, Is.EqualTo("dependency 'flux-system/infra' is not ready"));
    }

    [Test]
    public async Task A_dependency_on_the_same_source_must_have_applied_the_revision_being_applied()
    {
        var behind = Kustomization("infra", status: Status(lastApplied: "main@sha1:0000000000000000000000000000000000000000"));
        var result = await new DependencyGate().CheckAsync(Kustomization("apps"), [Infra], Revision, Reader(behind));
        Assert.That(result.Message, Is.EqualTo("dependency 'flux-system/infra' revision is not up to date"));
    }

    [TestCase("GitRepository/other")]
    [TestCase("OCIRepository/flux-system")]
    public async Task A_dependency_on_another_source_is_not_held_to_the_revision(string source)
    {
        var behind = Kustomization("infra", source: source, status: Status(lastApplied: "v0@sha1:0000000000000000000000000000000000000000"));
        var result = await new DependencyGate().CheckAsync(Kustomization("apps"), [Infra], Revision, Reader(behind));
        Assert.That(result.IsReady, Is.True);
    }

    [Test]
    public async Task A_source_in_another_namespace_is_another_source()
    {
        var behind = Kustomization("infra", ns: "team", status: Status(lastApplied: "old"));
        var result = await new DependencyGate().CheckAsync(Kustomization("apps"), [new NamespacedName("team", "infra")], Revision, Reader(behind));
        Assert.That(result.IsReady, Is.True);
    }

    [Test]
    public async Task Without_a_revision_only_readiness_is_checked_as_helm_controller_does()
    {
        var behind = Kustomization("infra", status: Status(lastApplied: "old"));
        var result = await new DependencyGate().CheckAsync(Kustomization("apps"), [Infra], revision: null, Reader(behind));
        Assert.That(result.IsReady, Is.True);
    }

    [Test]
    public async Task The_first_dependency_not_ready_is_reported_in_dependsOn_order()
    {
        var unit = Kustomization("apps", dependsOn: "  - name: crds\n  - name: infra\n    namespace: infra-ns\n  - name: absent");
        var dependsOn = DependencyGate.DependsOn(unit);
        Assert.That(dependsOn, Is.EqualTo(new[] { new NamespacedName(string.Empty, "crds"), new NamespacedName("infra-ns", "infra"), new NamespacedName(string.Empty, "absent") }));
        var result = await new DependencyGate(new DependencyGateOptions { RequeueInterval = TimeSpan.FromSeconds(90) })
            .CheckAsync(unit, dependsOn, Revision, Reader(Kustomization("crds", status: Status()), Kustomization("infra", ns: "infra-ns", status: Status("False"))));
        Assert.That(result.Message, Is.EqualTo("dependency 'infra-ns/infra' is not ready"));
        Assert.That(result.EventMessage, Is.EqualTo("Dependencies do not meet ready condition, retrying in 1m30s"));
    }

    [Test]
    public void A_readyExpr_is_refused_rather_than_ignored()
    {
        var unit = Kustomization("apps", dependsOn: "  - name: infra\n    readyExpr: dep.status.ready");
        var ex = Assert.Throws<NotSupportedException>(() => DependencyGate.DependsOn(unit));
        Assert.That(ex!.Message, Does.Contain("readyExpr"));
    }

    [Test]
    public void A_requeue_interval_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new DependencyGate(new DependencyGateOptions { RequeueInterval = TimeSpan.Zero }));
    }

    [Test]
    public async Task Dependencies_are_read_from_a_cluster_as_objects_of_the_units_kind()
    {
        var cluster = new OfflineCluster();
        var manager = new ResourceManager(cluster);
        await manager.ApplyAllStagedAsync([KustomizationCrd, Y.Namespace("flux-system"), Kustomization("infra", status: Status(observedGeneration: 1))], new ApplyOptions());
        var gate = new DependencyGate();
        var ready = await gate.CheckAsync(Kustomization("apps"), [Infra], Revision, DependencyGate.ReadFrom(cluster, Kustomization("apps")));
        Assert.That(ready.Message, Is.Empty); // the API server sets generation 1 on create
        var missing = await gate.CheckAsync(Kustomization("apps"), [new NamespacedName(string.Empty, "absent")], Revision, DependencyGate.ReadFrom(cluster, Kustomization("apps")));
        Assert.That(missing.Message, Is.EqualTo("dependency 'flux-system/absent' not found: kustomizations.kustomize.toolkit.fluxcd.io \"absent\" not found"));
    }

    // A CRD without the status subresource, so that an apply stores the status the test gives.
    private static readonly SsaValue KustomizationCrd = Y.Crd("kustomize.toolkit.fluxcd.io", "Kustomization", "kustomizations");
}
