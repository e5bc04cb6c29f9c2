using GitOps.Patching;
using GitOps.Yaml;

namespace GitOps.Core.Tests.Patching;

/// <summary>
/// Strategic merge as kube-apiserver applies it (<see cref="StrategicMergePatchOptions.ApiServer"/>), with apimachinery's
/// directives. Expected results follow k8s.io/apimachinery/pkg/util/strategicpatch/patch.go: mergeMap
/// (applyRetainKeysDirective, mergePatchIntoOriginal, preprocessDeletionListForMerging), mergeSlice (original elements
/// in place, new ones appended, scalars deduplicated keeping the first), normalizeElementOrder and mergeSortedSlice.
/// </summary>
public sealed class StrategicMergePatchApiServerTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          finalizers: [a, b, c]
          labels: {app: web, tier: front}
          name: web
        spec:
          strategy:
            rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}
            type: RollingUpdate
          template:
            spec:
              containers:
              - {image: "a:1", name: a}
              - {image: "x:1", name: x}
              - {image: "b:1", name: b}
        """;

    [Test]
    public void Retain_keys_clears_the_fields_it_does_not_list_when_a_strategy_switches_to_recreate()
    {
        var merged = Merge(Deployment, "{spec: {strategy: {$retainKeys: [type], type: Recreate}}}");

        Assert.That(merged, Does.Contain("strategy:\n    type: Recreate\n  template:"));
        Assert.That(merged, Does.Not.Contain("rollingUpdate").And.Not.Contain("$retainKeys"));
    }

    [Test]
    public void Container_ports_are_keyed_by_the_patch_merge_key_alone_as_kubectl_patch_local_merges_them()
    {
        // containerPort is the patch merge key; containerPort+protocol are only the list-map keys (what kustomize uses).
        // `kubectl patch --local --type strategic` gives one port 53 with the patch's protocol and name.
        const string Original = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                  - name: a
                    image: a:1
                    ports:
                    - {containerPort: 53, protocol: TCP, name: dns-tcp}
                    - {containerPort: 80, protocol: TCP, name: http}
            """;

        var merged = Merge(Original, "{spec: {template: {spec: {containers: [{name: a, ports: [{containerPort: 53, protocol: UDP, name: dns}]}]}}}}");
        var kustomize = Merge(Original, "{spec: {template: {spec: {containers: [{name: a, ports: [{containerPort: 53, protocol: UDP, name: dns}]}]}}}}", StrategicMergePatchOptions.Default);

        Assert.Multiple(() =>
        {
            Assert.That(merged, Does.Contain("ports:\n        - containerPort: 53\n          name: dns\n          protocol: UDP\n        - containerPort: 80\n"));
            Assert.That(kustomize, Does.Contain("name: dns-tcp").And.Contain("name: dns\n"));
        });
    }

    [Test]
    public void Retain_keys_refuses_a_patch_that_sets_a_field_it_does_not_list()
    {
        var error = Assert.Throws<PatchException>(() => Merge(Deployment, "{spec: {strategy: {$retainKeys: [type], type: Recreate, rollingUpdate: {maxSurge: 1}}}}"));

        Assert.That(error!.Message, Is.EqualTo("invalid patch format of retainKeys"));
    }

    [Test]
    public void Retain_keys_in_a_map_the_original_lacks_leaves_only_the_patch_fields()
    {
        var merged = Merge("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {replicas: 1}}", "{spec: {strategy: {$retainKeys: [type], type: Recreate}}}");

        Assert.That(merged, Is.EqualTo(Yaml("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {replicas: 1, strategy: {type: Recreate}}}")));
    }

    [Test]
    public void Set_element_order_orders_the_patch_elements_and_keeps_server_only_elements_at_their_places()
    {
        // mergeSortedSlice(left = server-only [x], right = listed [b, a], server order [a, x, b]): x (1) is before b (2).
        var merged = Merge(Deployment, "{spec: {template: {spec: {$setElementOrder/containers: [{name: b}, {name: a}]}}}}");

        Assert.That(Containers(merged), Is.EqualTo(new[] { "x", "b", "a" }));
    }

    [Test]
    public void A_deleted_element_goes_and_the_remaining_ones_follow_the_order_list()
    {
        var merged = Merge(Deployment, """
            {spec: {template: {spec: {
              $setElementOrder/containers: [{name: b}, {name: a}, {name: x}],
              containers: [{name: x, $patch: delete}, {name: a, image: "a:2"}]}}}}
            """);

        Assert.That(Containers(merged), Is.EqualTo(new[] { "b", "a" }));
        Assert.That(merged, Does.Contain("- image: a:2\n        name: a"));
    }

    [Test]
    public void The_patch_list_orders_its_elements_first_and_server_only_elements_keep_their_places()
    {
        // mergeSlice's normalizeElementOrder(patch items [c, a], server-only [x, b], original [a, x, b]):
        // c is not in the original, so it leads; x (1) is not before a (0); then x, b.
        var appended = Merge(Deployment, "{spec: {template: {spec: {containers: [{name: c, image: \"c:1\"}, {name: a, image: \"a:2\"}]}}}}");
        var ordered = Merge(Deployment, """
            {spec: {template: {spec: {
              $setElementOrder/containers: [{name: c}, {name: a}, {name: x}, {name: b}],
              containers: [{name: c, image: "c:1"}]}}}}
            """);

        Assert.That(Containers(appended), Is.EqualTo(new[] { "c", "a", "x", "b" }));
        Assert.That(Containers(ordered), Is.EqualTo(new[] { "c", "a", "x", "b" }));
    }

    [Test]
    public void Delete_from_primitive_list_removes_values_and_merged_scalars_follow_the_patch_order()
    {
        // Scalars: deduplicateScalars(original + patch) = [a, b, c, d], then patch items [d, a] lead, b and c follow.
        var deleted = Merge(Deployment, "{metadata: {$deleteFromPrimitiveList/finalizers: [b]}}");
        var added = Merge(Deployment, "{metadata: {finalizers: [d, a]}}");
        var both = Merge(Deployment, "{metadata: {$deleteFromPrimitiveList/finalizers: [a], $setElementOrder/finalizers: [d, b, c], finalizers: [d]}}");

        Assert.That(deleted, Does.Contain("finalizers:\n  - a\n  - c\n"));
        Assert.That(added, Does.Contain("finalizers:\n  - d\n  - a\n  - b\n  - c\n"));
        Assert.That(both, Does.Contain("finalizers:\n  - d\n  - b\n  - c\n"));
    }

    [Test]
    public void Merging_an_element_the_original_has_keeps_it_in_place()
    {
        var merged = Merge(Deployment, "{spec: {template: {spec: {containers: [{name: b, image: \"b:2\"}]}}}}");

        Assert.That(Containers(merged), Is.EqualTo(new[] { "a", "x", "b" }));
    }

    [Test]
    public void Patch_replace_and_delete_and_null_behave_as_in_apimachinery()
    {
        var replacedList = Merge(Deployment, "{spec: {template: {spec: {containers: [{$patch: replace}, {name: z, image: \"z:1\"}]}}}}");
        var replacedMap = Merge(Deployment, "{metadata: {labels: {$patch: replace, only: one}}}");
        var deletedMap = Merge(Deployment, "{spec: {strategy: {$patch: delete}}}");
        var nulled = Merge(Deployment, "{metadata: {labels: {tier: null}}}");

        Assert.That(Containers(replacedList), Is.EqualTo(new[] { "z" }));
        Assert.That(replacedMap, Does.Contain("labels:\n    only: one\n  name: web"));
        Assert.That(deletedMap, Does.Not.Contain("strategy"));
        Assert.That(nulled, Does.Contain("labels:\n    app: web\n  name: web"));
    }

    [Test]
    public void Without_the_api_server_option_the_directives_stay_ordinary_fields_as_in_kustomize()
    {
        var merged = Merge(Deployment, "{spec: {strategy: {$retainKeys: [type], type: Recreate}}}", StrategicMergePatchOptions.Default);

        Assert.That(merged, Does.Contain("$retainKeys").And.Contain("rollingUpdate"));
    }

    private static string Merge(string original, string patch, StrategicMergePatchOptions? options = null)
    {
        var result = StrategicMergePatch.Apply(YamlReader.ReadDocument(original), YamlReader.ReadDocument(patch), options ?? StrategicMergePatchOptions.ApiServer);
        return result is null ? "<deleted>" : YamlWriter.ToKubernetesYaml([result]);
    }

    private static string Yaml(string text) => YamlWriter.ToKubernetesYaml([YamlReader.ReadDocument(text)]);

    private static string[] Containers(string yaml) =>
        ((YamlMapping)YamlReader.ReadDocument(yaml)).GetMapping("spec")!.GetMapping("template")!.GetMapping("spec")!.GetSequence("containers")!
            .Select(c => ((YamlMapping)c).GetString("name")!).ToArray();
}
