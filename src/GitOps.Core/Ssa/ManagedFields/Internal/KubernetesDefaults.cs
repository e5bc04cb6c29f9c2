using System.Text;
using GitOps.Ssa.ApiServer.Internal;
using GitOps.Ssa.ApiServer.Internal.Defaults;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.ManagedFields.Internal;

/// <summary>
/// The API server behaviour of built-in types that the recorded scenarios exercise, done offline:
/// defaulting (apps/v1 Deployment with its pod template; core/v1 container ports; autoscaling/v1 and v2
/// HorizontalPodAutoscaler minReplicas, metrics and behavior; core/v1 Service type,
/// session affinity, traffic policy, port protocol and target port), the Go-struct round
/// trip of ConfigMap/Secret maps (null string values become "", empty maps are dropped), Secret
/// stringData folded into base64 data, and the create/update strategies (status reset, generation,
/// Service cluster IP allocation and IP families).
/// </summary>
internal static class KubernetesDefaults
{
    public static SsaValue Default(string apiVersion, string kind, SsaValue obj)
    {
        obj = (apiVersion, kind) switch
        {
            ("apps/v1", "Deployment") => DefaultDeployment(obj),
            ("v1", "ConfigMap") => RoundTripStringMaps(obj, "data", "binaryData"),
            ("v1", "Secret") => FoldStringData(RoundTripStringMaps(GroupDefaults.Apply(string.Empty, kind, obj), "data", "stringData")),
            ("v1", "Service") => DefaultService(obj),
            ("autoscaling/v2", "HorizontalPodAutoscaler") => DefaultHorizontalPodAutoscalerV2(obj),
            ("autoscaling/v1", "HorizontalPodAutoscaler") => RoundTripStringMaps(With(obj, "spec", SetIfAbsent(SetIfAbsent(Get(obj, "spec") ?? SsaValue.EmptyMap, "minReplicas", SsaValue.FromInt64(1)), "targetCPUUtilizationPercentage", SsaValue.FromInt64(80)))),
            _ => RoundTripStringMaps(GroupDefaults.Apply(ApiServerPipeline.GroupOf(apiVersion), kind, obj)),
        };

        // Quantities are re-encoded by the typed round trip of every built-in kind.
        return SsaSchema.Kubernetes.TryGetKindType(apiVersion, kind, out var type)
            ? QuantityFields.Canonicalize(SsaSchema.Kubernetes, type, obj, apiVersion, kind)
            : obj;
    }

    /// <summary>PrepareForCreate / PrepareForUpdate of the strategies the scenarios use.</summary>
    public static SsaValue Prepare(string apiVersion, string kind, string? subresource, SsaValue? old, SsaValue obj, bool customResource = false, ServiceClusterIPAllocator? allocator = null)
    {
        if (customResource)
        {
            return PrepareCustomResource(subresource, old, obj);
        }

        if ((apiVersion, kind) == ("v1", "Service"))
        {
            return PrepareService(old, obj, allocator ?? ServiceClusterIPAllocator.Default);
        }

        if ((apiVersion, kind) == ("apiextensions.k8s.io/v1", "CustomResourceDefinition"))
        {
            return PrepareCrd(old, obj);
        }

        if (kind == "HorizontalPodAutoscaler" && apiVersion is "autoscaling/v1" or "autoscaling/v2")
        {
            return PrepareHorizontalPodAutoscaler(apiVersion, subresource, old, obj);
        }

        if ((apiVersion, kind) != ("apps/v1", "Deployment"))
        {
            return obj;
        }

        if (old is null)
        {
            obj = With(obj, "status", SsaValue.EmptyMap);
            return With(obj, "metadata", With(Get(obj, "metadata") ?? SsaValue.EmptyMap, "generation", SsaValue.FromInt64(1)));
        }

        if (subresource == "status")
        {
            return With(obj, "spec", Get(old, "spec") ?? SsaValue.EmptyMap);
        }

        obj = With(obj, "status", Get(old, "status") ?? SsaValue.EmptyMap);
        var generation = Get(Get(old, "metadata"), "generation")?.AsInteger ?? 1;
        if (!GitOps.Ssa.ApiServer.Internal.SemanticEquality.Equal(Get(old, "spec"), Get(obj, "spec")))
        {
            generation++;
        }

        return With(obj, "metadata", With(Get(obj, "metadata") ?? SsaValue.EmptyMap, "generation", SsaValue.FromInt64(generation)));
    }

