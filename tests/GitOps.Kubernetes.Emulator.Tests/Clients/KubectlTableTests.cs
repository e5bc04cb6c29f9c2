using System.Text;
using GitOps.Kubernetes.Emulator.Http;
using Microsoft.Extensions.Time.Testing;

namespace GitOps.Kubernetes.Emulator.Tests.Clients;

/// <summary>
/// The real kubectl's <c>get</c> (which asks for <c>meta.k8s.io/v1 Table</c>) against the emulator on a test clock:
/// the expected rows are what kube-apiserver 1.36's printers (<c>pkg/printers/internalversion/printers.go</c>) write for
/// the same objects, laid out as kubectl's tabwriter does (3 spaces of padding, columns at least 6 wide).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KubectlTableTests : KubectlFixture
{
    private const string Age = "3m20s";

    private const string Objects = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: tables}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: tables}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - {name: app, image: "nginx:1.27"}
              - {name: sidecar, image: "busybox:1.36"}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: tables}
        spec:
          replicas: 3
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              containers: [{name: postgres, image: "postgres:17"}]
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: tables}
        spec:
          selector:
            matchLabels: {app: agent}
            matchExpressions: [{key: tier, operator: In, values: [b, a]}]
          template:
            metadata: {labels: {app: agent, tier: a}}
            spec:
              nodeSelector: {disk: ssd}
              containers: [{name: agent, image: "agent:2"}]
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: rs, namespace: tables}
        spec:
          replicas: 1
          selector: {matchLabels: {app: rs}}
          template:
            metadata: {labels: {app: rs}}
            spec:
              containers: [{name: app, image: "nginx:1.27"}]
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly, namespace: tables}
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: backup, image: "backup:1"}]
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: once, namespace: tables}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: task, image: "task:1"}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: tables}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 8080}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: edge, namespace: tables}
        spec:
          type: NodePort
          selector: {app: web}
          ports: [{port: 443, nodePort: 30443, protocol: TCP}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: lb, namespace: tables}
        spec:
          type: LoadBalancer
          selector: {app: web}
          ports: [{port: 80, nodePort: 30080}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: ext, namespace: tables}
        spec: {type: ExternalName, externalName: db.example.com}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg, namespace: tables}
        data: {a: "1", b: "2"}
        binaryData: {c: AA==}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: creds, namespace: tables}
        type: kubernetes.io/basic-auth
        stringData: {username: admin, password: s3cret}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: bot, namespace: tables}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data, namespace: tables}
        spec:
          accessModes: [ReadWriteOnce]
          storageClassName: standard
          resources: {requests: {storage: 1Gi}}
        ---
        apiVersion: v1
        kind: PersistentVolume
        metadata: {name: pv1}
        spec:
          capacity: {storage: 5Gi}
          accessModes: [ReadWriteMany, ReadWriteOnce]
          persistentVolumeReclaimPolicy: Retain
          storageClassName: slow
          hostPath: {path: /data}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: reader, namespace: tables}
        rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: read, namespace: tables}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
        subjects:
        - {kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}
        - {kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}
        - {kind: ServiceAccount, name: bot, namespace: tables}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: site, namespace: tables}
        spec:
          ingressClassName: nginx
          tls: [{hosts: [a.example.com]}]
          rules:
          - host: a.example.com
            http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
          - host: b.example.com
            http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: tables}
        spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: web, namespace: tables}
        spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web, namespace: tables}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          maxReplicas: 5
          metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}]
        ---
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata:
          name: fast
          annotations: {storageclass.kubernetes.io/is-default-class: "true"}
        provisioner: example.com/fast
        allowVolumeExpansion: true
        ---
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata: {name: high}
        value: 1000
        ---
        apiVersion: coordination.k8s.io/v1
        kind: Lease
        metadata: {name: leader, namespace: tables}
        spec: {holderIdentity: node-a}
        ---
        apiVersion: v1
        kind: LimitRange
        metadata: {name: limits, namespace: tables}
        spec: {limits: [{type: Container, default: {cpu: 500m}}]}
        ---
        apiVersion: v1
        kind: Endpoints
        metadata: {name: manual, namespace: tables}
        subsets:
        - addresses: [{ip: 10.0.0.1}, {ip: 10.0.0.2}]
          ports: [{port: 80}, {port: 443}]
        ---
        apiVersion: v1
        kind: Node
        metadata:
          name: node-a
          labels: {node-role.kubernetes.io/control-plane: ""}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            additionalPrinterColumns:
            - {name: Size, type: integer, jsonPath: .spec.size}
            - {name: Color, type: string, jsonPath: .spec.color, priority: 1}
            - {name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status'}
            - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: gadgets.example.com}
        spec:
          group: example.com
          names: {kind: Gadget, plural: gadgets, singular: gadget, listKind: GadgetList}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """;

    private const string CustomObjects = """
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: big, namespace: tables}
        spec: {size: 7, color: blue}
        status:
          conditions: [{type: Synced, status: "False"}, {type: Ready, status: "True"}]
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: small, namespace: tables}
        spec: {size: 1}
        ---
        apiVersion: example.com/v1
        kind: Gadget
        metadata: {name: g, namespace: tables}
        """;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));

    protected override KubernetesEmulatorOptions CreateOptions()
    {
        var options = new KubernetesEmulatorOptions();
        options.Store.TimeProvider = _clock;
        return options;
    }

    // Runs after the base fixture has started the emulator.
    [OneTimeSetUp]
    public void ApplyObjects()
    {
        Kubectl("apply", "--server-side", "-f", Work.WriteFile("objects.yaml", Objects));
        Kubectl("wait", "--for=condition=Established", "crd/widgets.example.com", "crd/gadgets.example.com", "--timeout=30s");
        Kubectl("apply", "--server-side", "-f", Work.WriteFile("custom.yaml", CustomObjects));
        _clock.Advance(TimeSpan.FromSeconds(200));
    }

    [Test]
    public void Deployments_print_ready_up_to_date_available_and_age()
    {
        Assert.That(Get("deployment", "web"), Is.EqualTo(Layout(
            ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            ["web", "0/2", "0", "0", Age])));
        Assert.That(Get("deployment", "web", "-o", "wide"), Is.EqualTo(Layout(
            ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"],
            ["web", "0/2", "0", "0", Age, "app,sidecar", "nginx:1.27,busybox:1.36", "app=web"])));
    }

    [Test]
    public void Workload_controllers_print_their_replica_counts_and_selectors()
    {
        Assert.That(Get("statefulset", "db", "-o", "wide"), Is.EqualTo(Layout(
            ["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"],
            ["db", "0/3", Age, "postgres", "postgres:17"])));
        Assert.That(Get("daemonset", "agent", "-o", "wide"), Is.EqualTo(Layout(
            ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"],
            ["agent", "0", "0", "0", "0", "0", "disk=ssd", Age, "agent", "agent:2", "app=agent,tier in (a,b)"])));
        Assert.That(Get("replicaset", "rs", "-o", "wide"), Is.EqualTo(Layout(
            ["NAME", "DESIRED", "CURRENT", "READY", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"],
            ["rs", "1", "0", "0", Age, "app", "nginx:1.27", "app=rs"])));
        Assert.That(Get("cronjob", "nightly", "-o", "wide"), Is.EqualTo(Layout(
            ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"],
            ["nightly", "0 3 * * *", "<none>", "False", "0", "<none>", Age, "backup", "backup:1", "<none>"])));
        Assert.That(Get("job", "once"), Is.EqualTo(Layout(
            ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
            ["once", "Running", "0/1", string.Empty, Age])));
    }

    [Test]
    public void Services_print_type_cluster_ip_external_ip_and_ports()
    {
        var web = Kubectl("get", "service", "web", "-n", "tables", "-o", "jsonpath={.spec.clusterIP}");
        var edge = Kubectl("get", "service", "edge", "-n", "tables", "-o", "jsonpath={.spec.clusterIP}");
        var lb = Kubectl("get", "service", "lb", "-n", "tables", "-o", "jsonpath={.spec.clusterIP}");

        Assert.That(Get("service", "web", "edge", "lb", "ext", "-o", "wide"), Is.EqualTo(Layout(
            ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"],
            ["web", "ClusterIP", web, "<none>", "80/TCP", Age, "app=web"],
            ["edge", "NodePort", edge, "<none>", "443:30443/TCP", Age, "app=web"],
            ["lb", "LoadBalancer", lb, "<pending>", "80:30080/TCP", Age, "app=web"],
            ["ext", "ExternalName", "<none>", "db.example.com", "<none>", Age, "<none>"])));
    }

    [Test]
    public void Config_kinds_print_their_data_counts()
    {
        Assert.That(Get("configmap", "cfg"), Is.EqualTo(Layout(["NAME", "DATA", "AGE"], ["cfg", "3", Age])));
        Assert.That(Get("secret", "creds"), Is.EqualTo(Layout(["NAME", "TYPE", "DATA", "AGE"], ["creds", "kubernetes.io/basic-auth", "2", Age])));
        Assert.That(Get("serviceaccount", "bot"), Is.EqualTo(Layout(["NAME", "SECRETS", "AGE"], ["bot", "0", Age])));
        Assert.That(Get("lease", "leader"), Is.EqualTo(Layout(["NAME", "HOLDER", "AGE"], ["leader", "node-a", Age])));
        Assert.That(Get("endpoints", "manual"), Is.EqualTo(Layout(["NAME", "ENDPOINTS", "AGE"], ["manual", "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...", Age])));
    }

    [Test]
    public void Storage_kinds_print_capacity_access_modes_and_classes()
    {
        Assert.That(Get("pvc", "data", "-o", "wide"), Is.EqualTo(Layout(
            ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE", "VOLUMEMODE"],
            ["data", "Pending", string.Empty, string.Empty, string.Empty, "standard", "<unset>", Age, "Filesystem"])));
        Assert.That(Get("pv", "pv1"), Is.EqualTo(Layout(
            ["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"],
            ["pv1", "5Gi", "RWO,RWX", "Retain", "Pending", string.Empty, "slow", "<unset>", string.Empty, Age])));
        Assert.That(Get("storageclass", "fast"), Is.EqualTo(Layout(
            ["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"],
            ["fast (default)", "example.com/fast", "Delete", "Immediate", "true", Age])));
    }

    [Test]
    public void Rbac_bindings_print_the_role_and_wide_subjects_while_roles_get_the_default_created_at_table()
    {
        Assert.That(Get("rolebinding", "read", "-o", "wide"), Is.EqualTo(Layout(
            ["NAME", "ROLE", "AGE", "USERS", "GROUPS", "SERVICEACCOUNTS"],
            ["read", "Role/reader", Age, "jane", "devs", "tables:bot"])));
        Assert.That(Get("role", "reader"), Is.EqualTo(Layout(["NAME", "CREATED AT"], ["reader", "2026-03-04T05:06:07Z"])));
        Assert.That(Get("limitrange", "limits"), Is.EqualTo(Layout(["NAME", "CREATED AT"], ["limits", "2026-03-04T05:06:07Z"])));
        Assert.That(Get("crd", "widgets.example.com"), Is.EqualTo(Layout(["NAME", "CREATED AT"], ["widgets.example.com", "2026-03-04T05:06:07Z"])));
    }

    [Test]
    public void Networking_and_policy_kinds_print_their_columns()
    {
        Assert.That(Get("ingress", "site"), Is.EqualTo(Layout(
            ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"],
            ["site", "nginx", "a.example.com,b.example.com", string.Empty, "80, 443", Age])));
        Assert.That(Get("networkpolicy", "deny"), Is.EqualTo(Layout(["NAME", "POD-SELECTOR", "AGE"], ["deny", "app=web", Age])));
        Assert.That(Get("pdb", "web"), Is.EqualTo(Layout(
            ["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"],
            ["web", "1", "N/A", "0", Age])));
        Assert.That(Get("hpa", "web"), Is.EqualTo(Layout(
            ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"],
            ["web", "Deployment/web", "cpu: <unknown>/80%", "1", "5", "0", Age])));
        Assert.That(Get("priorityclass", "high", "-o", "wide"), Is.EqualTo(Layout(
            ["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"],
            ["high", "1000", "false", Age, "PreemptLowerPriority"])));
    }

    [Test]
    public void Cluster_kinds_print_namespace_phase_and_node_roles()
    {
        Assert.That(Get("namespace", "tables"), Is.EqualTo(Layout(["NAME", "STATUS", "AGE"], ["tables", "Active", Age])));
        Assert.That(Get("node", "node-a", "-o", "wide"), Is.EqualTo(Layout(
            ["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
            ["node-a", "Unknown", "control-plane", Age, string.Empty, "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"])));
    }

    [Test]
    public void Custom_resources_print_the_crd_printer_columns_or_name_and_age()
    {
        Assert.That(Get("widgets"), Is.EqualTo(Layout(
            ["NAME", "SIZE", "READY", "AGE"],
            ["big", "7", "True", Age],
            ["small", "1", string.Empty, Age])));
        Assert.That(Get("widget", "big", "-o", "wide"), Is.EqualTo(Layout(
            ["NAME", "SIZE", "COLOR", "READY", "AGE"],
            ["big", "7", "blue", "True", Age])));
        Assert.That(Get("gadgets"), Is.EqualTo(Layout(["NAME", "AGE"], ["g", Age])));
    }

    [Test]
    public void Lists_with_several_kinds_print_one_table_per_kind_with_the_kind_in_the_name()
    {
        var output = Get("deployment/web", "statefulset/db");

        Assert.That(output, Is.EqualTo(
            Layout(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], ["deployment.apps/web", "0/2", "0", "0", Age])
            + "\n"
            + Layout(["NAME", "READY", "AGE"], ["statefulset.apps/db", "0/3", Age])));
    }

    // Go's text/tabwriter as kubectl configures it: every cell but the last of a line is padded to its column's widest cell plus 3, at least 6.
    private static string Layout(params string[][] rows)
    {
        var widths = new int[rows.Max(r => r.Length)];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length - 1; i++)
            {
                widths[i] = Math.Max(widths[i], Math.Max(row[i].Length + 3, 6));
            }
        }

        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length - 1; i++)
            {
                text.Append(row[i].PadRight(widths[i]));
            }

            text.Append(row[^1]).Append('\n');
        }

        return text.ToString();
    }

    private string Get(params string[] arguments) => Kubectl(["get", .. arguments, "-n", "tables"]);
}
