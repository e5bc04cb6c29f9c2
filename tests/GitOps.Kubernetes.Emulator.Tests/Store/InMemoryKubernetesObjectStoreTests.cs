using GitOps.Kubernetes.Emulator.Store;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Tests.Store;

public sealed class InMemoryKubernetesObjectStoreTests
{
    private static readonly SsaValue ConfigMap = SsaValue.ParseJson("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app":"web"}},"data":{"a":"1"}}""");

    [Test]
    public async Task An_apply_creates_then_a_same_apply_does_not_write()
    {
        var store = new InMemoryKubernetesObjectStore();
        var type = store.Resources.GetKind("v1", "ConfigMap");
        var options = new KubernetesWriteOptions { FieldManager = "gitops" };

        var created = await store.ApplyAsync(type, "default", "c", ConfigMap, options);
        var again = await store.ApplyAsync(type, "default", "c", ConfigMap, options);

        Assert.That(created.Created, Is.True);
        Assert.That(again.Created, Is.False);
        Assert.That(Rv(again.Value), Is.EqualTo(Rv(created.Value)));
        Assert.That(created.Value.AsMap["metadata"].AsMap["uid"].AsString, Is.Not.Empty);
    }

    [Test]
    public async Task An_update_with_a_stale_resource_version_is_a_409_conflict()
    {
        var store = new InMemoryKubernetesObjectStore();
        var type = store.Resources.GetKind("v1", "ConfigMap");
        await store.CreateAsync(type, "default", ConfigMap);
        var stale = SsaValue.ParseJson("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","resourceVersion":"1"},"data":{"a":"2"}}""");

        var failure = Assert.ThrowsAsync<KubernetesApiException>(async () => await store.UpdateAsync(type, "default", "c", stale));

        Assert.That(failure!.StatusCode, Is.EqualTo(409));
        Assert.That(failure.Reason, Is.EqualTo("Conflict"));
    }

    [Test]
    public async Task A_list_filters_by_label_selector_and_a_watch_sees_later_changes()
    {
        var store = new InMemoryKubernetesObjectStore();
        var type = store.Resources.GetKind("v1", "ConfigMap");
        await store.CreateAsync(type, "default", ConfigMap);
        var list = await store.ListAsync(type, "default", new KubernetesListOptions { LabelSelector = "app in (web,api)" });
        var none = await store.ListAsync(type, "default", new KubernetesListOptions { LabelSelector = "app!=web" });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = store.WatchAsync(type, "default", new KubernetesWatchOptions { ResourceVersion = Rv(list) }, cancel.Token).GetAsyncEnumerator(cancel.Token);

        await store.DeleteAsync(type, "default", "c");
        Assert.That(await events.MoveNextAsync(), Is.True);

        Assert.That(list.AsMap["items"].AsList, Has.Count.EqualTo(1));
        Assert.That(none.AsMap["items"].AsList, Is.Empty);
        Assert.That(events.Current.Type, Is.EqualTo(KubernetesWatchEventType.Deleted));
        await events.DisposeAsync();
    }

    private static string Rv(SsaValue obj) => obj.AsMap["metadata"].AsMap["resourceVersion"].AsString;
}
