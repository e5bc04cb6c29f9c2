using GitOps.Ssa;
using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.ManagedFields;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Ssa.ManagedFields;

public sealed class ScaleSubresourceTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web, tier: front}
            matchExpressions:
            - {key: env, operator: In, values: [prod, dev]}
            - {key: canary, operator: DoesNotExist}
          template:
            metadata: {labels: {app: web, tier: front, env: prod}}
            spec:
              containers: [{name: nginx, image: 'nginx:1.25'}]
        """;

    private static SsaValue Yaml(string text) => SsaValue.ParseYaml(text)!;

    private static ServerSideApply Create() => new(new ServerSideApplyOptions { TimeProvider = new ManualTime(Start) });

    private static string Fields(ServerSideApplyResult r, string manager) =>
        r.ManagedFields.Single(e => e.Manager == manager).Fields.ToFieldsV1Json();

    [Test]
    public void The_Scale_view_carries_replicas_and_the_formatted_selector()
    {
        var ssa = Create();
        var live = ssa.Apply(null, Yaml(Deployment), "gitops").Value;

        var scale = ssa.ToScale(live).AsMap;

        Assert.That(scale["apiVersion"].AsString, Is.EqualTo("autoscaling/v1"));
        Assert.That(scale["kind"].AsString, Is.EqualTo("Scale"));
        Assert.That(scale["metadata"].AsMap.ContainsKey("managedFields"), Is.False);
        Assert.That(scale["metadata"].AsMap["name"].AsString, Is.EqualTo("web"));
        Assert.That(scale["spec"].AsMap["replicas"].AsInteger, Is.EqualTo(2));
        Assert.That(scale["status"].AsMap["replicas"].AsInteger, Is.EqualTo(0));
        Assert.That(scale["status"].AsMap["selector"].AsString, Is.EqualTo("app=web,!canary,env in (dev,prod),tier=front"), "requirements sorted by key");
    }

    [Test]
    public void An_update_through_scale_takes_replicas_from_the_applier_and_records_the_subresource()
    {
        var ssa = Create();
        var live = ssa.Apply(null, Yaml(Deployment), "gitops").Value;
        var scale = WithReplicas(ssa.ToScale(live), 5);

        var result = ssa.Update(live, scale, "hpa", "scale");

        Assert.That(result.Value.AsMap["spec"].AsMap["replicas"].AsInteger, Is.EqualTo(5));
        Assert.That(result.Value.AsMap["metadata"].AsMap["generation"].AsInteger, Is.EqualTo(2));
        Assert.That(Fields(result, "gitops"), Does.Not.Contain("f:replicas"));
        var hpa = result.ManagedFields.Single(e => e.Manager == "hpa");
        Assert.That(hpa.Operation, Is.EqualTo(ManagedFieldsOperation.Update));
        Assert.That(hpa.Subresource, Is.EqualTo("scale"));
        Assert.That(hpa.ApiVersion, Is.EqualTo("apps/v1"), "paths are translated to the parent's version");
        Assert.That(hpa.Time, Is.Null, "the scale handler takes times from the parent's entries");
        Assert.That(hpa.Fields.ToFieldsV1Json(), Is.EqualTo("""{"f:spec":{"f:replicas":{}}}"""));

        var e = Assert.Throws<FieldManagerConflictException>(() => ssa.Apply(result.Value, Yaml(Deployment), "gitops"));
        Assert.That(e!.Message, Is.EqualTo("Apply failed with 1 conflict: conflict with \"hpa\" with subresource \"scale\" using apps/v1: .spec.replicas"));
    }

    [Test]
    public void An_apply_through_scale_conflicts_with_the_parents_replicas_owner_unless_forced()
    {
        var ssa = Create();
        var live = ssa.Apply(null, Yaml(Deployment), "gitops").Value;
        var config = Yaml("{apiVersion: autoscaling/v1, kind: Scale, metadata: {name: web}, spec: {replicas: 4}}");

        var e = Assert.Throws<FieldManagerConflictException>(() => ssa.Apply(live, config, "autoscaler", subresource: "scale"));
        Assert.That(e!.Message, Is.EqualTo("Apply failed with 1 conflict: conflict with \"gitops\": .spec.replicas"));

        var forced = ssa.Apply(live, config, "autoscaler", force: true, subresource: "scale");
        Assert.That(forced.Value.AsMap["spec"].AsMap["replicas"].AsInteger, Is.EqualTo(4));
        var entry = forced.ManagedFields.Single(m => m.Manager == "autoscaler");
        Assert.That(entry.Operation, Is.EqualTo(ManagedFieldsOperation.Apply));
        Assert.That(entry.Subresource, Is.EqualTo("scale"));
        Assert.That(Fields(forced, "gitops"), Does.Not.Contain("f:replicas"));
        Assert.That(Fields(forced, "gitops"), Does.Contain("f:template"));
    }

    [Test]
    public void A_scale_write_that_keeps_replicas_leaves_the_owner_untouched()
    {
        var ssa = Create();
        var live = ssa.Apply(null, Yaml(Deployment), "gitops").Value;

        var result = ssa.Update(live, WithReplicas(ssa.ToScale(live), 2), "hpa", "scale");

        Assert.That(result.Changed, Is.False);
        Assert.That(Fields(result, "gitops"), Does.Contain("f:replicas"));
        Assert.That(result.ManagedFields.Select(m => m.Manager), Is.EqualTo(new[] { "gitops" }));
    }

    [Test]
    public void Parent_entries_at_versions_the_subresource_does_not_serve_are_dropped()
    {
        var handler = new ScaleSubresource("apps/v1", new Dictionary<string, FieldPath?> { ["apps/v1"] = FieldPath.OfFields("spec", "replicas") });
        var parent = Yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              managedFields:
              - {manager: old, operation: Update, apiVersion: extensions/v1beta1, fieldsType: FieldsV1, fieldsV1: {f:spec: {f:paused: {}}}}
              - {manager: gitops, operation: Apply, apiVersion: apps/v1, fieldsType: FieldsV1, fieldsV1: {f:spec: {f:replicas: {}, f:paused: {}}}}
            spec: {replicas: 1}
            """);

        var seen = handler.ToSubresourceManagedFields(parent)!;
        Assert.That(seen.AsList.Count, Is.EqualTo(1));
        Assert.That(seen.AsList[0].AsMap["apiVersion"].AsString, Is.EqualTo("autoscaling/v1"));

        var scale = Yaml("""
            apiVersion: autoscaling/v1
            kind: Scale
            metadata:
              name: web
              managedFields:
              - {manager: hpa, operation: Update, apiVersion: autoscaling/v1, subresource: scale, fieldsType: FieldsV1, fieldsV1: {f:spec: {f:replicas: {}}}}
            spec: {replicas: 3}
            """);
        var parentAfter = handler.ToParent(parent, scale);

        Assert.That(parentAfter.ManagedFields.Select(m => m.Manager), Is.EqualTo(new[] { "gitops", "hpa" }));
        Assert.That(parentAfter.ManagedFields[0].Fields.ToFieldsV1Json(), Is.EqualTo("""{"f:spec":{"f:paused":{}}}"""));
        Assert.That(parentAfter.Value.AsMap["spec"].AsMap["replicas"].AsInteger, Is.EqualTo(3));
    }

    [Test]
    public void Kinds_without_a_scale_subresource_are_rejected()
    {
        var ssa = Create();
        var cm = ssa.Apply(null, Yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}"), "a").Value;

        Assert.Throws<SsaFormatException>(() => ssa.Update(cm, Yaml("{apiVersion: autoscaling/v1, kind: Scale, metadata: {name: c}, spec: {replicas: 1}}"), "b", "scale"));
        Assert.Throws<SsaFormatException>(() => ssa.Update(null, Yaml("{apiVersion: autoscaling/v1, kind: Scale, metadata: {name: c}, spec: {replicas: 1}}"), "b", "scale"));
        Assert.That(ScaleSubresource.TryGetBuiltIn("v1", "ReplicationController", out var rc), Is.True);
        Assert.That(rc!.ToScale(Yaml("{apiVersion: v1, kind: ReplicationController, metadata: {name: r}, spec: {replicas: 1, selector: {b: '2', a: '1'}}}")).AsMap["status"].AsMap["selector"].AsString, Is.EqualTo("a=1,b=2"));
    }

    private const string ScalableCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: pools.ssa.example.com}
        spec:
          group: ssa.example.com
          scope: Namespaced
          names: {kind: Pool, listKind: PoolList, plural: pools, singular: pool}
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale: {specReplicasPath: .spec.size, statusReplicasPath: .status.ready, labelSelectorPath: .status.selector}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: {type: object, properties: {size: {type: integer}, image: {type: string}}}
                  status: {type: object, properties: {ready: {type: integer}, selector: {type: string}}}
          - name: v0
            served: true
            storage: false
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """;

    [Test]
    public void A_custom_resource_scales_through_the_paths_its_CRD_declares()
    {
        var options = new ServerSideApplyOptions { TimeProvider = new ManualTime(Start) };
        options.CustomResourceDefinitions.Add(Yaml(ScalableCrd));
        var ssa = new ServerSideApply(options);
        var live = ssa.Apply(null, Yaml("{apiVersion: ssa.example.com/v1, kind: Pool, metadata: {name: p}, spec: {size: 2, image: x}, status: {ready: 1, selector: 'app=p'}}"), "gitops").Value;
        live = SsaValue.FromMap(live.AsMap.Entries.Select(e => e.Key == "status" ? new KeyValuePair<string, SsaValue>("status", Yaml("{ready: 1, selector: 'app=p'}")) : e));

        var scale = ssa.ToScale(live);
        Assert.That(scale.ToJson(), Does.Contain("\"spec\":{\"replicas\":2}").And.Contain("\"status\":{\"replicas\":1,\"selector\":\"app=p\"}"));

        var result = ssa.Update(live, WithReplicas(scale, 6), "hpa", "scale");

        Assert.That(result.Value.AsMap["spec"].AsMap["size"].AsInteger, Is.EqualTo(6));
        Assert.That(result.Value.AsMap["metadata"].AsMap["generation"].AsInteger, Is.EqualTo(2), "a write through /scale is a spec change");
        Assert.That(Fields(result, "gitops"), Does.Not.Contain("f:size").And.Contain("f:image"));
        var hpa = result.ManagedFields.Single(e => e.Manager == "hpa");
        Assert.That(hpa.ApiVersion, Is.EqualTo("ssa.example.com/v1"));
        Assert.That(hpa.Fields.ToFieldsV1Json(), Is.EqualTo("""{"f:spec":{"f:size":{}}}"""));
        Assert.That(ScaleSubresource.TryGetForCustomResource(Yaml(ScalableCrd), "ssa.example.com/v0", out _), Is.False, "v0 declares no scale subresource");
    }

    [Test]
    public void Scale_paths_must_be_simple_field_paths()
    {
        var crd = Yaml(ScalableCrd.Replace("specReplicasPath: .spec.size", "specReplicasPath: '.spec.sizes[0]'", StringComparison.Ordinal));

        Assert.Throws<SsaFormatException>(() => ScaleSubresource.TryGetForCustomResource(crd, "ssa.example.com/v1", out _));
    }

    private static SsaValue WithReplicas(SsaValue scale, long replicas) =>
        SsaValue.FromMap(scale.AsMap.Entries.Select(e => e.Key == "spec" ? new KeyValuePair<string, SsaValue>("spec", SsaValue.FromMap([new("replicas", SsaValue.FromInt64(replicas))])) : e));
}
