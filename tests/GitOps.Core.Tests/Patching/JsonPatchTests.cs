using GitOps.Patching;
using GitOps.Yaml;

namespace GitOps.Core.Tests.Patching;

/// <summary>
/// JSON patches as kustomize v5.5 applies them (api/filters/patchjson6902/patchjson6902.go over
/// gopkg.in/evanphx/json-patch.v4 patch.go). Expected outputs and messages are what <c>kubectl kustomize</c> printed.
/// </summary>
public sealed class JsonPatchTests
{
    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cm
          annotations:
            a/b: x
        data:
          k: v
          list: "x"
        spec:
          items: [one, two, three]
        """;

    private static string Apply(string patch) =>
        YamlWriter.ToKubernetesYaml([JsonPatch.Parse(patch).Apply(YamlReader.ReadDocument(ConfigMap))]);

    /// <remarks>
    /// kubectl prints <c>a/b: "true"</c>: kustomize's PatchTransformer rewrites the annotations as strings after the
    /// patch; the engine itself keeps the YAML 1.1 boolean <c>y</c> a boolean, as evanphx does.
    /// </remarks>
    [Test]
    public void Every_operation_applies_with_pointer_escapes_appends_and_negative_indexes()
    {
        const string patch = """
            - op: add
              path: /spec/items/-
              value: four
            - op: add
              path: /spec/items/0
              value: zero
            - op: remove
              path: /spec/items/-1
            - op: replace
              path: /metadata/annotations/a~1b
              value: y
            - op: copy
              from: /data/k
              path: /data/k2
            - op: move
              from: /data/list
              path: /data/moved
            - op: add
              path: /data/flag
              value: yes
            - op: replace
              path: /data/missing
              value: added
            - op: test
              path: /data/k
              value: v
            """;
        const string expected = """
            apiVersion: v1
            data:
              flag: true
              k: v
              k2: v
              missing: added
              moved: x
            kind: ConfigMap
            metadata:
              annotations:
                a/b: true
              name: cm
            spec:
              items:
              - zero
              - one
              - two
              - three

            """;

        Assert.That(Apply(patch), Is.EqualTo(expected));
    }

    [TestCase("[{\"op\":\"add\",\"path\":\"/spec/items/9\",\"value\":\"x\"}]", "error in add for path: '/spec/items/9': Unable to access invalid index: 9: invalid index referenced")]
    [TestCase("- op: remove\n  path: /spec/nope/deeper\n", "remove operation does not apply: doc is missing path: \"/spec/nope/deeper\": missing value")]
    [TestCase("- op: replace\n  path: /spec/items/7\n  value: x\n", "replace operation does not apply: doc is missing key: /spec/items/7: missing value")]
    [TestCase("- op: frobnicate\n  path: /spec\n", "Unexpected kind: frobnicate")]
    [TestCase("- op: move\n  from: /data/none\n  path: /data/x\n", "error in move for path: 'none': Unable to remove nonexistent key: none: missing value")]
    [TestCase("- op: remove\n  path: /spec/doesNotExist\n", "error in remove for path: '/spec/doesNotExist': Unable to remove nonexistent key: doesNotExist: missing value")]
    [TestCase("- op: test\n  path: /metadata/name\n  value: other\n", "testing value /metadata/name failed: test failed")]
    public void A_failing_operation_reports_evanphx_json_patch_message(string patch, string message)
    {
        var ex = Assert.Throws<PatchException>(() => Apply(patch));
        Assert.That(ex!.Message, Is.EqualTo(message));
    }

    [Test]
    public void The_document_is_not_changed_and_a_test_of_equal_numbers_passes()
    {
        var doc = YamlReader.ReadDocument("a: 1\nb: [1, 2]\n");
        var result = JsonPatch.Parse("[{\"op\":\"test\",\"path\":\"/a\",\"value\":1.0},{\"op\":\"remove\",\"path\":\"/b/0\"}]").Apply(doc);

        Assert.That(YamlWriter.ToKubernetesYaml([doc]), Is.EqualTo("a: 1\nb:\n- 1\n- 2\n"));
        Assert.That(YamlWriter.ToKubernetesYaml([result]), Is.EqualTo("a: 1\nb:\n- 2\n"));
    }

    [Test]
    public void A_patch_that_is_not_a_list_is_refused()
    {
        var ex = Assert.Throws<PatchException>(() => JsonPatch.Parse("op: add\n"));
        Assert.That(ex!.Message, Is.EqualTo("json: cannot unmarshal object into Go value of type jsonpatch.Patch"));
    }
}
