using System.Text;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Apply;

/// <summary>
/// Flux's normalisation of desired objects before diff and apply (<c>fluxcd/pkg ssa/normalize/normalize.go</c>): <c>protocol: TCP</c>
/// on container ports (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob) and Service ports, Secret
/// <c>stringData</c> folded into base64 <c>data</c>, no <c>creationTimestamp</c>, no <c>status</c> except on CRDs.
/// Role and ClusterRole are left as they are, as upstream does.
/// </summary>
public static class ObjectNormalizer
{
    /// <summary>Normalises a desired object.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The normalised copy.</returns>
    public static SsaValue Normalize(SsaValue obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var apiVersion = Obj.GetString(obj, "apiVersion");
        var kind = Obj.GetString(obj, "kind");
        if (apiVersion == "rbac.authorization.k8s.io/v1" && kind is "Role" or "ClusterRole")
        {
            return obj;
        }

        obj = (apiVersion, kind) switch
        {
            ("v1", "Pod") => PodPorts(obj, "spec"),
            ("apps/v1", "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet") or ("batch/v1", "Job") => PodPorts(obj, "spec", "template", "spec"),
            ("batch/v1", "CronJob") => PodPorts(obj, "spec", "jobTemplate", "spec", "template", "spec"),
            ("v1", "Service") => Ports(obj, ["spec", "ports"]),
            ("v1", "Secret") => Secret(obj),
            _ => obj,
        };
        obj = Obj.WithPath(obj, ["metadata", "creationTimestamp"], null);
        return kind == "CustomResourceDefinition" && apiVersion?.StartsWith("apiextensions.k8s.io/", StringComparison.Ordinal) == true
            ? obj
            : Obj.Without(obj, "status");
    }

    /// <summary>The normalisation of dry-run results before the drift check (<c>DryRunUnstructured</c>): HorizontalPodAutoscaler metrics without duplicates or empty entries.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The normalised copy.</returns>
    public static SsaValue DryRun(SsaValue obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (Obj.GetString(obj, "kind") != "HorizontalPodAutoscaler" || Obj.Get(obj, "spec", "metrics") is not { IsList: true } metrics)
        {
            return obj;
        }

        var kept = new List<SsaValue>();
        foreach (var m in metrics.AsList)
        {
            if (!string.IsNullOrEmpty(Obj.GetString(m, "type")) && !kept.Exists(k => SsaValue.DeepEquals(k, m)))
            {
                kept.Add(m);
            }
        }

        return Obj.WithPath(obj, ["spec", "metrics"], kept.Count == 0 ? null : SsaValue.FromList(kept));
    }

    private static SsaValue PodPorts(SsaValue obj, params string[] podSpec)
    {
        var containers = Obj.GetList(obj, [.. podSpec, "containers"]);
        if (containers.Count == 0)
        {
            return obj;
        }

        var updated = containers.Select(c => Ports(c, ["ports"])).ToList();
        return Obj.WithPath(obj, [.. podSpec, "containers"], SsaValue.FromList(updated));
    }

    private static SsaValue Ports(SsaValue obj, string[] path)
    {
        var ports = Obj.GetList(obj, path);
        if (ports.Count == 0)
        {
            return obj;
        }

        var updated = ports.Select(p => p.IsMap && string.IsNullOrEmpty(Obj.GetString(p, "protocol")) ? Obj.With(p, "protocol", SsaValue.FromString("TCP")) : p).ToList();
        return Obj.WithPath(obj, path, SsaValue.FromList(updated));
    }

    private static SsaValue Secret(SsaValue obj)
    {
        var stringData = Obj.StringMap(obj, "stringData");
        if (stringData.Count == 0)
        {
            return obj;
        }

        var data = Obj.Get(obj, "data") is { IsMap: true } d ? d : SsaValue.EmptyMap;
        foreach (var (k, v) in stringData)
        {
            data = Obj.With(data, k, SsaValue.FromString(Convert.ToBase64String(Encoding.UTF8.GetBytes(v))));
        }

        return Obj.Without(Obj.With(obj, "data", data), "stringData");
    }
}
