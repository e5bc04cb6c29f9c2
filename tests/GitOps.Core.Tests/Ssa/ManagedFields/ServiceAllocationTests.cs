using System.Net;
using GitOps.Ssa;
using GitOps.Ssa.ManagedFields;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Ssa.ManagedFields;

public sealed class ServiceAllocationTests
{
    private static SsaValue Yaml(string text) => SsaValue.ParseYaml(text)!;

    private static SsaMap Spec(SsaValue svc) => svc.AsMap["spec"].AsMap;

    private static ServerSideApply Create(ServiceClusterIPAllocator? allocator = null) => new(new ServerSideApplyOptions
    {
        TimeProvider = new ManualTime(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)),
        ServiceClusterIPAllocator = allocator ?? ServiceClusterIPAllocator.Default,
    });

    private const string Service = "{apiVersion: v1, kind: Service, metadata: {name: s, namespace: apps}, spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}]}}";

    [Test]
    public void A_created_Service_gets_a_single_stack_cluster_IP_that_nobody_owns()
    {
        var ssa = Create();
        var created = ssa.Apply(null, Yaml(Service), "gitops");

        var spec = Spec(created.Value);
        var ip = spec["clusterIP"].AsString;
        Assert.That(spec["clusterIPs"].AsList.Select(v => v.AsString), Is.EqualTo(new[] { ip }));
        Assert.That(spec["ipFamilies"].AsList.Select(v => v.AsString), Is.EqualTo(new[] { "IPv4" }));
        Assert.That(spec["ipFamilyPolicy"].AsString, Is.EqualTo("SingleStack"));
        var bytes = IPAddress.Parse(ip).GetAddressBytes();
        Assert.That(bytes[0], Is.EqualTo(10));
        Assert.That(bytes[1] & 0xF0, Is.EqualTo(96), "inside 10.96.0.0/12");
        Assert.That(created.ManagedFields.Single().Fields.ToFieldsV1Json(), Does.Not.Contain("clusterIP").And.Not.Contain("ipFamil"));

        var again = ssa.Apply(created.Value, Yaml(Service), "gitops");
        Assert.That(again.Changed, Is.False);
        Assert.That(Spec(again.Value)["clusterIP"].AsString, Is.EqualTo(ip));
    }

    [Test]
    public void The_default_allocation_is_deterministic_per_namespace_and_name()
    {
        var a = ServiceClusterIPAllocator.Default.Allocate(Yaml("{metadata: {name: s, namespace: apps}}"));
        var b = ServiceClusterIPAllocator.Default.Allocate(Yaml("{metadata: {name: s, namespace: apps}}"));
        var c = ServiceClusterIPAllocator.Default.Allocate(Yaml("{metadata: {name: t, namespace: apps}}"));

        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
        var small = new ServiceClusterIPAllocator("192.168.7.0/30");
        Assert.That(small.Allocate(Yaml("{metadata: {name: x}}")), Is.AnyOf("192.168.7.1", "192.168.7.2"), "never the network or broadcast address");
    }

    [Test]
    public void An_IPv6_service_CIDR_allocates_IPv6_addresses_and_families()
    {
        var ssa = Create(new ServiceClusterIPAllocator("fd00:10:96::/112"));
        var spec = Spec(ssa.Apply(null, Yaml(Service), "gitops").Value);

        Assert.That(IPAddress.Parse(spec["clusterIP"].AsString).AddressFamily, Is.EqualTo(System.Net.Sockets.AddressFamily.InterNetworkV6));
        Assert.That(spec["clusterIP"].AsString, Does.StartWith("fd00:10:96::"));
        Assert.That(spec["ipFamilies"].AsList.Single().AsString, Is.EqualTo("IPv6"));
    }

    [Test]
    public void Explicit_headless_and_ExternalName_services_are_not_allocated()
    {
        var ssa = Create(new ServiceClusterIPAllocator(_ => throw new AssertionException("no allocation expected"), "IPv4"));

        var fixedIp = Spec(ssa.Apply(null, Yaml("{apiVersion: v1, kind: Service, metadata: {name: a}, spec: {clusterIP: 'fd00::10', ports: [{port: 80}]}}"), "m").Value);
        Assert.That(fixedIp["clusterIPs"].AsList.Single().AsString, Is.EqualTo("fd00::10"));
        Assert.That(fixedIp["ipFamilies"].AsList.Single().AsString, Is.EqualTo("IPv6"), "the family of the requested address");

        var headless = Spec(ssa.Apply(null, Yaml("{apiVersion: v1, kind: Service, metadata: {name: b}, spec: {clusterIP: None, ports: [{port: 80}]}}"), "m").Value);
        Assert.That(headless["clusterIPs"].AsList.Single().AsString, Is.EqualTo("None"));
        Assert.That(headless["ipFamilyPolicy"].AsString, Is.EqualTo("RequireDualStack"), "headless without selector");

        var headlessWithSelector = Spec(ssa.Apply(null, Yaml("{apiVersion: v1, kind: Service, metadata: {name: c}, spec: {clusterIP: None, selector: {app: x}}}"), "m").Value);
        Assert.That(headlessWithSelector["ipFamilyPolicy"].AsString, Is.EqualTo("SingleStack"));

        var external = Spec(ssa.Apply(null, Yaml("{apiVersion: v1, kind: Service, metadata: {name: d}, spec: {type: ExternalName, externalName: example.org}}"), "m").Value);
        Assert.That(external.ContainsKey("clusterIP") || external.ContainsKey("ipFamilies"), Is.False);
    }

    [Test]
    public void An_update_that_leaves_out_the_allocated_values_keeps_them()
    {
        var ssa = Create();
        var live = ssa.Apply(null, Yaml(Service), "gitops").Value;

        var updated = ssa.Update(live, Yaml("{apiVersion: v1, kind: Service, metadata: {name: s, namespace: apps}, spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: 9090}]}}"), "editor");

        Assert.That(Spec(updated.Value)["clusterIP"].AsString, Is.EqualTo(Spec(live)["clusterIP"].AsString));
        Assert.That(Spec(updated.Value)["ipFamilyPolicy"].AsString, Is.EqualTo("SingleStack"));
    }

    [Test]
    public void NodePort_and_LoadBalancer_services_get_deterministic_distinct_node_ports()
    {
        var ssa = Create();
        const string NodePort = "{apiVersion: v1, kind: Service, metadata: {name: np, namespace: apps}, spec: {type: NodePort, selector: {app: web}, ports: [{name: a, port: 80}, {name: b, port: 443}, {name: c, port: 8080, nodePort: 31000}]}}";

        var created = ssa.Apply(null, Yaml(NodePort), "gitops");
        var again = Create().Apply(null, Yaml(NodePort), "gitops");

        var ports = Spec(created.Value)["ports"].AsList.Select(p => p.AsMap["nodePort"].AsInteger).ToList();
        Assert.That(ports, Is.All.InRange(30000, 32767));
        Assert.That(ports, Is.Unique);
        Assert.That(ports[2], Is.EqualTo(31000), "a requested node port is kept");
        Assert.That(SsaValue.DeepEquals(Spec(again.Value)["ports"], Spec(created.Value)["ports"]), Is.True, "deterministic");
        Assert.That(Spec(created.Value)["externalTrafficPolicy"].AsString, Is.EqualTo("Cluster"));
        var owned = created.ManagedFields.Single().Fields.ToFieldsV1Json();
        Assert.That(owned.Split("f:nodePort").Length - 1, Is.EqualTo(1), "only the requested node port is owned: " + owned);

        var edited = ssa.Update(created.Value, Yaml(NodePort.Replace("port: 443}", "port: 443, targetPort: 8443}", StringComparison.Ordinal)), "editor");
        Assert.That(Spec(edited.Value)["ports"].AsList.Select(p => p.AsMap["nodePort"].AsInteger), Is.EqualTo(ports), "an update keeps allocated node ports");

        var lb = Spec(ssa.Apply(null, Yaml("{apiVersion: v1, kind: Service, metadata: {name: lb}, spec: {type: LoadBalancer, externalTrafficPolicy: Local, ports: [{port: 80}]}}"), "m").Value);
        Assert.That(lb["allocateLoadBalancerNodePorts"].AsBoolean, Is.True);
        Assert.That(lb["healthCheckNodePort"].AsInteger, Is.InRange(30000, 32767));
        Assert.That(lb["ports"].AsList[0].AsMap.ContainsKey("nodePort"), Is.True);

        var noPorts = Spec(ssa.Apply(null, Yaml("{apiVersion: v1, kind: Service, metadata: {name: lb2}, spec: {type: LoadBalancer, allocateLoadBalancerNodePorts: false, ports: [{port: 80}]}}"), "m").Value);
        Assert.That(noPorts["ports"].AsList[0].AsMap.ContainsKey("nodePort"), Is.False);
        Assert.That(noPorts.ContainsKey("healthCheckNodePort"), Is.False);

        var clientIP = Spec(ssa.Apply(null, Yaml("{apiVersion: v1, kind: Service, metadata: {name: sticky}, spec: {sessionAffinity: ClientIP, ports: [{port: 80}]}}"), "m").Value);
        Assert.That(clientIP["sessionAffinityConfig"].ToJson(), Is.EqualTo("""{"clientIP":{"timeoutSeconds":10800}}"""));
    }

    [Test]
    public void Bad_service_CIDRs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => _ = new ServiceClusterIPAllocator("10.96.0.0"));
        Assert.Throws<ArgumentException>(() => _ = new ServiceClusterIPAllocator("10.96.0.0/31"));
        Assert.Throws<ArgumentException>(() => _ = new ServiceClusterIPAllocator(_ => "x", "IPv5"));
    }

    [Test]
    public void An_update_to_NodePort_or_with_new_ports_allocates_their_node_ports_and_keeps_the_others()
    {
        var ssa = Create();
        var created = ssa.Apply(null, Yaml(Service), "gitops").Value;
        var ip = Spec(created)["clusterIP"].AsString;

        var nodePort = ssa.Apply(created, Yaml(Service.Replace("spec: {", "spec: {type: NodePort, ", StringComparison.Ordinal)), "gitops").Value;
        var first = Spec(nodePort)["ports"].AsList.Single().AsMap["nodePort"].AsInteger;
        Assert.That(first, Is.InRange(30000, 32767));
        Assert.That(Spec(nodePort)["clusterIP"].AsString, Is.EqualTo(ip), "the cluster IP is kept");

        var more = ssa.Apply(nodePort, Yaml(Service.Replace("spec: {", "spec: {type: NodePort, ", StringComparison.Ordinal)
            .Replace("targetPort: 8080}]", "targetPort: 8080}, {name: https, port: 443}]", StringComparison.Ordinal)), "gitops").Value;
        var ports = Spec(more)["ports"].AsList.Select(p => p.AsMap["nodePort"].AsInteger).ToList();
        Assert.That(ports[0], Is.EqualTo(first), "an allocated node port is kept");
        Assert.That(ports[1], Is.InRange(30000, 32767).And.Not.EqualTo(first));
    }
}
