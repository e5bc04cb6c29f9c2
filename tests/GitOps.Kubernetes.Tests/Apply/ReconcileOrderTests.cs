using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Objects;

namespace GitOps.Kubernetes.Tests.Apply;

// Follows fluxcd/pkg ssa/sort.go (ReconcileOrder, less, IsLessThan) and ssa/utils/is.go (IsClusterDefinition, IsClassDefinition, IsCustomStage).
public sealed class ReconcileOrderTests
{
    [Test]
    public void Kinds_sort_in_fluxs_order_with_unlisted_kinds_between_first_and_last()
    {
        var order = ReconcileOrder.Sort(new[]
        {
            new ObjectMetadata(string.Empty, "hook", "admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
            new ObjectMetadata("a", "x", "example.com", "Widget"),
            new ObjectMetadata("a", "web", "apps", "Deployment"),
            new ObjectMetadata(string.Empty, "a", string.Empty, "Namespace"),
            new ObjectMetadata(string.Empty, "w", "apiextensions.k8s.io", "CustomResourceDefinition"),
            new ObjectMetadata("a", "svc", string.Empty, "Service"),
            new ObjectMetadata(string.Empty, "admin", "rbac.authorization.k8s.io", "ClusterRole"),
        }).Select(m => m.Kind);
        Assert.That(order, Is.EqualTo(new[] { "CustomResourceDefinition", "Namespace", "ClusterRole", "Service", "Deployment", "Widget", "ValidatingWebhookConfiguration" }));
    }

    [Test]
    public void Ties_break_by_namespace_then_name()
    {
        var order = ReconcileOrder.Sort(new[]
        {
            new ObjectMetadata("b", "a", string.Empty, "ConfigMap"),
            new ObjectMetadata("a", "z", string.Empty, "ConfigMap"),
            new ObjectMetadata("a", "b", string.Empty, "ConfigMap"),
        }).Select(m => m.Namespace + "/" + m.Name);
        Assert.That(order, Is.EqualTo(new[] { "a/b", "a/z", "b/a" }));
    }

    [Test]
    public void Unlisted_kinds_order_by_group_then_kind()
    {
        var order = ReconcileOrder.Sort(new[]
        {
            new ObjectMetadata("a", "x", "z.example.com", "Alpha"),
            new ObjectMetadata("a", "x", "a.example.com", "Zeta"),
            new ObjectMetadata("a", "x", "a.example.com", "Beta"),
        }).Select(m => m.Group + "/" + m.Kind);
        Assert.That(order, Is.EqualTo(new[] { "a.example.com/Beta", "a.example.com/Zeta", "z.example.com/Alpha" }));
    }

    [TestCase("apiextensions.k8s.io/v1", "CustomResourceDefinition", ApplyStage.ClusterDefinitions)]
    [TestCase("v1", "Namespace", ApplyStage.ClusterDefinitions)]
    [TestCase("rbac.authorization.k8s.io/v1", "ClusterRole", ApplyStage.ClusterDefinitions)]
    [TestCase("example.com/v1", "Namespace", ApplyStage.Resources)]
    [TestCase("storage.k8s.io/v1", "StorageClass", ApplyStage.ClassDefinitions)]
    [TestCase("gateway.networking.k8s.io/v1", "GatewayClass", ApplyStage.ClassDefinitions)]
    [TestCase("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", ApplyStage.Resources)]
    [TestCase("example.com/v1", "Widget", ApplyStage.CustomStage)]
    [TestCase("apps/v1", "Deployment", ApplyStage.Resources)]
    public void Objects_fall_in_fluxs_apply_stages(string apiVersion, string kind, ApplyStage stage)
    {
        var obj = Y.Parse($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: x\n");
        Assert.That(ReconcileOrder.StageOf(obj, ["example.com/Widget"]), Is.EqualTo(stage));
    }
}