    private static SsaValue DefaultDeployment(SsaValue d)
    {
        var spec = Get(d, "spec") ?? SsaValue.EmptyMap;
        spec = SetIfAbsent(spec, "replicas", SsaValue.FromInt64(1));
        var strategy = Get(spec, "strategy") ?? SsaValue.EmptyMap;
        strategy = SetIfAbsent(strategy, "type", SsaValue.FromString("RollingUpdate"));
        if (Get(strategy, "type")?.ToString() == "RollingUpdate")
        {
            var ru = Get(strategy, "rollingUpdate") ?? SsaValue.EmptyMap;
            ru = SetIfAbsent(ru, "maxUnavailable", SsaValue.FromString("25%"));
            ru = SetIfAbsent(ru, "maxSurge", SsaValue.FromString("25%"));
            strategy = With(strategy, "rollingUpdate", ru);
        }

        spec = With(spec, "strategy", strategy);
        spec = SetIfAbsent(spec, "revisionHistoryLimit", SsaValue.FromInt64(10));
        spec = SetIfAbsent(spec, "progressDeadlineSeconds", SsaValue.FromInt64(600));
        var template = Get(spec, "template") ?? SsaValue.EmptyMap;
        template = CoreDefaults.Template(With(template, "spec", Get(template, "spec") ?? SsaValue.EmptyMap));
        spec = With(spec, "template", template);
        d = With(d, "spec", spec);
        return RoundTripStringMaps(d);
    }

    // autoscaling/v2 defaults: one replica at least, the implicit 80% CPU target when no metric is
    // given, and the default scaling rules for each direction of a given behavior.
    private static SsaValue DefaultHorizontalPodAutoscalerV2(SsaValue hpa)
    {
        var spec = SetIfAbsent(Get(hpa, "spec") ?? SsaValue.EmptyMap, "minReplicas", SsaValue.FromInt64(1));
        if (Get(spec, "metrics") is not { IsList: true } metrics || metrics.AsList.Count == 0)
        {
            spec = With(spec, "metrics", SsaValue.FromList([Conversion.Internal.HorizontalPodAutoscalerConversion.CpuMetric(Conversion.Internal.HorizontalPodAutoscalerConversion.DefaultCpuUtilization)]));
        }

        if (Get(spec, "behavior") is { IsMap: true } behavior)
        {
            behavior = With(behavior, "scaleUp", ScalingRules(Get(behavior, "scaleUp"), 0, """[{"type":"Pods","value":4,"periodSeconds":15},{"type":"Percent","value":100,"periodSeconds":15}]"""));
            behavior = With(behavior, "scaleDown", ScalingRules(Get(behavior, "scaleDown"), null, """[{"type":"Percent","value":100,"periodSeconds":15}]"""));
            spec = With(spec, "behavior", behavior);
        }

        return RoundTripStringMaps(With(hpa, "spec", spec));
    }

    // Scale-down keeps no default stabilization window: the controller's command line supplies it.
    private static SsaValue ScalingRules(SsaValue? rules, long? stabilizationWindowSeconds, string policies)
    {
        var r = rules is { IsMap: true } ? rules : SsaValue.EmptyMap;
        if (stabilizationWindowSeconds is { } seconds)
        {
            r = SetIfAbsent(r, "stabilizationWindowSeconds", SsaValue.FromInt64(seconds));
        }

        r = SetIfAbsent(r, "selectPolicy", SsaValue.FromString("Max"));
        return SetIfAbsent(r, "policies", SsaValue.ParseJson(policies));
    }

    // The HPA strategy: a new object starts with an empty status (as the version serializes the Go
    // struct's zero value), the main resource keeps the old status, /status keeps the old spec.
    private static SsaValue PrepareHorizontalPodAutoscaler(string apiVersion, string? subresource, SsaValue? old, SsaValue obj)
    {
        if (old is null)
        {
            return With(obj, "status", apiVersion == "autoscaling/v1"
                ? SsaValue.ParseJson("""{"currentReplicas":0,"desiredReplicas":0}""")
                : SsaValue.ParseJson("""{"currentMetrics":null,"desiredReplicas":0}"""));
        }

        return subresource == "status"
            ? With(obj, "spec", Get(old, "spec") ?? SsaValue.EmptyMap)
            : With(obj, "status", Get(old, "status") ?? SsaValue.EmptyMap);
    }

