using System.Collections.Frozen;
using GitOps.Ssa.Values;
using static GitOps.Kubernetes.Emulator.Http.Internal.TableFormat;
using static GitOps.Kubernetes.Emulator.Store.Internal.Obj;

namespace GitOps.Kubernetes.Emulator.Http.Internal;

/// <summary>One column of a <c>meta.k8s.io/v1 Table</c>.</summary>
internal sealed record TableColumn(string Name, string Type, int Priority = 0, string Format = "", string Description = "");

/// <summary>The columns of a kind and the function that writes one object's cells (always the wide set, as the server does).</summary>
internal sealed record TablePrinter(IReadOnlyList<TableColumn> Columns, Func<SsaValue, DateTimeOffset, SsaValue[]> Row);

/// <summary>
/// The built-in kinds' table printers of kube-apiserver 1.36 (<c>pkg/printers/internalversion/printers.go</c>):
/// the same column names, types and priorities, and cells computed the same way from the stored object.
/// Column descriptions are the printers' literal ones; those the printers take from the API's field
/// documentation are left empty (the embedded schema carries no descriptions).
/// </summary>
internal static class TablePrinters
{
    public const string NameDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    public const string AgeDescription = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    private const string ContainersDescription = "Names of each container in the template.";
    private const string ImagesDescription = "Images referenced by each container in the template.";

    private static readonly TableColumn NameColumn = new("Name", "string", Format: "name", Description: NameDescription);
    private static readonly TableColumn AgeColumn = new("Age", "string", Description: AgeDescription);
    private static readonly TableColumn ContainersColumn = new("Containers", "string", 1, Description: ContainersDescription);
    private static readonly TableColumn ImagesColumn = new("Images", "string", 1, Description: ImagesDescription);
    private static readonly TableColumn SelectorColumn = new("Selector", "string", 1);

    /// <summary>The default convertor's columns (<c>rest.NewDefaultTableConvertor</c>): Name and Created At.</summary>
    public static TablePrinter Default { get; } = new(
        [NameColumn, new("Created At", "date", Description: AgeDescription)],
        (o, _) => [S(Name(o)), S(ParseTime(Meta(o, "creationTimestamp"))?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "0001-01-01T00:00:00Z")]);

