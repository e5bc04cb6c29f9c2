using GitOps.Patching;
using GitOps.Yaml;

namespace GitOps.Core.Tests.Patching;

/// <summary>
/// Strategic merge as kustomize v5.5 runs it (kyaml/yaml/merge2/merge2.go and kyaml/yaml/walk/associative_sequence.go,
/// through api/filters/patchstrategicmerge/patchstrategicmerge.go). Every expected output below is what
/// <c>kubectl kustomize</c> (kustomize v5.5.0) printed for the same resource and patch.
/// </summary>
public sealed class StrategicMergePatchTests
{
    private static string Merge(string original, string patch, StrategicMergePatchOptions? options = null)
    {
        var result = StrategicMergePatch.Apply(YamlReader.ReadDocument(original), YamlReader.ReadDocument(patch), options);
        return result is null ? "<deleted>" : YamlWriter.ToKubernetesYaml([result]);
    }

    [Test]
    public void A_merged_map_of_more_than_eight_keys_finds_its_keys_after_one_is_deleted()
    {
        var original = YamlReader.ReadDocument("{a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}");
        var result = (YamlMapping)StrategicMergePatch.Apply(original, YamlReader.ReadDocument("{a: null, k: 11}"))!;

        // The merge rewrites the entries in one go; the key index must follow, or lookups land on the wrong entries.
        Assert.That(result.GetString("j"), Is.EqualTo("10"));
        Assert.That(result.GetString("k"), Is.EqualTo("11"));
        Assert.That(result.ContainsKey("a"), Is.False);
        Assert.That(result.GetString("b"), Is.EqualTo("2"));
    }

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          finalizers: [a, b]
        spec:
          template:
            spec:
              tolerations:
              - key: k1
                operator: Exists
              containers:
              - name: app
                image: nginx:1.21
                ports:
                - containerPort: 80
                  protocol: TCP
                - containerPort: 53
                  protocol: UDP
                env:
                - name: A
                  value: "1"
                - name: B
                  value: "2"
              - name: side
                image: busybox
        """;

    [Test]
    public void Merge_key_lists_merge_by_key_with_the_patch_elements_first_and_atomic_lists_are_replaced()
    {
        const string patch = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              finalizers: [c, a]
            spec:
              template:
                spec:
                  tolerations:
                  - key: k2
                    operator: Exists
                  containers:
                  - name: extra
                    image: redis
                  - name: app
                    image: nginx:1.22
                    ports:
                    - containerPort: 53
                      protocol: TCP
                    env:
                    - name: B
                      $patch: delete
                    - name: C
                      value: "3"
            """;
        const string expected = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              finalizers:
              - c
              - a
              - b
              name: web
            spec:
              template:
                spec:
                  containers:
                  - image: redis
                    name: extra
                  - env:
                    - name: C
                      value: "3"
                    - name: A
                      value: "1"
                    image: nginx:1.22
                    name: app
                    ports:
                    - containerPort: 53
                      protocol: TCP
                    - containerPort: 80
                      protocol: TCP
                    - containerPort: 53
                      protocol: UDP
                  - image: busybox
                    name: side
                  tolerations:
                  - key: k2
                    operator: Exists

            """;

        Assert.That(Merge(Deployment, patch), Is.EqualTo(expected));
    }

    [Test]
    public void A_null_clears_a_field_and_patch_replace_replaces_a_map()
    {
        const string service = """
            apiVersion: v1
            kind: Service
            metadata:
              name: svc
              labels:
                a: "1"
                b: "2"
            spec:
              selector:
                app: x
                tier: y
              ports:
              - port: 80
                targetPort: 8080
            """;
        const string patch = """
            apiVersion: v1
            kind: Service
            metadata:
              name: svc
              labels:
                a: null
            spec:
              selector:
                $patch: replace
                app: z
              ports:
              - port: 443
            """;
        const string expected = """
            apiVersion: v1
            kind: Service
            metadata:
              labels:
                b: "2"
              name: svc
            spec:
              ports:
              - port: 443
              - port: 80
                targetPort: 8080
              selector:
                app: z

            """;

        Assert.That(Merge(service, patch), Is.EqualTo(expected));
    }

    [Test]
    public void Lists_of_kinds_the_schema_does_not_know_are_replaced()
    {
        const string widget = """
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w
            spec:
              items:
              - name: a
                size: 1
              - name: b
                size: 2
              nested:
                keep: true
                drop: x
            """;
        const string patch = """
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w
            spec:
              items:
              - name: b
                size: 3
              nested:
                drop: null
            """;
        const string expected = """
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w
            spec:
              items:
              - name: b
                size: 3
              nested:
                keep: true

            """;

        Assert.That(Merge(widget, patch), Is.EqualTo(expected));
    }

    [Test]
    public void A_custom_schema_gives_merge_keys_to_a_custom_kind()
    {
        const string schema = """
            {"definitions":{"com.example.v1.Widget":{"x-kubernetes-group-version-kind":[{"group":"example.com","kind":"Widget","version":"v1"}],
             "properties":{"spec":{"properties":{"items":{"type":"array","items":{"type":"object"},
             "x-kubernetes-patch-merge-key":"name","x-kubernetes-patch-strategy":"merge"}}}}}}}
            """;
        var options = new StrategicMergePatchOptions { Schema = PatchSchema.FromOpenApi(schema) };
        const string widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  items:\n  - {name: a, size: 1}\n  - {name: b, size: 2}\n";
        const string patch = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  items:\n  - {name: b, size: 3}\n";

        Assert.That(Merge(widget, patch, options), Does.Contain("  - name: b\n    size: 3\n  - name: a\n    size: 1\n"));
    }

    [Test]
    public void Patch_delete_at_the_top_deletes_the_object()
    {
        Assert.That(Merge("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gone}\ndata: {a: b}\n", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gone}\n$patch: delete\n"), Is.EqualTo("<deleted>"));
    }

    [Test]
    public void Neither_input_is_changed()
    {
        var original = YamlReader.ReadDocument(Deployment);
        var patch = YamlReader.ReadDocument("spec:\n  template:\n    spec:\n      containers:\n      - name: app\n        $patch: delete\n");
        var before = YamlWriter.ToKubernetesYaml([original]);

        _ = StrategicMergePatch.Apply(original, patch);

        Assert.That(YamlWriter.ToKubernetesYaml([original]), Is.EqualTo(before));
        Assert.That(((YamlMapping)patch).GetMapping("spec")!.GetMapping("template")!.GetMapping("spec")!.GetSequence("containers")![0], Is.InstanceOf<YamlMapping>().With.Property("Count").EqualTo(2));
    }

    [Test]
    public void An_unknown_directive_is_refused_with_kyamls_message()
    {
        var ex = Assert.Throws<PatchException>(() => Merge("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n", "data:\n  $patch: explode\n"));
        Assert.That(ex!.Message, Is.EqualTo("unknown patch strategy 'explode'"));
    }

    [Test]
    public void Merging_a_list_of_many_elements_finds_each_by_its_key()
    {
        var original = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"  - {{name: c{i}, image: i{i}}}\n"));
        var patch = "spec:\n  containers:\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"  - {{name: c{i}, image: j{i}}}\n"));

        var result = (YamlMapping)StrategicMergePatch.Apply(YamlReader.ReadDocument(original), YamlReader.ReadDocument(patch))!;
        var containers = result.GetMapping("spec")!.GetSequence("containers")!;

        Assert.That(containers, Has.Count.EqualTo(5000));
        Assert.That(((YamlMapping)containers[4999]).GetString("image"), Is.EqualTo("j4999"));
    }
}
