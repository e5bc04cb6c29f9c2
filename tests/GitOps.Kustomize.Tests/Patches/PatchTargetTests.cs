namespace GitOps.Kustomize.Tests.Patches;

/// <summary>
/// <c>patches</c> target selection as kustomize v5.5 does it (api/resmap/reswrangler.go Select, api/types/selector.go,
/// api/internal/builtins/PatchTransformer.go): kind, group and version regexes, name regexes, label and annotation
/// selectors, allowNameChange. The expected output is what <c>kubectl kustomize</c> printed for the same tree.
/// </summary>
public sealed class PatchTargetTests
{
    private const string Resources = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web-a
          labels: {app: a}
          annotations: {team: blue}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web-b
          labels: {app: b, skip: "yes"}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api-c
          labels: {app: c}
          annotations: {team: red}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web-a

        """;

    private const string Kustomization = """
        resources:
        - res.yaml
        patches:
        - target:
            kind: Deployment
            labelSelector: "app in (a,b),!skip"
          patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ignored
              labels:
                selected: label
        - target:
            group: apps
            name: "web-.*"
          patch: |-
            - op: add
              path: /metadata/labels/byname
              value: "true"
        - target:
            kind: Deploy.*
            annotationSelector: team=red
          patch: |-
            - op: replace
              path: /metadata/name
              value: api-renamed
        - target:
            version: v1
            kind: Service
          options:
            allowNameChange: true
          patch: |-
            apiVersion: v1
            kind: Service
            metadata:
              name: svc-renamed

        """;

    private const string Expected = """
        apiVersion: v1
        kind: Service
        metadata:
          name: svc-renamed
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          annotations:
            team: red
          labels:
            app: c
          name: api-renamed
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          annotations:
            team: blue
          labels:
            app: a
            byname: "true"
            selected: label
          name: web-a
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          labels:
            app: b
            byname: "true"
            skip: "yes"
          name: web-b

        """;

    [Test]
    public async Task Targets_select_by_regexes_and_selectors_and_apply_in_order()
    {
        using var temp = new TemporaryDirectory();
        temp.WriteFile("app/res.yaml", Resources);
        temp.WriteFile("app/kustomization.yaml", Kustomization);

        var built = await new KustomizeBuilder().BuildAsync(temp.Combine("app"));

        Assert.That(built.ToYaml(), Is.EqualTo(Expected));
    }

    [Test]
    public async Task A_JSON_patch_without_a_target_is_refused_with_kustomizes_message()
    {
        using var temp = new TemporaryDirectory();
        temp.WriteFile("app/res.yaml", Resources);
        temp.WriteFile("app/kustomization.yaml", "resources:\n- res.yaml\npatches:\n- patch: |-\n    - op: remove\n      path: /metadata/labels\n");

        var ex = Assert.ThrowsAsync<KustomizeException>(() => new KustomizeBuilder().BuildAsync(temp.Combine("app")));

        Assert.That(ex!.Message, Does.Contain("must specify a target for JSON patch [patch: \"- op: remove\\n  path: /metadata/labels\"]"));
    }
}