    // Custom resources: generation starts at 1 and moves when anything but metadata and status changes.
    private static SsaValue PrepareCustomResource(string? subresource, SsaValue? old, SsaValue obj)
    {
        long generation = 1;
        if (old is not null)
        {
            generation = Get(Get(old, "metadata"), "generation")?.AsInteger ?? 1;
            static SsaValue Content(SsaValue o) => Without(Without(o, "metadata"), "status");
            if (subresource != "status" && !SsaValue.DeepEquals(Content(old), Content(obj)))
            {
                generation++;
            }
        }

        return With(obj, "metadata", With(Get(obj, "metadata") ?? SsaValue.EmptyMap, "generation", SsaValue.FromInt64(generation)));
    }

    // The CRD strategy: a new CRD starts with empty accepted names and its storage version stored.
    private static SsaValue PrepareCrd(SsaValue? old, SsaValue crd)
    {
        if (old is not null)
        {
            return With(crd, "status", Get(old, "status") ?? SsaValue.EmptyMap);
        }

        var storage = (Get(Get(crd, "spec"), "versions")?.AsList ?? [])
            .Where(v => Get(v, "storage") is { Kind: SsaValueKind.Boolean } st && st.AsBoolean)
            .Select(v => Get(v, "name") ?? SsaValue.Null);
        crd = With(crd, "status", SsaValue.FromMap(
        [
            new("acceptedNames", SsaValue.ParseJson("""{"kind":"","plural":""}""")),
            new("conditions", SsaValue.Null),
            new("storedVersions", SsaValue.FromList(storage)),
        ]));
        return With(crd, "metadata", With(Get(crd, "metadata") ?? SsaValue.EmptyMap, "generation", SsaValue.FromInt64(1)));
    }

    // core/v1 Service defaults; the cluster IP and IP families are set on create (PrepareService).
    private static SsaValue DefaultService(SsaValue svc)
    {
        var spec = Get(svc, "spec") ?? SsaValue.EmptyMap;
        var type = Get(spec, "type")?.ToString() ?? "ClusterIP";
        spec = SetIfAbsent(spec, "type", SsaValue.FromString(type));
        spec = SetIfAbsent(spec, "sessionAffinity", SsaValue.FromString("None"));
        if (Get(spec, "sessionAffinity")?.ToString() == "None")
        {
            spec = Without(spec, "sessionAffinityConfig");
        }

        if (Get(spec, "sessionAffinity")?.ToString() == "ClientIP")
        {
            var config = Get(spec, "sessionAffinityConfig") ?? SsaValue.EmptyMap;
            var clientIP = SetIfAbsent(Get(config, "clientIP") ?? SsaValue.EmptyMap, "timeoutSeconds", SsaValue.FromInt64(10800));
            spec = With(spec, "sessionAffinityConfig", With(config, "clientIP", clientIP));
        }

        if (type != "ExternalName")
        {
            spec = SetIfAbsent(spec, "internalTrafficPolicy", SsaValue.FromString("Cluster"));
        }

        // ExternallyAccessible: NodePort, LoadBalancer, or ClusterIP with external IPs.
        if (type is "NodePort" or "LoadBalancer" || (type == "ClusterIP" && Get(spec, "externalIPs") is { IsList: true, AsList.Count: > 0 }))
        {
            spec = SetIfAbsent(spec, "externalTrafficPolicy", SsaValue.FromString("Cluster"));
        }

        if (type == "LoadBalancer")
        {
            spec = SetIfAbsent(spec, "allocateLoadBalancerNodePorts", SsaValue.FromBoolean(true));
        }

        if (Get(spec, "ports") is { IsList: true } ports)
        {
            spec = With(spec, "ports", SsaValue.FromList(ports.AsList.Select(p =>
            {
                if (!p.IsMap)
                {
                    return p;
                }

                p = SetIfAbsent(p, "protocol", SsaValue.FromString("TCP"));
                return Get(p, "port") is { } port ? SetIfAbsent(p, "targetPort", port) : p;
            })));
        }

        svc = With(svc, "spec", spec);
        return Get(svc, "status") is null ? With(svc, "status", SsaValue.FromMap([new("loadBalancer", SsaValue.EmptyMap)])) : svc;
    }

