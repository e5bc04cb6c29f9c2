using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Objects;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Inventory;

/// <summary>An inventory entry: the object id (<see cref="ObjectMetadata.ToString"/>) and its API version (<c>v</c>).</summary>
/// <param name="Id">The id, <c>&lt;namespace&gt;_&lt;name&gt;_&lt;group&gt;_&lt;kind&gt;</c>.</param>
/// <param name="Version">The version only, e.g. <c>v1</c>.</param>
public sealed record InventoryEntry(string Id, string Version)
{
    /// <summary>The identity.</summary>
    public ObjectMetadata Metadata => ObjectMetadata.Parse(Id);

    /// <summary>The apiVersion rebuilt from the group and version.</summary>
    public string ApiVersion => Metadata.Group.Length == 0 ? Version : Metadata.Group + "/" + Version;
}

/// <summary>
/// kustomize-controller's inventory (<c>status.inventory.entries</c>, <c>internal/inventory/inventory.go</c>): every object of the last
/// change set (skipped ones included), sorted by id; prune deletes what left it.
/// </summary>
public sealed class ResourceInventory
{
    /// <summary>Creates an inventory.</summary>
    /// <param name="entries">The entries.</param>
    public ResourceInventory(IEnumerable<InventoryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries.DistinctBy(e => e.Id).OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The entries, sorted by id.</summary>
    public IReadOnlyList<InventoryEntry> Entries { get; }

    /// <summary>The inventory of a change set (<c>AddChangeSet</c>): every entry, whatever its action.</summary>
    /// <param name="changeSet">The change set.</param>
    /// <returns>The inventory.</returns>
    public static ResourceInventory FromChangeSet(ChangeSet changeSet)
    {
        ArgumentNullException.ThrowIfNull(changeSet);
        return new ResourceInventory(changeSet.Entries.Select(e => new InventoryEntry(e.Metadata.ToString(), e.Version)));
    }

    /// <summary>The objects of <paramref name="old"/> not in <paramref name="current"/>, by id, in Flux's apply order (<c>inventory.Diff</c>).</summary>
    /// <param name="old">The previous inventory.</param>
    /// <param name="current">The new inventory.</param>
    /// <returns>The stale entries.</returns>
    public static IReadOnlyList<InventoryEntry> Stale(ResourceInventory old, ResourceInventory current)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(current);
        var ids = current.Entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        return old.Entries.Where(e => !ids.Contains(e.Id))
            .OrderBy(e => e.Metadata, Comparer<ObjectMetadata>.Create(ReconcileOrder.Compare)).ToList();
    }

    /// <summary>This inventory plus entries of another that are not in it (Flux v1.9 keeps unconfirmed deletions for a retry).</summary>
    /// <param name="other">The entries to keep.</param>
    /// <returns>The merged inventory.</returns>
    public ResourceInventory Merge(IEnumerable<InventoryEntry> other) => new(Entries.Concat(other));

    /// <summary>The inventory as kustomize-controller writes it: <c>{"entries":[{"id":…,"v":…}]}</c>.</summary>
    /// <returns>The value.</returns>
    public SsaValue ToValue() => SsaValue.FromMap(
    [
        new("entries", SsaValue.FromList(Entries.Select(e => SsaValue.FromMap([new("id", SsaValue.FromString(e.Id)), new("v", SsaValue.FromString(e.Version))])))),
    ]);

    /// <summary>Reads an inventory written by <see cref="ToValue"/> (or a Kustomization's <c>status.inventory</c>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The inventory.</returns>
    /// <exception cref="FormatException">An id is malformed.</exception>
    public static ResourceInventory FromValue(SsaValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var entries = Obj.GetList(value, "entries").Select(e => new InventoryEntry(Obj.GetString(e, "id") ?? string.Empty, Obj.GetString(e, "v") ?? string.Empty)).ToList();
        foreach (var e in entries)
        {
            _ = ObjectMetadata.Parse(e.Id);
        }

        return new ResourceInventory(entries);
    }
}