    private static readonly FrozenDictionary<string, TablePrinter> ByKind = new Dictionary<string, TablePrinter>(StringComparer.Ordinal)
    {
        [":Pod"] = new(
            [NameColumn, new("Ready", "string", Description: "The aggregate readiness state of this pod for accepting traffic."),
                new("Status", "string", Description: "The aggregate status of the containers in this pod."),
                new("Restarts", "string", Description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
                AgeColumn, new("IP", "string", 1), new("Node", "string", 1), new("Nominated Node", "string", 1), new("Readiness Gates", "string", 1)],
            PodRow.Cells),
        [":PodTemplate"] = new(
            [NameColumn, new("Containers", "string", Description: ContainersDescription), new("Images", "string", Description: ImagesDescription), new("Pod Labels", "string", Description: "The labels for the pod template.")],
            (o, _) =>
            {
                var (names, images) = Containers(Path(o, "template.spec"));
                return [S(Name(o)), S(names), S(images), S(Labels(Path(o, "template.metadata.labels")))];
            }),
        [":ReplicationController"] = new(
            [NameColumn, new("Desired", "integer"), new("Current", "integer"), new("Ready", "integer"), AgeColumn, ContainersColumn, ImagesColumn, SelectorColumn],
            (o, now) =>
            {
                var (names, images) = Containers(Path(o, "spec.template.spec"));
                return [S(Name(o)), I(Path(o, "spec.replicas")), I(Path(o, "status.replicas")), I(Path(o, "status.readyReplicas")), Age(o, now), S(names), S(images), S(Labels(Path(o, "spec.selector")))];
            }),
        [":Service"] = new(
            [NameColumn, new("Type", "string"), new("Cluster-IP", "string"), new("External-IP", "string"), new("Port(s)", "string"), AgeColumn, SelectorColumn],
            (o, now) =>
            {
                var clusterIPs = Items(Path(o, "spec.clusterIPs"));
                var ports = string.Join(',', Items(Path(o, "spec.ports")).Select(p =>
                    Int(Get(p, "nodePort")) > 0
                        ? Text(Get(p, "port")) + ":" + Text(Get(p, "nodePort")) + "/" + Text(Get(p, "protocol"))
                        : Text(Get(p, "port")) + "/" + Text(Get(p, "protocol"))));
                return [S(Name(o)), S(Text(Path(o, "spec.type"))), S(clusterIPs.Count > 0 ? Text(clusterIPs[0]) : None), S(ServiceExternalIP(o)),
                    S(ports.Length == 0 ? None : ports), Age(o, now), S(Labels(Path(o, "spec.selector")))];
            }),
        [":Endpoints"] = new([NameColumn, new("Endpoints", "string"), AgeColumn], (o, now) => [S(Name(o)), S(Endpoints(o)), Age(o, now)]),
        [":Node"] = new(
            [NameColumn, new("Status", "string", Description: "The status of the node"), new("Roles", "string", Description: "The roles of the node"), AgeColumn, new("Version", "string"),
                new("Internal-IP", "string", 1), new("External-IP", "string", 1), new("OS-Image", "string", 1), new("Kernel-Version", "string", 1), new("Container-Runtime", "string", 1)],
            NodeRow),
        [":Event"] = new(
            [new("Last Seen", "string"), new("Type", "string"), new("Reason", "string"), new("Object", "string"), new("Subobject", "string", 1), new("Source", "string", 1),
                new("Message", "string"), new("First Seen", "string", 1), new("Count", "string", 1), new("Name", "string", 1, Format: "name", Description: NameDescription)],
            EventRow),
        [":Namespace"] = new(
            [NameColumn, new("Status", "string", Description: "The status of the namespace"), AgeColumn],
            (o, now) => [S(Name(o)), S(Text(Path(o, "status.phase"))), Age(o, now)]),
        [":Secret"] = new(
            [NameColumn, new("Type", "string"), new("Data", "string"), AgeColumn],
            (o, now) => [S(Name(o)), S(Text(Get(o, "type"))), N(Entries(Get(o, "data")).Count), Age(o, now)]),
        [":ServiceAccount"] = new(
            [NameColumn, new("Secrets", "string"), AgeColumn],
            (o, now) => [S(Name(o)), N(Items(Get(o, "secrets")).Count), Age(o, now)]),
        [":PersistentVolume"] = new(
            [NameColumn, new("Capacity", "string"), new("Access Modes", "string"), new("Reclaim Policy", "string"), new("Status", "string"), new("Claim", "string"),
                new("StorageClass", "string", Description: "StorageClass of the pv"), new("VolumeAttributesClass", "string", Description: "VolumeAttributesClass of the pv"),
                new("Reason", "string"), AgeColumn, new("VolumeMode", "string", 1)],
            (o, now) =>
            {
                var claim = Path(o, "spec.claimRef") is { IsMap: true } c ? Text(Get(c, "namespace")) + "/" + Text(Get(c, "name")) : string.Empty;
                var phase = Meta(o, "deletionTimestamp") is not null ? "Terminating" : Text(Path(o, "status.phase"));
                return [S(Name(o)), S(Text(Path(o, "spec.capacity.storage")) is { Length: > 0 } q ? q : "0"), S(AccessModes(Path(o, "spec.accessModes"))),
                    S(Text(Path(o, "spec.persistentVolumeReclaimPolicy"))), S(phase), S(claim), S(StorageClassOf(o)),
                    S(Path(o, "spec.volumeAttributesClassName") is { } vac ? Text(vac) : "<unset>"), S(Text(Path(o, "status.reason"))), Age(o, now),
                    S(Path(o, "spec.volumeMode") is { } mode ? Text(mode) : "<unset>")];
            }),
        [":PersistentVolumeClaim"] = new(
            [NameColumn, new("Status", "string"), new("Volume", "string"), new("Capacity", "string"), new("Access Modes", "string"),
                new("StorageClass", "string", Description: "StorageClass of the pvc"), new("VolumeAttributesClass", "string", Description: "VolumeAttributesClass of the pvc"),
                AgeColumn, new("VolumeMode", "string", 1)],
            (o, now) =>
            {
                var phase = Meta(o, "deletionTimestamp") is not null ? "Terminating" : Text(Path(o, "status.phase"));
                var volume = Text(Path(o, "spec.volumeName"));
                var bound = volume.Length > 0;
                return [S(Name(o)), S(phase), S(volume), S(bound ? Text(Path(o, "status.capacity.storage")) is { Length: > 0 } q ? q : "0" : string.Empty),
                    S(bound ? AccessModes(Path(o, "status.accessModes")) : string.Empty), S(StorageClassOf(o)),
                    S(Path(o, "spec.volumeAttributesClassName") is { } vac ? Text(vac) : "<unset>"), Age(o, now),
                    S(Path(o, "spec.volumeMode") is { } mode ? Text(mode) : "<unset>")];
            }),
        [":ConfigMap"] = new(
            [NameColumn, new("Data", "string"), AgeColumn],
            (o, now) => [S(Name(o)), N(Entries(Get(o, "data")).Count + Entries(Get(o, "binaryData")).Count), Age(o, now)]),
        [":ResourceQuota"] = new(
            [NameColumn, new("Request", "string", Description: "Request represents a minimum amount of cpu/memory that a container may consume."),
                new("Limit", "string", Description: "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."), AgeColumn],
            ResourceQuotaRow),
        ["apps:Deployment"] = new(
            [NameColumn, new("Ready", "string", Description: "Number of the pod with ready state"), new("Up-to-date", "string"), new("Available", "string"), AgeColumn, ContainersColumn, ImagesColumn, SelectorColumn],
            (o, now) =>
            {
                var (names, images) = Containers(Path(o, "spec.template.spec"));
                return [S(Name(o)), S(Int(Path(o, "status.readyReplicas")) + "/" + Int(Path(o, "spec.replicas"))), I(Path(o, "status.updatedReplicas")), I(Path(o, "status.availableReplicas")),
                    Age(o, now), S(names), S(images), S(Selector(Path(o, "spec.selector")))];
            }),
        ["apps:ReplicaSet"] = new(
            [NameColumn, new("Desired", "integer"), new("Current", "integer"), new("Ready", "integer"), AgeColumn, ContainersColumn, ImagesColumn, SelectorColumn],
            (o, now) =>
            {
                var (names, images) = Containers(Path(o, "spec.template.spec"));
                return [S(Name(o)), I(Path(o, "spec.replicas")), I(Path(o, "status.replicas")), I(Path(o, "status.readyReplicas")), Age(o, now), S(names), S(images), S(FormatSelector(Path(o, "spec.selector")))];
            }),
        ["apps:StatefulSet"] = new(
            [NameColumn, new("Ready", "string", Description: "Number of the pod with ready state"), AgeColumn, ContainersColumn, ImagesColumn],
            (o, now) =>
            {
                var (names, images) = Containers(Path(o, "spec.template.spec"));
                return [S(Name(o)), S(Int(Path(o, "status.readyReplicas")) + "/" + Int(Path(o, "spec.replicas"))), Age(o, now), S(names), S(images)];
            }),
        ["apps:DaemonSet"] = new(
            [NameColumn, new("Desired", "integer"), new("Current", "integer"), new("Ready", "integer"), new("Up-to-date", "integer"), new("Available", "integer"),
                new("Node Selector", "string"), AgeColumn, ContainersColumn, ImagesColumn, SelectorColumn],
            (o, now) =>
            {
                var (names, images) = Containers(Path(o, "spec.template.spec"));
                return [S(Name(o)), I(Path(o, "status.desiredNumberScheduled")), I(Path(o, "status.currentNumberScheduled")), I(Path(o, "status.numberReady")),
                    I(Path(o, "status.updatedNumberScheduled")), I(Path(o, "status.numberAvailable")), S(Labels(Path(o, "spec.template.spec.nodeSelector"))), Age(o, now),
                    S(names), S(images), S(FormatSelector(Path(o, "spec.selector")))];
            }),
        ["apps:ControllerRevision"] = new(
            [NameColumn, new("Controller", "string", Description: "Controller of the object"), new("Revision", "string"), AgeColumn],
            (o, now) =>
            {
                var owner = Items(Meta(o, "ownerReferences")).FirstOrDefault(r => Get(r, "controller") is { Kind: SsaValueKind.Boolean } c && c.AsBoolean);
                var controller = owner is null ? None : ControllerName(owner);
                return [S(Name(o)), S(controller), I(Get(o, "revision")), Age(o, now)];
            }),
        ["batch:Job"] = new(
            [NameColumn, new("Status", "string", Description: "Status of the job."), new("Completions", "string"), new("Duration", "string", Description: "Time required to complete the job."),
                AgeColumn, ContainersColumn, ImagesColumn, SelectorColumn],
            JobRow),
        ["batch:CronJob"] = new(
            [NameColumn, new("Schedule", "string"), new("Timezone", "string"), new("Suspend", "boolean"), new("Active", "integer"), new("Last Schedule", "string"), AgeColumn,
                ContainersColumn, ImagesColumn, SelectorColumn],
            (o, now) =>
            {
                var (names, images) = Containers(Path(o, "spec.jobTemplate.spec.template.spec"));
                var last = Path(o, "status.lastScheduleTime") is { } t ? Since(t, now) : None;
                return [S(Name(o)), S(Text(Path(o, "spec.schedule"))), S(Path(o, "spec.timeZone") is { Kind: SsaValueKind.String } tz ? tz.AsString : None),
                    S(Path(o, "spec.suspend") is { Kind: SsaValueKind.Boolean } b ? (b.AsBoolean ? "True" : "False") : "<unset>"), N(Items(Path(o, "status.active")).Count),
                    S(last), Age(o, now), S(names), S(images), S(FormatSelector(Path(o, "spec.jobTemplate.spec.selector")))];
            }),
        ["autoscaling:HorizontalPodAutoscaler"] = new(
            [NameColumn, new("Reference", "string"), new("Targets", "string"), new("MinPods", "string"), new("MaxPods", "string"), new("Replicas", "string"), AgeColumn],
            (o, now) => [S(Name(o)), S(Text(Path(o, "spec.scaleTargetRef.kind")) + "/" + Text(Path(o, "spec.scaleTargetRef.name"))), S(HpaMetrics.Format(o)),
                S(Path(o, "spec.minReplicas") is { } min ? Text(min) : "<unset>"), I(Path(o, "spec.maxReplicas")), I(Path(o, "status.currentReplicas")), Age(o, now)]),
        ["networking.k8s.io:Ingress"] = new(
            [NameColumn, new("Class", "string", Description: "The name of the IngressClass resource that should be used for additional configuration"),
                new("Hosts", "string", Description: "Hosts that incoming requests are matched against before the ingress rule"),
                new("Address", "string", Description: "Address is a list containing ingress points for the load-balancer"),
                new("Ports", "string", Description: "Ports of TLS configurations that open"), AgeColumn],
            (o, now) => [S(Name(o)), S(Path(o, "spec.ingressClassName") is { Kind: SsaValueKind.String } c ? c.AsString : None), S(IngressHosts(o)),
                S(LoadBalancer(Path(o, "status.loadBalancer"))), S(Items(Path(o, "spec.tls")).Count > 0 ? "80, 443" : "80"), Age(o, now)]),
        ["networking.k8s.io:IngressClass"] = new(
            [NameColumn, new("Controller", "string", Description: "Controller that is responsible for handling this class"),
                new("Parameters", "string", Description: "A reference to a resource with additional parameters"), AgeColumn],
            (o, now) =>
            {
                var parameters = Path(o, "spec.parameters") is { IsMap: true } p
                    ? Text(Get(p, "kind")) + (Get(p, "apiGroup") is { } g ? "." + Text(g) : string.Empty) + "/" + Text(Get(p, "name"))
                    : None;
                return [S(Name(o)), S(Text(Path(o, "spec.controller"))), S(parameters), Age(o, now)];
            }),
        ["networking.k8s.io:NetworkPolicy"] = new(
            [NameColumn, new("Pod-Selector", "string"), AgeColumn],
            (o, now) => [S(Name(o)), S(FormatSelector(Path(o, "spec.podSelector"))), Age(o, now)]),
        ["policy:PodDisruptionBudget"] = new(
            [NameColumn, new("Min Available", "string", Description: "The minimum number of pods that must be available."),
                new("Max Unavailable", "string", Description: "The maximum number of pods that may be unavailable."),
                new("Allowed Disruptions", "integer", Description: "Calculated number of pods that may be disrupted at this time."), AgeColumn],
            (o, now) => [S(Name(o)), S(Path(o, "spec.minAvailable") is { } min ? IntOrString(min) : "N/A"), S(Path(o, "spec.maxUnavailable") is { } max ? IntOrString(max) : "N/A"),
                I(Path(o, "status.disruptionsAllowed")), Age(o, now)]),
        ["rbac.authorization.k8s.io:RoleBinding"] = BindingPrinter("roleBinding"),
        ["rbac.authorization.k8s.io:ClusterRoleBinding"] = BindingPrinter("clusterRoleBinding"),
        ["storage.k8s.io:StorageClass"] = new(
            [NameColumn, new("Provisioner", "string"), new("ReclaimPolicy", "string"), new("VolumeBindingMode", "string"), new("AllowVolumeExpansion", "string"), AgeColumn],
            (o, now) =>
            {
                var annotations = Meta(o, "annotations");
                var isDefault = GetString(annotations, "storageclass.kubernetes.io/is-default-class") == "true"
                    || GetString(annotations, "storageclass.beta.kubernetes.io/is-default-class") == "true";
                return [S(Name(o) + (isDefault ? " (default)" : string.Empty)), S(Text(Get(o, "provisioner"))), S(Get(o, "reclaimPolicy") is { } r ? Text(r) : "Delete"),
                    S(Get(o, "volumeBindingMode") is { } m ? Text(m) : "Immediate"), SsaValue.FromBoolean(Get(o, "allowVolumeExpansion") is { Kind: SsaValueKind.Boolean } e && e.AsBoolean), Age(o, now)];
            }),
        ["scheduling.k8s.io:PriorityClass"] = new(
            [NameColumn, new("Value", "integer"), new("Global-Default", "boolean"), AgeColumn, new("PreemptionPolicy", "string")],
            (o, now) => [S(Name(o)), I(Get(o, "value")), SsaValue.FromBoolean(Get(o, "globalDefault") is { Kind: SsaValueKind.Boolean } g && g.AsBoolean), Age(o, now), S(Text(Get(o, "preemptionPolicy")))]),
        ["coordination.k8s.io:Lease"] = new(
            [NameColumn, new("Holder", "string"), AgeColumn],
            (o, now) => [S(Name(o)), S(Text(Path(o, "spec.holderIdentity"))), Age(o, now)]),
        ["node.k8s.io:RuntimeClass"] = new(
            [NameColumn, new("Handler", "string"), AgeColumn],
            (o, now) => [S(Name(o)), S(Text(Get(o, "handler"))), Age(o, now)]),
        ["admissionregistration.k8s.io:MutatingWebhookConfiguration"] = WebhookPrinter(),
        ["admissionregistration.k8s.io:ValidatingWebhookConfiguration"] = WebhookPrinter(),
        ["discovery.k8s.io:EndpointSlice"] = new(
            [NameColumn, new("AddressType", "string"), new("Ports", "string"), new("Endpoints", "string"), AgeColumn],
            (o, now) =>
            {
                var ports = Items(Get(o, "ports")).Select(p => Get(p, "port") is { } n ? Text(n) : Get(p, "name") is { } name ? Text(name) : "*").ToList();
                var addresses = Items(Get(o, "endpoints")).SelectMany(e => Items(Get(e, "addresses"))).Select(Text).ToList();
                return [S(Name(o)), S(Text(Get(o, "addressType"))), S(ListWithMore(ports, 3)), S(ListWithMore(addresses, 3)), Age(o, now)];
            }),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The printer of a built-in kind, or the default Name/Created At convertor for kinds the server prints no columns for.</summary>
    public static TablePrinter For(string group, string kind) => ByKind.GetValueOrDefault(group + ":" + kind) ?? Default;

    internal static SsaValue S(string value) => SsaValue.FromString(value);

    internal static SsaValue N(long value) => SsaValue.FromInt64(value);

    internal static SsaValue I(SsaValue? value) => SsaValue.FromInt64(Int(value));

    internal static string Name(SsaValue o) => MetaString(o, "name") ?? string.Empty;

    internal static SsaValue Age(SsaValue o, DateTimeOffset now) => S(Since(Meta(o, "creationTimestamp"), now));

    private static TablePrinter BindingPrinter(string what) => new(
        [NameColumn, new("Role", "string"), AgeColumn, new("Users", "string", 1, Description: "Users in the " + what),
            new("Groups", "string", 1, Description: "Groups in the " + what), new("ServiceAccounts", "string", 1, Description: "ServiceAccounts in the " + what)],
        (o, now) =>
        {
            var subjects = Items(Get(o, "subjects"));
            string Join(string kind, Func<SsaValue, string> text) =>
                string.Join(", ", subjects.Where(s => GetString(s, "kind") == kind).Select(text));
            return [S(Name(o)), S(Text(Path(o, "roleRef.kind")) + "/" + Text(Path(o, "roleRef.name"))), Age(o, now),
                S(Join("User", s => Text(Get(s, "name")))), S(Join("Group", s => Text(Get(s, "name")))),
                S(Join("ServiceAccount", s => Text(Get(s, "namespace")) + ":" + Text(Get(s, "name"))))];
        });

    private static TablePrinter WebhookPrinter() => new(
        [NameColumn, new("Webhooks", "integer", Description: "Webhooks indicates the number of webhooks registered in this configuration"), AgeColumn],
        (o, now) => [S(Name(o)), N(Items(Get(o, "webhooks")).Count), Age(o, now)]);

    private static string ControllerName(SsaValue owner)
    {
        var apiVersion = Text(Get(owner, "apiVersion"));
        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
        var kind = Text(Get(owner, "kind"));
        var groupKind = group.Length == 0 ? kind : kind + "." + group;
        return groupKind.Length == 0 ? Text(Get(owner, "name")) : groupKind.ToLowerInvariant() + "/" + Text(Get(owner, "name"));
    }

    private static string StorageClassOf(SsaValue o) =>
        GetString(Meta(o, "annotations"), "volume.beta.kubernetes.io/storage-class") ?? Text(Path(o, "spec.storageClassName"));

    private static string ServiceExternalIP(SsaValue o)
    {
        var externalIPs = Items(Path(o, "spec.externalIPs")).Select(Text).ToList();
        switch (Text(Path(o, "spec.type")))
        {
            case "ClusterIP" or "NodePort":
                return externalIPs.Count > 0 ? string.Join(',', externalIPs) : None;
            case "LoadBalancer":
                var lb = LoadBalancer(Path(o, "status.loadBalancer"));
                if (externalIPs.Count > 0)
                {
                    return string.Join(',', (lb.Length > 0 ? lb.Split(',') : []).Concat(externalIPs));
                }

                return lb.Length > 0 ? lb : "<pending>";
            case "ExternalName":
                return Text(Path(o, "spec.externalName"));
            default:
                return "<unknown>";
        }
    }

    // The server prints wide, so the 16-character clip of narrow output never applies.
    private static string LoadBalancer(SsaValue? status) =>
        string.Join(',', Items(Get(status, "ingress"))
            .Select(i => GetString(i, "ip") is { Length: > 0 } ip ? ip : GetString(i, "hostname") is { Length: > 0 } host ? host : null)
            .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static string IngressHosts(SsaValue o)
    {
        var rules = Items(Path(o, "spec.rules"));
        var list = new List<string>();
        var more = false;
        foreach (var rule in rules)
        {
            if (list.Count == 3)
            {
                more = true;
            }

            if (!more && GetString(rule, "host") is { Length: > 0 } host)
            {
                list.Add(host);
            }
        }

        if (list.Count == 0)
        {
            return "*";
        }

        return more ? string.Join(',', list) + " + " + (rules.Count - 3) + " more..." : string.Join(',', list);
    }

    private static string Endpoints(SsaValue o)
    {
        var subsets = Items(Get(o, "subsets"));
        if (subsets.Count == 0)
        {
            return None;
        }

        var list = new List<string>();
        var count = 0;
        foreach (var subset in subsets)
        {
            var addresses = Items(Get(subset, "addresses")).Select(a => Text(Get(a, "ip"))).ToList();
            var ports = Items(Get(subset, "ports"));
            if (ports.Count == 0)
            {
                count += addresses.Count;
                list.AddRange(addresses.Take(3 - Math.Min(3, list.Count)));
                continue;
            }

            foreach (var port in ports)
            {
                count += addresses.Count;
                foreach (var ip in addresses)
                {
                    if (list.Count == 3)
                    {
                        break;
                    }

                    list.Add((ip.Contains(':', StringComparison.Ordinal) ? "[" + ip + "]" : ip) + ":" + Text(Get(port, "port")));
                }
            }
        }

        return count > 3 ? string.Join(',', list) + " + " + (count - 3) + " more..." : string.Join(',', list);
    }

    private static string ListWithMore(List<string> values, int max)
    {
        if (values.Count > max)
        {
            return string.Join(',', values.Take(max)) + " + " + (values.Count - max) + " more...";
        }

        return values.Count == 0 ? "<unset>" : string.Join(',', values);
    }

    private static SsaValue[] NodeRow(SsaValue o, DateTimeOffset now)
    {
        var status = new List<string>();
        if (Items(Path(o, "status.conditions")).LastOrDefault(c => GetString(c, "type") == "Ready") is { } ready)
        {
            status.Add(GetString(ready, "status") == "True" ? "Ready" : "NotReady");
        }

        if (status.Count == 0)
        {
            status.Add("Unknown");
        }

        if (Path(o, "spec.unschedulable") is { Kind: SsaValueKind.Boolean } u && u.AsBoolean)
        {
            status.Add("SchedulingDisabled");
        }

        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in Entries(Meta(o, "labels")))
        {
            if (key.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal) && key.Length > "node-role.kubernetes.io/".Length)
            {
                roles.Add(key["node-role.kubernetes.io/".Length..]);
            }
            else if (key == "kubernetes.io/role" && Text(value).Length > 0)
            {
                roles.Add(Text(value));
            }
        }

        string Address(string type) => Items(Path(o, "status.addresses")).FirstOrDefault(a => GetString(a, "type") == type) is { } a ? Text(Get(a, "address")) : None;
        string Info(string field) => Text(Path(o, "status.nodeInfo." + field)) is { Length: > 0 } v ? v : "<unknown>";
        return [S(Name(o)), S(string.Join(',', status)), S(roles.Count == 0 ? None : string.Join(',', roles)), Age(o, now), S(Text(Path(o, "status.nodeInfo.kubeletVersion"))),
            S(Address("InternalIP")), S(Address("ExternalIP")), S(Info("osImage")), S(Info("kernelVersion")), S(Info("containerRuntimeVersion"))];
    }

    private static SsaValue[] EventRow(SsaValue o, DateTimeOffset now)
    {
        var firstTimestamp = Get(o, "firstTimestamp") is { Kind: SsaValueKind.String } first ? Since(first, now) : Since(Get(o, "eventTime"), now);
        var lastTimestamp = Get(o, "lastTimestamp") is { Kind: SsaValueKind.String } last ? Since(last, now) : firstTimestamp;
        var count = Int(Get(o, "count"));
        if (Get(o, "series") is { IsMap: true } series)
        {
            lastTimestamp = Since(Get(series, "lastObservedTime"), now);
            count = Int(Get(series, "count"));
        }
        else if (count == 0)
        {
            count = 1;
        }

        var kind = Text(Path(o, "involvedObject.kind")).ToLowerInvariant();
        var target = Text(Path(o, "involvedObject.name")) is { Length: > 0 } n ? kind + "/" + n : kind;
        var component = Text(Path(o, "source.component")) is { Length: > 0 } c ? c : Text(Get(o, "reportingComponent"));
        var instance = Text(Path(o, "source.host")) is { Length: > 0 } h ? h : Text(Get(o, "reportingInstance"));
        return [S(lastTimestamp), S(Text(Get(o, "type"))), S(Text(Get(o, "reason"))), S(target), S(Text(Path(o, "involvedObject.fieldPath"))),
            S(instance.Length == 0 ? component : component + ", " + instance), S(Text(Get(o, "message")).Trim()), S(firstTimestamp), N(count), S(Name(o))];
    }

    private static SsaValue[] JobRow(SsaValue o, DateTimeOffset now)
    {
        var succeeded = Int(Path(o, "status.succeeded"));
        string completions;
        if (Path(o, "spec.completions") is { Kind: SsaValueKind.Integer } total)
        {
            completions = succeeded + "/" + total.AsInteger;
        }
        else
        {
            var parallelism = Int(Path(o, "spec.parallelism"));
            completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
        }

        var start = ParseTime(Path(o, "status.startTime"));
        var end = ParseTime(Path(o, "status.completionTime"));
        var duration = start is null ? string.Empty : HumanDuration((end ?? now) - start.Value);
        var conditions = Items(Path(o, "status.conditions"));
        bool Has(string type) => conditions.FirstOrDefault(c => GetString(c, "type") == type) is { } c && GetString(c, "status") == "True";
        var status = Has("Complete") ? "Complete"
            : Has("Failed") ? "Failed"
            : Meta(o, "deletionTimestamp") is not null ? "Terminating"
            : Has("Suspended") ? "Suspended"
            : Has("FailureTarget") ? "FailureTarget"
            : "Running";
        var (names, images) = Containers(Path(o, "spec.template.spec"));
        return [S(Name(o)), S(status), S(completions), S(duration), Age(o, now), S(names), S(images), S(FormatSelector(Path(o, "spec.selector")))];
    }

    private static SsaValue[] ResourceQuotaRow(SsaValue o, DateTimeOffset now)
    {
        var hard = Path(o, "status.hard");
        var used = Path(o, "status.used");
        var requests = new List<string>();
        var limits = new List<string>();
        foreach (var (resource, quantity) in Entries(hard).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var pieces = resource.Split('.');
            var text = resource + ": " + (Get(used, resource) is { } u ? Text(u) : "0") + "/" + Text(quantity);
            (pieces.Length > 1 && pieces[0] == "limits" ? limits : requests).Add(text);
        }

        return [S(Name(o)), S(string.Join(", ", requests)), S(string.Join(", ", limits)), Age(o, now)];
    }
}
