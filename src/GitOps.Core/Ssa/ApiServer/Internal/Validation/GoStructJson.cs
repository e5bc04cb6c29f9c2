using System.Text;
using GitOps.GoFormat.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.ApiServer.Internal.Validation;

/// <summary>
/// Some validation messages of kube-apiserver quote a whole value of the server's internal types as
/// Go's <c>encoding/json</c> writes it: the internal structs carry no json tags, so every field appears
/// under its Go name in declaration order, nil pointers, slices and maps as <c>null</c>, strings, bools and
/// numbers as their zero values when unset, embedded structs inline, map keys sorted, a quantity as its
/// canonical string (field.Invalid of a struct value, and the spec diffs of Pod and PVC updates). This
/// renders a decoded v1 value as its internal type would be written. The layouts below are the Kubernetes
/// 1.36 internal types that such messages reach (Pod spec, containers, volumes, PVC spec); a value of a
/// type not listed falls back to its fields in the order given, with Go-style names.
/// </summary>
internal static class GoStructJson
{
    // "Type: Field type; ..." with field "GoName" or "GoName=jsonName"; a leading ^ reads the parent map
    // (the internal PodSecurityContext holds the v1 PodSpec's host* fields). Types: string, bool, int,
    // qty (resource.Quantity), *T (nil when unset), []T, map[T], &T (a pointer conversion always sets),
    // ~T (embedded: inline, same map), meta (metav1.ObjectMeta: json tags, omitempty), any (not listed).
    private const string Layouts = """
        PodTemplateSpec: -=metadata meta; Spec PodSpec
        PodSpec: Volumes []Volume; InitContainers []Container; Containers []Container; EphemeralContainers []any; RestartPolicy string; TerminationGracePeriodSeconds *int; ActiveDeadlineSeconds *int; DNSPolicy string; NodeSelector map[string]; ServiceAccountName string; AutomountServiceAccountToken *bool; NodeName string; SecurityContext &PodSecurityContext; ImagePullSecrets []LocalObjectReference; Hostname string; Subdomain string; SetHostnameAsFQDN *bool; Affinity *any; SchedulerName string; Tolerations []Toleration; HostAliases []any; PriorityClassName string; Priority *int; PreemptionPolicy *string; DNSConfig *any; ReadinessGates []any; RuntimeClassName *string; Overhead map[qty]; EnableServiceLinks *bool; TopologySpreadConstraints []any; OS *any; SchedulingGates []any; ResourceClaims []any; Resources *ResourceRequirements; HostnameOverride *string; SchedulingGroup *any
        PodSecurityContext: ^HostNetwork bool; ^HostPID bool; ^HostIPC bool; ^ShareProcessNamespace *bool; ^HostUsers *bool; SELinuxOptions *any; WindowsOptions *any; RunAsUser *int; RunAsGroup *int; RunAsNonRoot *bool; SupplementalGroups []int; SupplementalGroupsPolicy *string; FSGroup *int; FSGroupChangePolicy *string; Sysctls []Sysctl; SeccompProfile *SeccompProfile; AppArmorProfile *SeccompProfile; SELinuxChangePolicy *string
        Sysctl: Name string; Value string
        SeccompProfile: Type string; LocalhostProfile *string
        Container: Name string; Image string; Command []string; Args []string; WorkingDir string; Ports []ContainerPort; EnvFrom []EnvFromSource; Env []EnvVar; Resources ResourceRequirements; ResizePolicy []ContainerResizePolicy; RestartPolicy *string; RestartPolicyRules []any; VolumeMounts []VolumeMount; VolumeDevices []VolumeDevice; LivenessProbe *any; ReadinessProbe *any; StartupProbe *any; Lifecycle *any; TerminationMessagePath string; TerminationMessagePolicy string; ImagePullPolicy string; SecurityContext *any; Stdin bool; StdinOnce bool; TTY bool
        ContainerPort: Name string; HostPort int; ContainerPort int; Protocol string; HostIP string
        ContainerResizePolicy: ResourceName string; RestartPolicy string
        EnvFromSource: Prefix string; ConfigMapRef *OptionalReference; SecretRef *OptionalReference
        OptionalReference: ~LocalObjectReference; Optional *bool
        EnvVar: Name string; Value string; ValueFrom *EnvVarSource
        EnvVarSource: FieldRef *ObjectFieldSelector; ResourceFieldRef *ResourceFieldSelector; ConfigMapKeyRef *KeySelector; SecretKeyRef *KeySelector; FileKeyRef *any
        KeySelector: ~LocalObjectReference; Key string; Optional *bool
        ObjectFieldSelector: APIVersion string; FieldPath string
        ResourceFieldSelector: ContainerName string; Resource string; Divisor qty
        ResourceRequirements: Limits map[qty]; Requests map[qty]; Claims []ResourceClaim
        ResourceClaim: Name string; Request string
        LocalObjectReference: Name string
        VolumeMount: Name string; ReadOnly bool; RecursiveReadOnly *string; MountPath string; SubPath string; MountPropagation *string; SubPathExpr string
        VolumeDevice: Name string; DevicePath string
        Toleration: Key string; Operator string; Value string; Effect string; TolerationSeconds *int
        Volume: Name string; ~VolumeSource
        VolumeSource: HostPath *HostPathVolumeSource; EmptyDir *EmptyDirVolumeSource; GCEPersistentDisk *any; AWSElasticBlockStore *any; GitRepo *any; Secret *SecretVolumeSource; NFS *any; ISCSI *any; Glusterfs *any; PersistentVolumeClaim *PersistentVolumeClaimVolumeSource; RBD *any; Quobyte *any; FlexVolume *any; Cinder *any; CephFS=cephfs *any; Flocker *any; DownwardAPI *DownwardAPIVolumeSource; FC *any; AzureFile *any; ConfigMap *ConfigMapVolumeSource; VsphereVolume *any; AzureDisk *any; PhotonPersistentDisk *any; Projected *ProjectedVolumeSource; PortworxVolume *any; ScaleIO *any; StorageOS=storageos *any; CSI *any; Ephemeral *any; Image *any
        HostPathVolumeSource: Path string; Type *string
        EmptyDirVolumeSource: Medium string; SizeLimit *qty
        SecretVolumeSource: SecretName string; Items []KeyToPath; DefaultMode *int; Optional *bool
        ConfigMapVolumeSource: ~LocalObjectReference; Items []KeyToPath; DefaultMode *int; Optional *bool
        KeyToPath: Key string; Path string; Mode *int
        PersistentVolumeClaimVolumeSource: ClaimName string; ReadOnly bool
        DownwardAPIVolumeSource: Items []DownwardAPIVolumeFile; DefaultMode *int
        DownwardAPIVolumeFile: Path string; FieldRef *ObjectFieldSelector; ResourceFieldRef *ResourceFieldSelector; Mode *int
        ProjectedVolumeSource: Sources []VolumeProjection; DefaultMode *int
        VolumeProjection: Secret *Projection; DownwardAPI *DownwardAPIProjection; ConfigMap *Projection; ServiceAccountToken *ServiceAccountTokenProjection; ClusterTrustBundle *any; PodCertificate *any
        Projection: ~LocalObjectReference; Items []KeyToPath; Optional *bool
        DownwardAPIProjection: Items []DownwardAPIVolumeFile
        ServiceAccountTokenProjection: Audience string; ExpirationSeconds int; Path string
        PersistentVolumeClaimSpec: AccessModes []string; Selector *any; Resources VolumeResourceRequirements; VolumeName string; StorageClassName *string; VolumeMode *string; DataSource *TypedLocalObjectReference; DataSourceRef *TypedObjectReference; VolumeAttributesClassName *string
        TypedLocalObjectReference: APIGroup=apiGroup *string; Kind string; Name string
        TypedObjectReference: APIGroup=apiGroup *string; Kind string; Name string; Namespace *string
        VolumeResourceRequirements: Limits map[qty]; Requests map[qty]
        """;

