using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Inventory;
using GitOps.Kubernetes.Objects;

namespace GitOps.Kubernetes.Tests.Inventory;

// Follows kustomize-controller internal/inventory/inventory.go (AddChangeSet, Diff) and fluxcd/pkg ssa/owner.go.
public sealed class ResourceInventoryTests
{
    private static ChangeSetEntry E(string ns, string name, string group, string kind, string v, ChangeSetAction a) =>
        new(new ObjectMetadata(ns, name, group, kind), v, a);

    [Test]
    public void Every_change_set_entry_goes_into_the_inventory_skipped_ones_included()
    {
        var cs = new ChangeSet([E("a", "cfg", string.Empty, "ConfigMap", "v1", ChangeSetAction.Skipped), E(string.Empty, "a", string.Empty, "Namespace", "v1", ChangeSetAction.Created)]);
        var inventory = ResourceInventory.FromChangeSet(cs);
        Assert.That(inventory.Entries.Select(e => e.Id), Is.EqualTo(new[] { "_a__Namespace", "a_cfg__ConfigMap" }));
        Assert.That(inventory.Entries[1].ApiVersion, Is.EqualTo("v1"));
    }

    [Test]
    public void Stale_objects_are_the_old_minus_the_new_in_apply_order()
    {
        var old = new ResourceInventory([new("a_web_apps_Deployment", "v1"), new("_a__Namespace", "v1"), new("a_cfg__ConfigMap", "v1"), new("a_keep__ConfigMap", "v1")]);
        var current = new ResourceInventory([new("a_keep__ConfigMap", "v1")]);
        var stale = ResourceInventory.Stale(old, current).Select(e => e.Id);
        Assert.That(stale, Is.EqualTo(new[] { "_a__Namespace", "a_cfg__ConfigMap", "a_web_apps_Deployment" }));
    }

    [Test]
    public void Unconfirmed_deletions_merge_back_into_the_new_inventory()
    {
        var current = new ResourceInventory([new("a_keep__ConfigMap", "v1")]);
        var merged = current.Merge([new InventoryEntry("a_stuck__ConfigMap", "v1")]);
        Assert.That(merged.Entries.Select(e => e.Id), Is.EqualTo(new[] { "a_keep__ConfigMap", "a_stuck__ConfigMap" }));
    }

    [Test]
    public void The_inventory_round_trips_through_its_status_form()
    {
        var inventory = new ResourceInventory([new("a_web_apps_Deployment", "v1")]);
        var back = ResourceInventory.FromValue(Y.Parse(inventory.ToValue().ToYaml()));
        Assert.That(back.Entries, Is.EqualTo(inventory.Entries));
    }

    [Test]
    public void Owner_labels_are_the_group_name_and_namespace_labels()
    {
        var labels = FluxMetadata.OwnerLabels("app", "flux-system");
        Assert.That(labels, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["kustomize.toolkit.fluxcd.io/name"] = "app",
            ["kustomize.toolkit.fluxcd.io/namespace"] = "flux-system",
        }));
    }
}