    // The Service REST storage on create: a single-stack cluster of the allocator's family. ipFamilies
    // default to the cluster IP's family (or the cluster's), ipFamilyPolicy to SingleStack (headless
    // without selector: RequireDualStack), a cluster IP is allocated unless headless or ExternalName, and
    // clusterIPs mirrors clusterIP. On update the allocated values of the old object are kept when the
    // new one leaves them out.
    private static SsaValue PrepareService(SsaValue? old, SsaValue svc, ServiceClusterIPAllocator allocator)
    {
        if (old is not null && Get(old, "spec") is { IsMap: true } previous && Get(svc, "spec") is { IsMap: true } current)
        {
            svc = With(svc, "spec", DropTypeDependentFields(previous, NormalizeClusterIPs(previous, current)));
        }

        var spec = Get(svc, "spec") ?? SsaValue.EmptyMap;
        if (Get(spec, "type")?.ToString() == "ExternalName")
        {
            return svc;
        }

        var oldSpec = old is null ? null : Get(old, "spec");
        if (old is not null && Get(oldSpec, "type")?.ToString() != "ExternalName")
        {
            if (Get(spec, "clusterIP") is null or { IsNull: true })
            {
                foreach (var key in new[] { "clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "healthCheckNodePort" })
                {
                    if (Get(oldSpec, key) is { IsNull: false } v && Get(spec, key) is null or { IsNull: true })
                    {
                        spec = With(spec, key, v);
                    }
                }
            }

            // patchAllocatedValues: node ports carry over only while both types need them. Ports the update
            // adds, or a type change to NodePort/LoadBalancer, get node ports as on create.
            static bool NeedsNodePorts(SsaValue? s) => Get(s, "type")?.ToString() is "NodePort" or "LoadBalancer";
            spec = NeedsNodePorts(oldSpec) && NeedsNodePorts(spec) ? KeepNodePorts(Get(oldSpec, "ports"), spec) : spec;
            return With(svc, "spec", AllocateNodePorts(svc, spec));
        }

        // A create, or a Service that was ExternalName: allocated as on create.

        var clusterIP = Get(spec, "clusterIP")?.ToString() ?? string.Empty;
        if (clusterIP.Length == 0 && Get(spec, "clusterIPs") is { IsList: true } ips && ips.AsList.Count > 0)
        {
            clusterIP = ips.AsList[0].ToString();
        }

        var headless = clusterIP == "None";
        if (Get(spec, "ipFamilies") is not { IsList: true } families || families.AsList.Count == 0)
        {
            var family = !headless && clusterIP.Length > 0 && System.Net.IPAddress.TryParse(clusterIP, out var address)
                ? address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4"
                : allocator.IPFamily;
            var selectorless = Get(spec, "selector") is not { IsMap: true } sel || sel.AsMap.Count == 0;
            var other = family == "IPv4" ? "IPv6" : "IPv4";

            // A headless Service without selector is RequireDualStack: it lists both families.
            spec = With(spec, "ipFamilies", headless && selectorless && Get(spec, "ipFamilyPolicy") is null or { IsNull: true }
                ? SsaValue.FromList([SsaValue.FromString(family), SsaValue.FromString(other)])
                : SsaValue.FromList([SsaValue.FromString(family)]));
        }

        if (Get(spec, "ipFamilyPolicy") is null or { IsNull: true })
        {
            var selector = Get(spec, "selector");
            var policy = headless && (selector is null || !selector.IsMap || selector.AsMap.Count == 0) ? "RequireDualStack" : "SingleStack";
            spec = With(spec, "ipFamilyPolicy", SsaValue.FromString(policy));
        }

        if (clusterIP.Length == 0)
        {
            clusterIP = allocator.Allocate(svc);
        }

        spec = With(spec, "clusterIP", SsaValue.FromString(clusterIP));
        if (Get(spec, "clusterIPs") is not { IsList: true } existing || existing.AsList.Count == 0)
        {
            spec = With(spec, "clusterIPs", SsaValue.FromList([SsaValue.FromString(clusterIP)]));
        }

        return With(svc, "spec", AllocateNodePorts(svc, spec));
    }

    // normalizeClusterIPs on update: a changed clusterIP with clusterIPs left as they were becomes the new
    // clusterIPs (or none), so validation sees (and refuses) the change of the primary address.
    private static SsaValue NormalizeClusterIPs(SsaValue old, SsaValue spec)
    {
        var clusterIP = Get(spec, "clusterIP")?.ToString() ?? string.Empty;
        if (clusterIP == (Get(old, "clusterIP")?.ToString() ?? string.Empty)
            || !SsaValue.DeepEquals(Get(spec, "clusterIPs") ?? SsaValue.Null, Get(old, "clusterIPs") ?? SsaValue.Null))
        {
            return spec;
        }

        return clusterIP.Length == 0 ? Without(spec, "clusterIPs") : With(spec, "clusterIPs", SsaValue.FromList([SsaValue.FromString(clusterIP)]));
    }

    // The Service strategy's dropTypeDependentFields: values the old type needed and the new one does
    // not are cleared when the write left them as they were.
    private static SsaValue DropTypeDependentFields(SsaValue old, SsaValue spec)
    {
        var oldType = Get(old, "type")?.ToString() ?? "ClusterIP";
        var type = Get(spec, "type")?.ToString() ?? "ClusterIP";
        bool Same(string key) => Get(spec, key) is { } v && SsaValue.DeepEquals(v, Get(old, key) ?? SsaValue.Null);
        static bool NeedsNodePorts(string t) => t is "NodePort" or "LoadBalancer";
        if (oldType != "ExternalName" && type == "ExternalName")
        {
            foreach (var key in new[] { "clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy" })
            {
                spec = Same(key) ? Without(spec, key) : spec;
            }
        }

        if (NeedsNodePorts(oldType) && !NeedsNodePorts(type))
        {
            var oldPorts = Get(old, "ports")?.AsList ?? [];
            var ports = Get(spec, "ports")?.AsList ?? [];
            var sameNodePorts = ports.All(p => Get(p, "nodePort") is not { IsNull: false } n || oldPorts.Any(o => SsaValue.DeepEquals(Get(o, "nodePort") ?? SsaValue.Null, n)));
            if (sameNodePorts && ports.Count > 0)
            {
                spec = With(spec, "ports", SsaValue.FromList(ports.Select(p => p.IsMap ? Without(p, "nodePort") : p).ToList()));
            }

            spec = Same("externalTrafficPolicy") ? Without(spec, "externalTrafficPolicy") : spec;
            spec = Same("healthCheckNodePort") ? Without(spec, "healthCheckNodePort") : spec;
        }

        if (oldType == "LoadBalancer" && type != "LoadBalancer")
        {
            spec = Same("allocateLoadBalancerNodePorts") ? Without(spec, "allocateLoadBalancerNodePorts") : spec;
            spec = Same("loadBalancerClass") ? Without(spec, "loadBalancerClass") : spec;
        }

        return spec;
    }

    private const int NodePortBase = 30000;
    private const int NodePortCount = 2768;

    // NodePort and LoadBalancer Services (unless allocateLoadBalancerNodePorts is false) get a node port
    // for each port that has none, and a LoadBalancer with externalTrafficPolicy Local a health-check node
    // port. A real server picks free ports of 30000-32767 at random; offline they are derived from the
    // Service's namespace, name, port and protocol (stepping past ports the Service already uses).
    private static SsaValue AllocateNodePorts(SsaValue svc, SsaValue spec)
    {
        var type = Get(spec, "type")?.ToString();
        var lb = type == "LoadBalancer";
        if (!(type == "NodePort" || (lb && Get(spec, "allocateLoadBalancerNodePorts") is not { Kind: SsaValueKind.Boolean, AsBoolean: false })))
        {
            return spec;
        }

        var identity = (Get(Get(svc, "metadata"), "namespace")?.ToString() ?? string.Empty) + "/" + (Get(Get(svc, "metadata"), "name")?.ToString() ?? string.Empty);
        var used = new HashSet<long>();
        var ports = Get(spec, "ports")?.AsList ?? [];
        foreach (var p in ports)
        {
            if (Get(p, "nodePort") is { Kind: SsaValueKind.Integer } n)
            {
                used.Add(n.AsInteger);
            }
        }

        long Pick(string what)
        {
            var candidate = (long)(ServiceClusterIPAllocator.Fnv1a(identity + "/" + what) % NodePortCount);
            while (!used.Add(NodePortBase + candidate))
            {
                candidate = (candidate + 1) % NodePortCount;
            }

            return NodePortBase + candidate;
        }

        if (ports.Count > 0)
        {
            spec = With(spec, "ports", SsaValue.FromList(ports.Select(p => p.IsMap && Get(p, "nodePort") is null or { IsNull: true }
                ? With(p, "nodePort", SsaValue.FromInt64(Pick($"{Get(p, "port")}/{Get(p, "protocol")}")))
                : p).ToList()));
        }

        if (lb && Get(spec, "externalTrafficPolicy")?.ToString() == "Local" && Get(spec, "healthCheckNodePort") is null or { IsNull: true })
        {
            spec = With(spec, "healthCheckNodePort", SsaValue.FromInt64(Pick("healthCheck")));
        }

        return spec;
    }

    // An update keeps the node port of each port (same port and protocol) that leaves it out.
    private static SsaValue KeepNodePorts(SsaValue? oldPorts, SsaValue spec)
    {
        if (oldPorts is not { IsList: true } || Get(spec, "ports") is not { IsList: true } ports)
        {
            return spec;
        }

        return With(spec, "ports", SsaValue.FromList(ports.AsList.Select(p =>
        {
            if (!p.IsMap || Get(p, "nodePort") is { IsNull: false })
            {
                return p;
            }

            var previous = oldPorts.AsList.FirstOrDefault(o => SsaValue.DeepEquals(Get(o, "port") ?? SsaValue.Null, Get(p, "port") ?? SsaValue.Null)
                && SsaValue.DeepEquals(Get(o, "protocol") ?? SsaValue.Null, Get(p, "protocol") ?? SsaValue.Null));
            return Get(previous, "nodePort") is { Kind: SsaValueKind.Integer } n ? With(p, "nodePort", n) : p;
        }).ToList()));
    }

    // map[string]string fields of Go structs: null values decode as "", empty maps are omitted.
    private static SsaValue RoundTripStringMaps(SsaValue obj, params string[] topLevel)
    {
        foreach (var key in topLevel)
        {
            obj = NormalizeStringMap(obj, key);
        }

        if (Get(obj, "metadata") is { IsMap: true } metadata)
        {
            metadata = NormalizeStringMap(NormalizeStringMap(metadata, "labels"), "annotations");
            obj = With(obj, "metadata", metadata);
        }

        return obj;
    }

    private static SsaValue NormalizeStringMap(SsaValue parent, string key)
    {
        if (Get(parent, key) is not { } map)
        {
            return parent;
        }

        if (map.IsNull || (map.IsMap && map.AsMap.Count == 0))
        {
            return Without(parent, key);
        }

        return map.IsMap
            ? With(parent, key, SsaValue.FromMap(map.AsMap.Entries.Select(e => new KeyValuePair<string, SsaValue>(e.Key, e.Value.IsNull ? SsaValue.FromString(string.Empty) : e.Value))))
            : parent;
    }

    private static SsaValue FoldStringData(SsaValue secret)
    {
        if (Get(secret, "stringData") is not { IsMap: true } stringData)
        {
            return secret;
        }

        var data = Get(secret, "data") ?? SsaValue.EmptyMap;
        foreach (var (k, v) in stringData.AsMap.Entries)
        {
            data = With(data, k, SsaValue.FromString(Convert.ToBase64String(Encoding.UTF8.GetBytes(v.ToString()))));
        }

        return Without(With(secret, "data", data), "stringData");
    }

    public static SsaValue? Get(SsaValue? map, string key) => map is { IsMap: true } && map.AsMap.TryGetValue(key, out var v) ? v : null;

    public static SsaValue With(SsaValue map, string key, SsaValue value)
    {
        var entries = map.IsMap ? map.AsMap.Entries.ToList() : [];
        var i = entries.FindIndex(e => e.Key == key);
        if (i >= 0)
        {
            entries[i] = new(key, value);
        }
        else
        {
            entries.Add(new(key, value));
        }

        return SsaValue.FromMap(entries);
    }

    public static SsaValue Without(SsaValue map, string key) =>
        map.IsMap ? SsaValue.FromMap(map.AsMap.Entries.Where(e => e.Key != key)) : map;

    private static SsaValue SetIfAbsent(SsaValue map, string key, SsaValue value) =>
        Get(map, key) is { IsNull: false } ? map : With(map, key, value);
}
