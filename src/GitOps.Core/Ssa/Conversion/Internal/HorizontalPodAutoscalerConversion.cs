using GitOps.Ssa.Values;
using static GitOps.Ssa.ManagedFields.Internal.KubernetesDefaults;

namespace GitOps.Ssa.Conversion.Internal;

/// <summary>
/// autoscaling/v1 ⇄ autoscaling/v2 HorizontalPodAutoscaler conversion, as the API server converts through
/// its internal version: v1 keeps the CPU utilization target in <c>targetCPUUtilizationPercentage</c> and
/// carries everything v1 cannot express in annotations (other metrics, behavior, current metrics,
/// conditions), in v1's own metric format (<c>targetAverageUtilization</c>, <c>metricName</c>, ...).
/// Converting v1 to v2 without any metric adds the implicit 80% CPU target.
/// </summary>
internal static class HorizontalPodAutoscalerConversion
{
    public const string MetricsAnnotation = "autoscaling.alpha.kubernetes.io/metrics";
    public const string CurrentMetricsAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics";
    public const string ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";
    public const string BehaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior";
    public const string ScaleDownToleranceAnnotation = "autoscaling.alpha.kubernetes.io/scale-down-tolerance";
    public const string ScaleUpToleranceAnnotation = "autoscaling.alpha.kubernetes.io/scale-up-tolerance";
    public const long DefaultCpuUtilization = 80;

    private static readonly string[] CarriedAnnotations = [MetricsAnnotation, CurrentMetricsAnnotation, ConditionsAnnotation, BehaviorAnnotation, ScaleDownToleranceAnnotation, ScaleUpToleranceAnnotation];

    public static SsaValue CpuMetric(long utilization) => Map(
        ("type", Str("Resource")),
        ("resource", Map(("name", Str("cpu")), ("target", Map(("averageUtilization", SsaValue.FromInt64(utilization)), ("type", Str("Utilization")))))));

    public static SsaValue ToV2(SsaValue v1)
    {
        var annotations = Get(Get(v1, "metadata"), "annotations");
        string? Annotation(string key) => Get(annotations, key) is { Kind: SsaValueKind.String } a ? a.AsString : null;
        var result = CopyExcept(v1, "apiVersion", "spec", "status", "metadata");
        result = With(result, "apiVersion", Str("autoscaling/v2"));
        if (Get(v1, "metadata") is { } metadata)
        {
            result = With(result, "metadata", WithoutCarriedAnnotations(metadata));
        }

        if (Get(v1, "spec") is { IsMap: true } spec)
        {
            var v2Spec = CopyExcept(spec, "targetCPUUtilizationPercentage");
            var metrics = new List<SsaValue>();
            if (Annotation(MetricsAnnotation) is { } encoded)
            {
                metrics.AddRange(ParseList(encoded, MetricsAnnotation).Select(MetricSpecToV2));
            }

            if (Get(spec, "targetCPUUtilizationPercentage") is { Kind: SsaValueKind.Integer } cpu)
            {
                metrics.Add(CpuMetric(cpu.AsInteger));
            }

            if (metrics.Count == 0)
            {
                metrics.Add(CpuMetric(DefaultCpuUtilization));
            }

            v2Spec = With(v2Spec, "metrics", SsaValue.FromList(metrics));
            if (Annotation(BehaviorAnnotation) is { } behavior && BehaviorFromGoJson(Parse(behavior, BehaviorAnnotation)) is { } decoded)
            {
                v2Spec = With(v2Spec, "behavior", decoded);
            }

            result = With(result, "spec", v2Spec);
        }

        if (Get(v1, "status") is { IsMap: true } status)
        {
            var v2Status = CopyExcept(status, "currentCPUUtilizationPercentage", "currentReplicas", "currentMetrics");
            if (Get(status, "currentReplicas") is { Kind: SsaValueKind.Integer } current && current.AsInteger != 0)
            {
                v2Status = With(v2Status, "currentReplicas", current);
            }

            SsaValue currentMetrics = SsaValue.Null;
            if (Annotation(CurrentMetricsAnnotation) is { } encoded)
            {
                currentMetrics = SsaValue.FromList(ParseList(encoded, CurrentMetricsAnnotation).Select(MetricStatusToV2));
            }
            else if (Get(status, "currentCPUUtilizationPercentage") is { Kind: SsaValueKind.Integer } cpu)
            {
                currentMetrics = SsaValue.FromList([Map(("type", Str("Resource")), ("resource", Map(("name", Str("cpu")), ("current", Map(("averageUtilization", cpu))))))]);
            }

            v2Status = With(v2Status, "currentMetrics", currentMetrics);
            v2Status = SetDefault(v2Status, "desiredReplicas", SsaValue.FromInt64(0));
            if (Annotation(ConditionsAnnotation) is { } conditions)
            {
                v2Status = With(v2Status, "conditions", Parse(conditions, ConditionsAnnotation));
            }

            result = With(result, "status", v2Status);
        }

        return result;
    }