    private static readonly string[] MetaFields =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    ];

    private static readonly Dictionary<string, Field[]> Types = Parse();

    /// <summary>The value as <c>json.Marshal</c> writes it.</summary>
    public static string Compact(SsaValue? value, string type)
    {
        var sb = new StringBuilder();
        Write(sb, Render(value, type, null), indent: null, depth: 0);
        return sb.ToString();
    }

    /// <summary>The value as <c>json.MarshalIndent(v, "", " ")</c> writes it.</summary>
    public static string Indented(SsaValue? value, string type)
    {
        var sb = new StringBuilder();
        Write(sb, Render(value, type, null), indent: " ", depth: 0);
        return sb.ToString();
    }

    private sealed record Field(string GoName, string Source, string Type, bool FromParent);

    private static Dictionary<string, Field[]> Parse()
    {
        var types = new Dictionary<string, Field[]>(StringComparer.Ordinal);
        foreach (var line in Layouts.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var fields = new List<Field>();
            foreach (var part in line[(colon + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var space = part.IndexOf(' ', StringComparison.Ordinal);
                if (space < 0)
                {
                    // An embedded struct: no name of its own.
                    fields.Add(new Field(string.Empty, string.Empty, part, FromParent: false));
                    continue;
                }

                var name = part[..space];
                var fromParent = name.StartsWith('^');
                name = name.TrimStart('^');
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                var goName = eq < 0 ? name : name[..eq];
                fields.Add(new Field(goName, eq < 0 ? JsonName(goName) : name[(eq + 1)..], part[(space + 1)..], fromParent));
            }

            types[line[..colon]] = [.. fields];
        }

        return types;
    }

    // The v1 json name of a Go field: the leading capitals lowered (all of them in an all-capital name,
    // all but the one that starts the next word otherwise): DNSPolicy -> dnsPolicy, TTY -> tty.
    private static string JsonName(string goName)
    {
        var run = 0;
        while (run < goName.Length && char.IsUpper(goName[run]))
        {
            run++;
        }

        var lower = run == goName.Length ? run : Math.Max(1, run - 1);
        return goName[..lower].ToLowerInvariant() + goName[lower..];
    }

    // The Go value as a tree: a list of members (object), a list of items (array), or a literal.
    private abstract record Node;

    private sealed record ObjectNode(List<KeyValuePair<string, Node>> Members) : Node;

    private sealed record ArrayNode(List<Node> Items) : Node;

    private sealed record Literal(string Text) : Node;

    private static readonly Literal Null = new("null");

    private static Node Render(SsaValue? value, string type, SsaValue? parent)
    {
        var present = value is not null && !value.IsNull;
        switch (type)
        {
            case "string":
                return new Literal(GoJsonString.Quote(present ? value!.ToString() : string.Empty));
            case "bool":
                return new Literal(present && value!.Kind == SsaValueKind.Boolean && value.AsBoolean ? "true" : "false");
            case "int":
                return new Literal(present ? value!.ToJson() : "0");
            case "qty":
                return new Literal(GoJsonString.Quote(present ? Quantity.Canonicalize(value!.ToString(), out _) ?? value!.ToString() : "0"));
            case "any":
                return present ? Generic(value!) : Null;
            case "meta":
                return Meta(value);
        }

        if (type.StartsWith('*'))
        {
            return present ? Render(value, type[1..], parent) : Null;
        }

        if (type.StartsWith('&'))
        {
            return Render(present ? value : SsaValue.EmptyMap, type[1..], parent);
        }

        if (type.StartsWith("[]", StringComparison.Ordinal))
        {
            return present && value!.IsList ? new ArrayNode(value.AsList.Select(v => Render(v, type[2..], null)).ToList()) : Null;
        }

        if (type.StartsWith("map[", StringComparison.Ordinal))
        {
            var element = type[4..^1];
            return present && value!.IsMap
                ? new ObjectNode(value.AsMap.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new KeyValuePair<string, Node>(e.Key, Render(e.Value, element, null))).ToList())
                : Null;
        }

        var members = new List<KeyValuePair<string, Node>>();
        Struct(members, present ? value! : SsaValue.EmptyMap, type, parent);
        return new ObjectNode(members);
    }

    private static void Struct(List<KeyValuePair<string, Node>> members, SsaValue map, string type, SsaValue? parent)
    {
        foreach (var field in Types[type])
        {
            var source = field.FromParent ? parent : map;
            var value = source is { IsMap: true } && source.AsMap.TryGetValue(field.Source, out var v) ? v : null;
            if (field.Type.StartsWith('~'))
            {
                Struct(members, map, field.Type[1..], parent);
            }
            else if (field.GoName == "-")
            {
                if (Render(value, field.Type, map) is ObjectNode inline)
                {
                    members.AddRange(inline.Members);
                }
            }
            else
            {
                members.Add(new(field.GoName, Render(value, field.Type, map)));
            }
        }
    }

    // metav1.ObjectMeta has json tags with omitempty (omitzero for the times).
    private static ObjectNode Meta(SsaValue? metadata)
    {
        var members = new List<KeyValuePair<string, Node>>();
        foreach (var key in MetaFields)
        {
            if (metadata is { IsMap: true } && metadata.AsMap.TryGetValue(key, out var v) && !IsEmpty(v))
            {
                members.Add(new(key, v.IsMap ? Render(v, "map[string]", null) : Generic(v, keepNames: true)));
            }
        }

        return new ObjectNode(members);

        static bool IsEmpty(SsaValue v) => v.IsNull || (v.IsMap && v.AsMap.Count == 0) || (v.IsList && v.AsList.Count == 0)
            || (v.Kind == SsaValueKind.String && v.AsString.Length == 0) || (v.Kind == SsaValueKind.Integer && v.AsInteger == 0);
    }

    // A value of a type not listed: its fields in the order given, under Go-style names.
    private static Node Generic(SsaValue value, bool keepNames = false)
    {
        if (value.IsMap)
        {
            return new ObjectNode(value.AsMap.Entries.Select(e => new KeyValuePair<string, Node>(keepNames ? e.Key : GoName(e.Key), Generic(e.Value, keepNames))).ToList());
        }

        if (value.IsList)
        {
            return new ArrayNode(value.AsList.Select(v => Generic(v, keepNames)).ToList());
        }

        return value.Kind == SsaValueKind.String ? new Literal(GoJsonString.Quote(value.AsString)) : new Literal(value.ToJson());
    }

    private static string GoName(string jsonName) => jsonName.Length == 0 ? jsonName : char.ToUpperInvariant(jsonName[0]) + jsonName[1..];

    private static void Write(StringBuilder sb, Node node, string? indent, int depth)
    {
        switch (node)
        {
            case Literal literal:
                sb.Append(literal.Text);
                break;
            case ArrayNode { Items.Count: 0 }:
                sb.Append("[]");
                break;
            case ObjectNode { Members.Count: 0 }:
                sb.Append("{}");
                break;
            case ArrayNode array:
                sb.Append('[');
                for (var i = 0; i < array.Items.Count; i++)
                {
                    Separator(sb, indent, depth + 1, i);
                    Write(sb, array.Items[i], indent, depth + 1);
                }

                Close(sb, indent, depth, ']');
                break;
            case ObjectNode obj:
                sb.Append('{');
                for (var i = 0; i < obj.Members.Count; i++)
                {
                    Separator(sb, indent, depth + 1, i);
                    sb.Append(GoJsonString.Quote(obj.Members[i].Key)).Append(indent is null ? ":" : ": ");
                    Write(sb, obj.Members[i].Value, indent, depth + 1);
                }

                Close(sb, indent, depth, '}');
                break;
        }
    }

    private static void Separator(StringBuilder sb, string? indent, int depth, int index)
    {
        if (index > 0)
        {
            sb.Append(',');
        }

        if (indent is not null)
        {
            sb.Append('\n');
            for (var i = 0; i < depth; i++)
            {
                sb.Append(indent);
            }
        }
    }

    private static void Close(StringBuilder sb, string? indent, int depth, char close)
    {
        if (indent is not null)
        {
            sb.Append('\n');
            for (var i = 0; i < depth; i++)
            {
                sb.Append(indent);
            }
        }

        sb.Append(close);
    }
}
