using GitOps.Ssa;
using GitOps.Ssa.Conversion;
using GitOps.Ssa.ManagedFields;
using GitOps.Ssa.Merge.Internal;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Typed.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Ssa.Conversion;

public sealed class HorizontalPodAutoscalerConversionTests
{
    private static SsaValue Yaml(string text) => SsaValue.ParseYaml(text)!;

    private static SsaValue At(SsaValue v, params string[] path) => path.Aggregate(v, (c, k) => c.AsMap[k]);

    private const string V2 = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: h, annotations: {team: web}}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 2
          maxReplicas: 6
          metrics:
          - type: Resource
            resource: {name: memory, target: {type: AverageValue, averageValue: 500Mi}}
          - type: Pods
            pods: {metric: {name: rps}, target: {type: AverageValue, averageValue: '10'}}
          - type: Resource
            resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
          behavior:
            scaleDown: {stabilizationWindowSeconds: 60}
        status:
          currentReplicas: 3
          desiredReplicas: 4
          currentMetrics:
          - type: Resource
            resource: {name: cpu, current: {averageUtilization: 55}}
          conditions:
          - {type: AbleToScale, status: 'True', reason: ReadyForNewScale}
        """;

    [Test]
    public void V2_to_v1_keeps_the_CPU_target_and_carries_the_rest_in_annotations()
    {
        var v1 = KubernetesVersionConverter.Convert(Yaml(V2), "autoscaling/v1");

        Assert.That(At(v1, "apiVersion").AsString, Is.EqualTo("autoscaling/v1"));
        Assert.That(At(v1, "spec", "targetCPUUtilizationPercentage").AsInteger, Is.EqualTo(70));
        Assert.That(At(v1, "spec").AsMap.ContainsKey("metrics") || At(v1, "spec").AsMap.ContainsKey("behavior"), Is.False);
        Assert.That(At(v1, "status", "currentCPUUtilizationPercentage").AsInteger, Is.EqualTo(55));
        var annotations = At(v1, "metadata", "annotations").AsMap;
        Assert.That(annotations["team"].AsString, Is.EqualTo("web"));
        Assert.That(annotations["autoscaling.alpha.kubernetes.io/metrics"].AsString, Is.EqualTo(
            """[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"500Mi"}},{"type":"Pods","pods":{"metricName":"rps","targetAverageValue":"10"}}]"""));
        Assert.That(
            annotations["autoscaling.alpha.kubernetes.io/behavior"].AsString,
            Is.EqualTo("""{"ScaleUp":null,"ScaleDown":{"StabilizationWindowSeconds":60,"SelectPolicy":null,"Policies":null,"Tolerance":null}}"""),
            "the internal type marshalled without JSON tags");
        Assert.That(annotations["autoscaling.alpha.kubernetes.io/current-metrics"].AsString, Does.Contain("\"currentAverageUtilization\":55"));
        Assert.That(annotations["autoscaling.alpha.kubernetes.io/conditions"].AsString, Does.Contain("ReadyForNewScale"));
    }

    [Test]
    public void V1_back_to_v2_restores_metrics_behavior_and_status_with_the_CPU_target_last()
    {
        var original = Yaml(V2);
        var back = KubernetesVersionConverter.Convert(KubernetesVersionConverter.Convert(original, "autoscaling/v1"), "autoscaling/v2");

        Assert.That(SsaValue.DeepEquals(At(back, "spec", "metrics"), At(original, "spec", "metrics")), Is.True, back.ToJson());
        Assert.That(SsaValue.DeepEquals(At(back, "spec", "behavior"), At(original, "spec", "behavior")), Is.True);
        Assert.That(At(back, "status", "conditions").ToJson(), Is.EqualTo(At(original, "status", "conditions").ToJson()));
        Assert.That(At(back, "status", "currentReplicas").AsInteger, Is.EqualTo(3));
        Assert.That(
            At(back, "status", "currentMetrics").ToJson(),
            Is.EqualTo("""[{"resource":{"current":{"averageUtilization":55,"averageValue":"0"},"name":"cpu"},"type":"Resource"}]"""),
            "v1's resource metric status has a non-optional currentAverageValue, so the round trip adds a zero quantity (as the API server's does)");
        Assert.That(SsaValue.DeepEquals(At(back, "metadata"), At(original, "metadata")), Is.True, "carried annotations are removed again");
    }

    [Test]
    public void A_v1_object_without_a_CPU_target_gets_the_implicit_80_percent_in_v2()
    {
        var v2 = KubernetesVersionConverter.Convert(Yaml("{apiVersion: autoscaling/v1, kind: HorizontalPodAutoscaler, metadata: {name: h}, spec: {maxReplicas: 3}, status: {currentReplicas: 0, desiredReplicas: 0}}"), "autoscaling/v2");

        Assert.That(At(v2, "spec", "metrics").ToJson(), Is.EqualTo("""[{"resource":{"name":"cpu","target":{"averageUtilization":80,"type":"Utilization"}},"type":"Resource"}]"""));
        Assert.That(At(v2, "status").ToJson(), Is.EqualTo("""{"currentMetrics":null,"desiredReplicas":0}"""), "the v2 status struct's serialization");
    }

    [Test]
    public void Behavior_annotations_decode_field_names_case_insensitively_and_round_trip_annotations_are_dropped()
    {
        var v1 = Yaml("""
            apiVersion: autoscaling/v1
            kind: HorizontalPodAutoscaler
            metadata:
              name: h
              annotations:
                autoscaling.alpha.kubernetes.io/behavior: '{"scaleUp":{"selectPolicy":"Min","policies":[{"type":"Pods","value":2,"periodSeconds":60}]},"ScaleDown":null}'
                autoscaling.alpha.kubernetes.io/scale-up-tolerance: '0.05'
            spec: {maxReplicas: 3, targetCPUUtilizationPercentage: 50}
            """);

        var v2 = KubernetesVersionConverter.Convert(v1, "autoscaling/v2");

        Assert.That(At(v2, "spec", "behavior").ToJson(), Is.EqualTo("""{"scaleUp":{"policies":[{"periodSeconds":60,"type":"Pods","value":2}],"selectPolicy":"Min"}}"""));
        Assert.That(At(v2, "metadata").AsMap.ContainsKey("annotations"), Is.False, "an annotation map emptied by the conversion is dropped");
        Assert.That(At(v2, "spec", "metrics").AsList.Single().ToJson(), Does.Contain("\"averageUtilization\":50"));
    }

    [Test]
    public void The_converter_reports_unknown_versions_as_missing()
    {
        var schema = SsaSchema.Kubernetes;
        Assert.That(schema.TryGetKindType("apps/v1", "Deployment", out var type), Is.True);
        var deployment = TypedValue.Create(Yaml("{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}}"), schema, type!);
        IVersionConverter converter = new KubernetesVersionConverter(schema);

        Assert.That(converter.TryConvert(deployment, "apps/v1beta2", out _), Is.False);
        Assert.That(converter.TryConvert(deployment, "apps/v1", out var same), Is.True);
        Assert.That(same, Is.SameAs(deployment));
        Assert.Throws<SsaFormatException>(() => KubernetesVersionConverter.Convert(deployment.Value, "apps/v1beta2"));
        Assert.That(KubernetesVersionConverter.VersionsOf("HorizontalPodAutoscaler", "autoscaling/v2"), Is.EqualTo(new[] { "autoscaling/v2", "autoscaling/v1" }));
    }

    [Test]
    public void An_update_at_v1_takes_a_field_from_a_v2_applier_and_conflicts_name_the_version()
    {
        var ssa = new ServerSideApply(new ServerSideApplyOptions { TimeProvider = new ManualTime(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)) });
        var config = Yaml("{apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, metadata: {name: h}, spec: {maxReplicas: 5, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}}}");
        var created = ssa.Apply(null, config, "gitops").Value;
        Assert.That(At(created, "spec", "minReplicas").AsInteger, Is.EqualTo(1));
        Assert.That(At(created, "spec", "metrics").AsList.Single().ToJson(), Does.Contain("\"averageUtilization\":80"));

        var v1 = KubernetesVersionConverter.Convert(created, "autoscaling/v1");
        var edited = SsaValue.FromMap(v1.AsMap.Entries.Select(e => e.Key == "spec" ? new KeyValuePair<string, SsaValue>("spec", SsaValue.FromMap(e.Value.AsMap.Entries.Select(f => f.Key == "maxReplicas" ? new KeyValuePair<string, SsaValue>(f.Key, SsaValue.FromInt64(7)) : f))) : e));
        var updated = ssa.Update(created, edited, "v1-editor");

        var editor = updated.ManagedFields.Single(m => m.Manager == "v1-editor");
        Assert.That(editor.ApiVersion, Is.EqualTo("autoscaling/v1"));
        Assert.That(editor.Fields.ToFieldsV1Json(), Is.EqualTo("""{"f:spec":{"f:maxReplicas":{}}}"""));
        Assert.That(updated.ManagedFields.Single(m => m.Manager == "gitops").Fields.ToFieldsV1Json(), Does.Not.Contain("maxReplicas"));

        var e = Assert.Throws<FieldManagerConflictException>(() => ssa.Apply(updated.Value, config, "gitops"));
        Assert.That(e!.Message, Is.EqualTo("Apply failed with 1 conflict: conflict with \"v1-editor\" using autoscaling/v1: .spec.maxReplicas"));
        var forced = ssa.Apply(updated.Value, config, "gitops", force: true);
        Assert.That(At(forced.Value, "apiVersion").AsString, Is.EqualTo("autoscaling/v2"));
        Assert.That(forced.ManagedFields.Select(m => m.Manager), Is.EqualTo(new[] { "gitops" }));
    }

    [Test]
    public void A_given_v2_behavior_is_completed_with_the_default_scaling_rules()
    {
        var ssa = new ServerSideApply();
        var created = ssa.Apply(null, Yaml("{apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, metadata: {name: h}, spec: {maxReplicas: 5, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, behavior: {scaleDown: {selectPolicy: Min}}}}"), "gitops").Value;

        var behavior = At(created, "spec", "behavior");
        Assert.That(At(behavior, "scaleDown", "selectPolicy").AsString, Is.EqualTo("Min"));
        Assert.That(At(behavior, "scaleDown").AsMap.ContainsKey("stabilizationWindowSeconds"), Is.False, "left to the controller's --horizontal-pod-autoscaler-downscale-stabilization");
        Assert.That(At(behavior, "scaleDown", "policies").ToJson(), Is.EqualTo("""[{"periodSeconds":15,"type":"Percent","value":100}]"""));
        Assert.That(At(behavior, "scaleUp", "stabilizationWindowSeconds").AsInteger, Is.EqualTo(0));
        Assert.That(At(behavior, "scaleUp", "policies").AsList.Count, Is.EqualTo(2));
        Assert.That(At(created, "status").ToJson(), Is.EqualTo("""{"currentMetrics":null,"desiredReplicas":0}"""));
    }

    [Test]
    public void V2_to_v1_takes_only_the_first_CPU_metric_as_the_API_server_does()
    {
        var v2 = Yaml("""
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: h}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              maxReplicas: 6
              metrics:
              - type: Resource
                resource: {name: cpu, target: {type: AverageValue, averageValue: 500m}}
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}
            """);

        var v1 = KubernetesVersionConverter.Convert(v2, "autoscaling/v1");

        Assert.That(At(v1, "spec").AsMap.ContainsKey("targetCPUUtilizationPercentage"), Is.False, "the first CPU metric has no utilization");
        Assert.That(At(v1, "metadata", "annotations").AsMap["autoscaling.alpha.kubernetes.io/metrics"].AsString,
            Is.EqualTo("""[{"type":"Resource","resource":{"name":"cpu","targetAverageValue":"500m"}}]"""), "CPU utilizations are never carried");
    }
}