    public static SsaValue ToV1(SsaValue v2)
    {
        var result = CopyExcept(v2, "apiVersion", "spec", "status", "metadata");
        result = With(result, "apiVersion", Str("autoscaling/v1"));
        var carried = new List<KeyValuePair<string, SsaValue>>();
        if (Get(v2, "spec") is { IsMap: true } spec)
        {
            var v1Spec = CopyExcept(spec, "metrics", "behavior");
            var others = new List<SsaValue>();
            var cpuSeen = false;
            foreach (var metric in Get(spec, "metrics")?.AsList ?? [])
            {
                var resource = Get(metric, "resource");
                var isCpu = Get(metric, "type")?.ToString() == "Resource" && Get(resource, "name")?.ToString() == "cpu";
                var utilization = Get(Get(resource, "target"), "averageUtilization");
                // As the API server's conversion: only the first CPU metric can become the v1 target (a later CPU
                // utilization is then in neither place), and no CPU utilization metric is carried.
                if (isCpu && !cpuSeen)
                {
                    cpuSeen = true;
                    if (utilization is { Kind: SsaValueKind.Integer })
                    {
                        v1Spec = With(v1Spec, "targetCPUUtilizationPercentage", utilization);
                    }
                }

                if (!(isCpu && utilization is { Kind: SsaValueKind.Integer }))
                {
                    others.Add(MetricSpecToV1(metric));
                }
            }

            if (others.Count > 0)
            {
                carried.Add(new(MetricsAnnotation, Str(SsaValue.FromList(others).ToString())));
            }

            if (Get(spec, "behavior") is { IsNull: false } behavior)
            {
                carried.Add(new(BehaviorAnnotation, Str(BehaviorToGoJson(behavior).ToString())));
            }

            result = With(result, "spec", v1Spec);
        }

        if (Get(v2, "status") is { IsMap: true } status)
        {
            var v1Status = CopyExcept(status, "currentMetrics", "conditions");
            v1Status = SetDefault(v1Status, "currentReplicas", SsaValue.FromInt64(0));
            v1Status = SetDefault(v1Status, "desiredReplicas", SsaValue.FromInt64(0));
            var currentMetrics = Get(status, "currentMetrics")?.AsListOrEmpty() ?? [];
            foreach (var metric in currentMetrics)
            {
                var resource = Get(metric, "resource");
                if (Get(metric, "type")?.ToString() == "Resource" && Get(resource, "name")?.ToString() == "cpu"
                    && Get(Get(resource, "current"), "averageUtilization") is { Kind: SsaValueKind.Integer } cpu)
                {
                    v1Status = With(v1Status, "currentCPUUtilizationPercentage", cpu);
                }
            }

            if (currentMetrics.Count > 0)
            {
                carried.Add(new(CurrentMetricsAnnotation, Str(SsaValue.FromList(currentMetrics.Select(MetricStatusToV1)).ToString())));
            }

            if (Get(status, "conditions") is { IsList: true } conditions && conditions.AsList.Count > 0)
            {
                carried.Add(new(ConditionsAnnotation, Str(conditions.ToString())));
            }

            result = With(result, "status", v1Status);
        }

        if (Get(v2, "metadata") is { } metadata)
        {
            metadata = WithoutCarriedAnnotations(metadata);
            if (carried.Count > 0)
            {
                var annotations = Get(metadata, "annotations") ?? SsaValue.EmptyMap;
                foreach (var (key, value) in carried)
                {
                    annotations = With(annotations, key, value);
                }

                metadata = With(metadata, "annotations", annotations);
            }

            result = With(result, "metadata", metadata);
        }

        return result;
    }

