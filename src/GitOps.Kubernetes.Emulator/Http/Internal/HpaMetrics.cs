using GitOps.Ssa.Values;
using static GitOps.Kubernetes.Emulator.Http.Internal.TableFormat;
using static GitOps.Kubernetes.Emulator.Store.Internal.Obj;

namespace GitOps.Kubernetes.Emulator.Http.Internal;

/// <summary>The HorizontalPodAutoscaler printer's Targets cell (<c>formatHPAMetrics</c>): current/target per metric, two at most.</summary>
internal static class HpaMetrics
{
    private const string Unknown = "<unknown>";

    public static string Format(SsaValue hpa)
    {
        var specs = Items(Path(hpa, "spec.metrics"));
        if (specs.Count == 0)
        {
            return None;
        }

        var statuses = Items(Path(hpa, "status.currentMetrics"));
        var list = new List<string>();
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var status = i < statuses.Count ? statuses[i] : null;
            list.Add(GetString(spec, "type") switch
            {
                "External" => ValueOrAverage(Path(spec, "external.target"), Get(status, "external")),
                "Object" => ValueOrAverage(Path(spec, "object.target"), Get(status, "object")),
                "Pods" => (Get(status, "pods") is { } pods ? Text(Path(pods, "current.averageValue")) : Unknown) + "/" + Text(Path(spec, "pods.target.averageValue")),
                "Resource" => Resource(Get(spec, "resource"), Get(status, "resource")),
                "ContainerResource" => Resource(Get(spec, "containerResource"), Get(status, "containerResource")),
                _ => "<unknown type>",
            });
        }

        return list.Count > 2 ? string.Join(", ", list.Take(2)) + " + " + (list.Count - 2) + " more..." : string.Join(", ", list);
    }

    private static string ValueOrAverage(SsaValue? target, SsaValue? current)
    {
        if (Get(target, "averageValue") is { } average)
        {
            return (Path(current ?? SsaValue.EmptyMap, "current.averageValue") is { } c ? Text(c) : Unknown) + "/" + Text(average) + " (avg)";
        }

        return (current is not null ? Text(Path(current, "current.value")) : Unknown) + "/" + Text(Get(target, "value"));
    }

    private static string Resource(SsaValue? spec, SsaValue? status)
    {
        var name = Text(Get(spec, "name"));
        var target = Get(spec, "target");
        if (Get(target, "averageValue") is { } average)
        {
            return name + ": " + (status is not null ? Text(Path(status, "current.averageValue")) : Unknown) + "/" + Text(average);
        }

        var current = status is not null && Path(status, "current.averageUtilization") is { } u ? Text(u) + "%" : Unknown;
        var goal = Get(target, "averageUtilization") is { } t ? Text(t) + "%" : "<auto>";
        return name + ": " + current + "/" + goal;
    }
}
