using GitOps.Kubernetes.Dependencies;

namespace GitOps.Kubernetes.Tests.Dependencies;

// Follows fluxcd/pkg runtime/dependency/sort.go (Sort) and runtime/acl (AccessDeniedError).
public sealed class DependencyGraphTests
{
    private static Dependent D(string name, params string[] deps) =>
        new(new NamespacedName("flux-system", name), deps.Select(d => d.Contains('/', StringComparison.Ordinal) ? new NamespacedName(d.Split('/')[0], d.Split('/')[1]) : new NamespacedName(string.Empty, d)).ToList());

    [Test]
    public void Dependencies_come_before_their_dependents()
    {
        var order = DependencyGraph.Sort([D("apps", "infra"), D("infra", "crds"), D("crds")]).Select(n => n.Name);
        Assert.That(order, Is.EqualTo(new[] { "crds", "infra", "apps" }));
    }

    [Test]
    public void A_dependency_without_a_namespace_is_in_the_dependents_namespace()
    {
        var order = DependencyGraph.Sort([D("apps", "other/infra")]).Select(n => n.ToString());
        Assert.That(order, Is.EqualTo(new[] { "other/infra", "flux-system/apps" }));
    }

    [Test]
    public void A_cycle_is_reported_as_a_path()
    {
        var ex = Assert.Throws<CircularDependencyException>(() => DependencyGraph.Sort([D("a", "b"), D("b", "a")]));
        Assert.That(ex!.Message, Is.EqualTo("circular dependency detected: flux-system/a -> flux-system/b -> flux-system/a"));
    }

    [Test]
    public void Cross_namespace_references_are_blocked_only_when_asked()
    {
        var open = new CrossNamespacePolicy();
        var locked = new CrossNamespacePolicy(NoCrossNamespaceRefs: true);
        var reference = new NamespacedName("other", "repo");
        Assert.That(open.IsAllowed("apps", reference), Is.True);
        Assert.That(locked.IsAllowed("apps", new NamespacedName(string.Empty, "repo")), Is.True);
        var ex = Assert.Throws<AccessDeniedException>(() => locked.Check("apps", "GitRepository", reference));
        Assert.That(ex!.Message, Is.EqualTo("can't access 'GitRepository/other/repo', cross-namespace references have been blocked"));
    }
}