    // v1 (v2beta1-style) metric sources to v2 and back.
    private static SsaValue MetricSpecToV2(SsaValue m)
    {
        var type = Get(m, "type") ?? Str(string.Empty);
        var result = Map(("type", type));
        if (Get(m, "resource") is { IsMap: true } r)
        {
            result = With(result, "resource", Map(("name", Get(r, "name")), ("target", Target(Get(r, "targetAverageUtilization"), Get(r, "targetAverageValue"), null))));
        }

        if (Get(m, "containerResource") is { IsMap: true } c)
        {
            result = With(result, "containerResource", Map(("name", Get(c, "name")), ("container", Get(c, "container")), ("target", Target(Get(c, "targetAverageUtilization"), Get(c, "targetAverageValue"), null))));
        }

        if (Get(m, "pods") is { IsMap: true } p)
        {
            result = With(result, "pods", Map(("metric", Identifier(Get(p, "metricName"), Get(p, "selector"))), ("target", Map(("type", Str("AverageValue")), ("averageValue", Get(p, "targetAverageValue") ?? Str("0"))))));
        }

        if (Get(m, "object") is { IsMap: true } o)
        {
            var average = Get(o, "averageValue");
            result = With(result, "object", Map(
                ("describedObject", Get(o, "target")),
                ("metric", Identifier(Get(o, "metricName"), Get(o, "selector"))),
                ("target", Map(("type", Str(average is null ? "Value" : "AverageValue")), ("value", Get(o, "targetValue") ?? Str("0")), ("averageValue", average)))));
        }

        if (Get(m, "external") is { IsMap: true } e)
        {
            var value = Get(e, "targetValue");
            result = With(result, "external", Map(
                ("metric", Identifier(Get(e, "metricName"), Get(e, "metricSelector"))),
                ("target", Map(("type", Str(value is null ? "AverageValue" : "Value")), ("value", value), ("averageValue", Get(e, "targetAverageValue"))))));
        }

        return result;
    }

    private static SsaValue MetricSpecToV1(SsaValue m)
    {
        var result = Map(("type", Get(m, "type")));
        if (Get(m, "object") is { IsMap: true } o)
        {
            var target = Get(o, "target");
            result = With(result, "object", Map(
                ("target", Get(o, "describedObject")),
                ("metricName", Get(Get(o, "metric"), "name")),
                ("targetValue", Get(target, "value") ?? Str("0")),
                ("selector", Get(Get(o, "metric"), "selector")),
                ("averageValue", Get(target, "averageValue"))));
        }

        if (Get(m, "pods") is { IsMap: true } p)
        {
            result = With(result, "pods", Map(
                ("metricName", Get(Get(p, "metric"), "name")),
                ("targetAverageValue", Get(Get(p, "target"), "averageValue") ?? Str("0")),
                ("selector", Get(Get(p, "metric"), "selector"))));
        }

        if (Get(m, "resource") is { IsMap: true } r)
        {
            result = With(result, "resource", Map(("name", Get(r, "name")), ("targetAverageUtilization", Get(Get(r, "target"), "averageUtilization")), ("targetAverageValue", Get(Get(r, "target"), "averageValue"))));
        }

        if (Get(m, "containerResource") is { IsMap: true } c)
        {
            result = With(result, "containerResource", Map(("name", Get(c, "name")), ("targetAverageUtilization", Get(Get(c, "target"), "averageUtilization")), ("targetAverageValue", Get(Get(c, "target"), "averageValue")), ("container", Get(c, "container"))));
        }

        if (Get(m, "external") is { IsMap: true } e)
        {
            result = With(result, "external", Map(
                ("metricName", Get(Get(e, "metric"), "name")),
                ("metricSelector", Get(Get(e, "metric"), "selector")),
                ("targetValue", Get(Get(e, "target"), "value")),
                ("targetAverageValue", Get(Get(e, "target"), "averageValue"))));
        }

        return result;
    }

    private static SsaValue MetricStatusToV2(SsaValue m)
    {
        var result = Map(("type", Get(m, "type")));
        if (Get(m, "resource") is { IsMap: true } r)
        {
            result = With(result, "resource", Map(("name", Get(r, "name")), ("current", Map(("averageValue", Get(r, "currentAverageValue") ?? Str("0")), ("averageUtilization", Get(r, "currentAverageUtilization"))))));
        }

        if (Get(m, "containerResource") is { IsMap: true } c)
        {
            result = With(result, "containerResource", Map(("name", Get(c, "name")), ("container", Get(c, "container")), ("current", Map(("averageValue", Get(c, "currentAverageValue") ?? Str("0")), ("averageUtilization", Get(c, "currentAverageUtilization"))))));
        }

        if (Get(m, "pods") is { IsMap: true } p)
        {
            result = With(result, "pods", Map(("metric", Identifier(Get(p, "metricName"), Get(p, "selector"))), ("current", Map(("averageValue", Get(p, "currentAverageValue") ?? Str("0"))))));
        }

        if (Get(m, "object") is { IsMap: true } o)
        {
            result = With(result, "object", Map(("describedObject", Get(o, "target")), ("metric", Identifier(Get(o, "metricName"), Get(o, "selector"))), ("current", Map(("value", Get(o, "currentValue") ?? Str("0")), ("averageValue", Get(o, "averageValue"))))));
        }

        if (Get(m, "external") is { IsMap: true } e)
        {
            result = With(result, "external", Map(("metric", Identifier(Get(e, "metricName"), Get(e, "metricSelector"))), ("current", Map(("value", Get(e, "currentValue") ?? Str("0")), ("averageValue", Get(e, "currentAverageValue"))))));
        }

        return result;
    }

    private static SsaValue MetricStatusToV1(SsaValue m)
    {
        var result = Map(("type", Get(m, "type")));
        if (Get(m, "object") is { IsMap: true } o)
        {
            result = With(result, "object", Map(("target", Get(o, "describedObject")), ("metricName", Get(Get(o, "metric"), "name")), ("currentValue", Get(Get(o, "current"), "value") ?? Str("0")), ("selector", Get(Get(o, "metric"), "selector")), ("averageValue", Get(Get(o, "current"), "averageValue"))));
        }

        if (Get(m, "pods") is { IsMap: true } p)
        {
            result = With(result, "pods", Map(("metricName", Get(Get(p, "metric"), "name")), ("currentAverageValue", Get(Get(p, "current"), "averageValue") ?? Str("0")), ("selector", Get(Get(p, "metric"), "selector"))));
        }

        if (Get(m, "resource") is { IsMap: true } r)
        {
            result = With(result, "resource", Map(("name", Get(r, "name")), ("currentAverageUtilization", Get(Get(r, "current"), "averageUtilization")), ("currentAverageValue", Get(Get(r, "current"), "averageValue") ?? Str("0"))));
        }

        if (Get(m, "containerResource") is { IsMap: true } c)
        {
            result = With(result, "containerResource", Map(("name", Get(c, "name")), ("currentAverageUtilization", Get(Get(c, "current"), "averageUtilization")), ("currentAverageValue", Get(Get(c, "current"), "averageValue") ?? Str("0")), ("container", Get(c, "container"))));
        }

        if (Get(m, "external") is { IsMap: true } e)
        {
            result = With(result, "external", Map(("metricName", Get(Get(e, "metric"), "name")), ("metricSelector", Get(Get(e, "metric"), "selector")), ("currentValue", Get(Get(e, "current"), "value") ?? Str("0")), ("currentAverageValue", Get(Get(e, "current"), "averageValue"))));
        }

        return result;
    }

    // The behavior annotation holds the API server's internal behavior type marshalled without JSON
    // tags: Go field names, nil pointers and slices as null.
    private static SsaValue BehaviorToGoJson(SsaValue behavior)
    {
        static SsaValue Rules(SsaValue? r) => r is not { IsMap: true } ? SsaValue.Null : SsaValue.FromMap(
        [
            new("StabilizationWindowSeconds", Get(r, "stabilizationWindowSeconds") ?? SsaValue.Null),
            new("SelectPolicy", Get(r, "selectPolicy") ?? SsaValue.Null),
            new("Policies", Get(r, "policies") is { IsList: true } policies
                ? SsaValue.FromList(policies.AsList.Select(p => SsaValue.FromMap(
                [
                    new("Type", Get(p, "type") ?? Str(string.Empty)),
                    new("Value", Get(p, "value") ?? SsaValue.FromInt64(0)),
                    new("PeriodSeconds", Get(p, "periodSeconds") ?? SsaValue.FromInt64(0)),
                ])))
                : SsaValue.Null),
            new("Tolerance", Get(r, "tolerance") ?? SsaValue.Null),
        ]);
        return SsaValue.FromMap([new("ScaleUp", Rules(Get(behavior, "scaleUp"))), new("ScaleDown", Rules(Get(behavior, "scaleDown")))]);
    }

    // encoding/json matches keys exactly first, then case-insensitively; a zero behavior is none.
    private static SsaValue? BehaviorFromGoJson(SsaValue encoded)
    {
        static SsaValue? Field(SsaValue? obj, string name)
        {
            if (obj is not { IsMap: true })
            {
                return null;
            }

            if (obj.AsMap.TryGetValue(name, out var exact))
            {
                return exact.IsNull ? null : exact;
            }

            var match = obj.AsMap.Entries.FirstOrDefault(e => string.Equals(e.Key, name, StringComparison.OrdinalIgnoreCase));
            return match.Value is { IsNull: false } v ? v : null;
        }

        static SsaValue? Rules(SsaValue? r) => r is not { IsMap: true } ? null : Map(
            ("stabilizationWindowSeconds", Field(r, "StabilizationWindowSeconds")),
            ("selectPolicy", Field(r, "SelectPolicy")),
            ("policies", Field(r, "Policies") is { IsList: true } policies
                ? SsaValue.FromList(policies.AsList.Select(p => SsaValue.FromMap(
                [
                    new("type", Field(p, "Type") ?? Str(string.Empty)),
                    new("value", Field(p, "Value") ?? SsaValue.FromInt64(0)),
                    new("periodSeconds", Field(p, "PeriodSeconds") ?? SsaValue.FromInt64(0)),
                ])))
                : null),
            ("tolerance", Field(r, "Tolerance")));

        var result = Map(("scaleUp", Rules(Field(encoded, "ScaleUp"))), ("scaleDown", Rules(Field(encoded, "ScaleDown"))));
        return result.AsMap.Count == 0 ? null : result;
    }

    private static SsaValue Target(SsaValue? utilization, SsaValue? averageValue, SsaValue? value) => Map(
        ("type", Str(utilization is not null ? "Utilization" : "AverageValue")),
        ("value", value),
        ("averageValue", averageValue),
        ("averageUtilization", utilization));

    private static SsaValue Identifier(SsaValue? name, SsaValue? selector) => Map(("name", name), ("selector", selector));

    private static SsaValue WithoutCarriedAnnotations(SsaValue metadata)
    {
        if (Get(metadata, "annotations") is not { IsMap: true } annotations)
        {
            return metadata;
        }

        var kept = annotations.AsMap.Entries.Where(e => !CarriedAnnotations.Contains(e.Key)).ToList();
        if (kept.Count == annotations.AsMap.Count)
        {
            return metadata;
        }

        return kept.Count == 0 ? Without(metadata, "annotations") : With(metadata, "annotations", SsaValue.FromMap(kept));
    }

    private static SsaValue Parse(string json, string annotation)
    {
        try
        {
            return SsaValue.ParseJson(json);
        }
        catch (SsaFormatException e)
        {
            throw new SsaFormatException($"annotation {annotation}: {e.Message}", e);
        }
    }

    private static IReadOnlyList<SsaValue> ParseList(string json, string annotation) => Parse(json, annotation).AsListOrEmpty();

    private static IReadOnlyList<SsaValue> AsListOrEmpty(this SsaValue v) => v.IsList ? v.AsList : [];

    private static SsaValue CopyExcept(SsaValue map, params string[] keys) =>
        map.IsMap ? SsaValue.FromMap(map.AsMap.Entries.Where(e => !keys.Contains(e.Key))) : SsaValue.EmptyMap;

    private static SsaValue SetDefault(SsaValue map, string key, SsaValue value) => Get(map, key) is null ? With(map, key, value) : map;

    private static SsaValue Str(string s) => SsaValue.FromString(s);

    private static SsaValue Map(params (string Key, SsaValue? Value)[] entries) =>
        SsaValue.FromMap(entries.Where(e => e.Value is { IsNull: false }).Select(e => new KeyValuePair<string, SsaValue>(e.Key, e.Value!)));
}
