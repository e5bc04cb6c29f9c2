using GitOps.Ssa.Values;
using static GitOps.Ssa.ApiServer.Internal.Edit;

namespace GitOps.Ssa.ApiServer.Internal.Defaults;

/// <summary>
/// core/v1 defaulting (pkg/apis/core/v1 SetDefaults_*) and the zero values the typed round trip writes,
/// for pods, pod templates and the other core kinds.
/// </summary>
internal static class CoreDefaults
{
    private const long DefaultFileMode = 420;

    /// <summary>SetDefaults_Pod and the pod spec below it.</summary>
    public static SsaValue Pod(SsaValue pod) => Map(pod, "spec", spec =>
    {
        spec = PodSpec(spec);
        spec = Items(spec, "containers", CopyLimitsToRequests);
        spec = Items(spec, "initContainers", CopyLimitsToRequests);
        spec = Default(spec, "enableServiceLinks", true);
        if (Get(spec, "hostNetwork") is { Kind: SsaValueKind.Boolean, AsBoolean: true })
        {
            spec = Items(spec, "containers", c => Items(c, "ports", p => Get(p, "containerPort") is { } port ? Default(p, "hostPort", port) : p));
            spec = Items(spec, "initContainers", c => Items(c, "ports", p => Get(p, "containerPort") is { } port ? Default(p, "hostPort", port) : p));
        }

        return spec;
    });

    /// <summary>A PodTemplateSpec (Deployment, Job, ... templates): the pod spec defaults and an empty metadata.</summary>
    public static SsaValue Template(SsaValue template) => Struct(Map(template, "spec", PodSpec), "metadata");

    /// <summary>SetDefaults_PodSpec with its containers, volumes and probes.</summary>
    public static SsaValue PodSpec(SsaValue spec)
    {
        spec = DefaultString(spec, "dnsPolicy", "ClusterFirst");
        spec = DefaultString(spec, "restartPolicy", "Always");
        spec = Struct(spec, "securityContext");
        spec = Default(spec, "terminationGracePeriodSeconds", 30);
        spec = DefaultString(spec, "schedulerName", "default-scheduler");
        spec = Items(spec, "containers", Container);
        spec = Items(spec, "initContainers", Container);
        spec = Items(spec, "ephemeralContainers", Container);
        return Items(spec, "volumes", Volume);
    }

    private static SsaValue CopyLimitsToRequests(SsaValue container) => Map(container, "resources", resources =>
    {
        if (Get(resources, "limits") is not { IsMap: true } limits || limits.AsMap.Count == 0)
        {
            return resources;
        }

        var requests = Get(resources, "requests") is { IsMap: true } r ? r : SsaValue.EmptyMap;
        foreach (var (name, value) in limits.AsMap.Entries)
        {
            requests = Default(requests, name, value);
        }

        return With(resources, "requests", requests);
    });

    /// <summary>SetDefaults_Container (also for ephemeral containers).</summary>
    public static SsaValue Container(SsaValue c)
    {
        c = DefaultString(c, "terminationMessagePath", "/dev/termination-log");
        c = DefaultString(c, "terminationMessagePolicy", "File");
        if (Str(c, "imagePullPolicy") is null or "" && Str(c, "image") is { } image)
        {
            c = With(c, "imagePullPolicy", SsaValue.FromString(IsLatest(image) ? "Always" : "IfNotPresent"));
        }

        c = Struct(c, "resources");
        c = Items(c, "ports", p => DefaultString(p, "protocol", "TCP"));
        c = Items(c, "env", e => Map(e, "valueFrom", EnvVarSource));
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            c = Map(c, probe, Probe);
        }

        return Map(c, "lifecycle", l => Map(Map(l, "postStart", Handler), "preStop", Handler));
    }

    // An image without tag or with the tag "latest" (and no digest) is pulled always.
    private static bool IsLatest(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon <= slash || image[(colon + 1)..] == "latest";
    }

    private static SsaValue EnvVarSource(SsaValue source) =>
        Map(Map(source, "fieldRef", ObjectFieldSelector), "resourceFieldRef", r => Default(r, "divisor", "0"));

    private static SsaValue ObjectFieldSelector(SsaValue selector) => DefaultString(selector, "apiVersion", "v1");

    private static SsaValue Probe(SsaValue probe)
    {
        probe = Handler(probe);
        probe = Map(probe, "grpc", g => Default(g, "service", string.Empty));
        probe = Default(probe, "timeoutSeconds", 1);
        probe = Default(probe, "periodSeconds", 10);
        probe = Default(probe, "successThreshold", 1);
        return Default(probe, "failureThreshold", 3);
    }

    private static SsaValue Handler(SsaValue handler) => Map(handler, "httpGet", h =>
        DefaultString(DefaultString(h, "path", "/"), "scheme", "HTTP"));

    private static readonly string[] VolumeSources =
    [
        "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs",
        "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
        "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
        "ephemeral", "image",
    ];

    /// <summary>SetDefaults_Volume and the defaults of each volume source.</summary>
    public static SsaValue Volume(SsaValue volume)
    {
        if (!VolumeSources.Any(s => Get(volume, s) is { IsNull: false }))
        {
            volume = With(volume, "emptyDir", SsaValue.EmptyMap);
        }

        volume = Map(volume, "secret", s => Default(s, "defaultMode", DefaultFileMode));
        volume = Map(volume, "configMap", s => Default(s, "defaultMode", DefaultFileMode));
        volume = Map(volume, "downwardAPI", s => Items(Default(s, "defaultMode", DefaultFileMode), "items", DownwardApiFile));
        volume = Map(volume, "projected", p => Items(Default(p, "defaultMode", DefaultFileMode), "sources", s =>
            Map(Map(s, "serviceAccountToken", t => Default(t, "expirationSeconds", 3600)), "downwardAPI", d => Items(d, "items", DownwardApiFile))));
        volume = Map(volume, "hostPath", h => Default(h, "type", string.Empty));
        volume = Map(volume, "iscsi", s => DefaultString(s, "iscsiInterface", "default"));
        volume = Map(volume, "rbd", RbdSource);
        volume = Map(volume, "azureDisk", AzureDiskSource);
        volume = Map(volume, "scaleIO", ScaleIOSource);
        volume = Map(volume, "image", i => Str(i, "pullPolicy") is null or "" && Str(i, "reference") is { } reference
            ? With(i, "pullPolicy", SsaValue.FromString(IsLatest(reference) ? "Always" : "IfNotPresent"))
            : i);

        // PersistentVolumeClaimTemplate holds a non-pointer ObjectMeta: the typed round trip writes it as {}.
        return Map(volume, "ephemeral", e => Map(e, "volumeClaimTemplate", t => Path(Struct(t, "metadata"), PersistentVolumeClaimSpec, "spec")));
    }

    private static SsaValue DownwardApiFile(SsaValue file) => Map(file, "fieldRef", ObjectFieldSelector);

    private static SsaValue RbdSource(SsaValue s) =>
        DefaultString(DefaultString(DefaultString(s, "pool", "rbd"), "user", "admin"), "keyring", "/etc/ceph/keyring");

    private static SsaValue AzureDiskSource(SsaValue s) =>
        Default(Default(Default(Default(s, "cachingMode", "ReadWrite"), "kind", "Shared"), "fsType", "ext4"), "readOnly", false);

    private static SsaValue ScaleIOSource(SsaValue s) =>
        DefaultString(DefaultString(s, "storageMode", "ThinProvisioned"), "fsType", "xfs");

    /// <summary>SetDefaults_PersistentVolumeClaimSpec.</summary>
    public static SsaValue PersistentVolumeClaimSpec(SsaValue spec) => Default(spec, "volumeMode", "Filesystem");

    /// <summary>SetDefaults_ReplicationController: selector and labels from the template, one replica.</summary>
    public static SsaValue ReplicationController(SsaValue rc)
    {
        var labels = Get(Get(Get(rc, "spec"), "template"), "metadata") is { } m ? Get(m, "labels") : null;
        rc = Map(rc, "spec", spec =>
        {
            if (labels is { IsMap: true } && labels.AsMap.Count > 0 && Get(spec, "selector") is null or { IsNull: true } or { IsMap: true, AsMap.Count: 0 })
            {
                spec = With(spec, "selector", labels);
            }

            return Map(Default(spec, "replicas", 1), "template", Template);
        });
        if (labels is { IsMap: true } && labels.AsMap.Count > 0 && Get(Get(rc, "metadata"), "labels") is null or { IsMap: true, AsMap.Count: 0 })
        {
            rc = Map(rc, "metadata", m => With(m, "labels", labels));
        }

        return rc;
    }

    /// <summary>SetDefaults_LimitRangeItem: container defaults from max, default requests from defaults and min.</summary>
    public static SsaValue LimitRange(SsaValue lr) => Path(lr, spec => Items(spec, "limits", item =>
    {
        if (Str(item, "type") != "Container")
        {
            return item;
        }

        var defaults = Get(item, "default") is { IsMap: true } d ? d : SsaValue.EmptyMap;
        defaults = Fill(defaults, Get(item, "max"));
        var requests = Get(item, "defaultRequest") is { IsMap: true } r ? r : SsaValue.EmptyMap;
        requests = Fill(Fill(requests, defaults), Get(item, "min"));
        if (defaults.AsMap.Count > 0)
        {
            item = With(item, "default", defaults);
        }

        return requests.AsMap.Count > 0 ? With(item, "defaultRequest", requests) : item;
    }), "spec");

    private static SsaValue Fill(SsaValue target, SsaValue? from)
    {
        if (from is { IsMap: true })
        {
            foreach (var (k, v) in from.AsMap.Entries)
            {
                target = Default(target, k, v);
            }
        }

        return target;
    }

    /// <summary>The per-kind core/v1 defaults other than pods and Services.</summary>
    public static SsaValue Other(string kind, SsaValue obj) => kind switch
    {
        "Pod" => Pod(obj),
        "PodTemplate" => Map(Struct(obj, "template"), "template", Template),
        "ReplicationController" => ReplicationController(obj),
        "Secret" => DefaultString(obj, "type", "Opaque"),
        "PersistentVolume" => Map(obj, "spec", spec =>
            Map(Default(DefaultString(spec, "persistentVolumeReclaimPolicy", "Retain"), "volumeMode", "Filesystem"), "hostPath", h => Default(h, "type", string.Empty))),
        "PersistentVolumeClaim" => Map(obj, "spec", PersistentVolumeClaimSpec),
        "LimitRange" => LimitRange(obj),
        "Endpoints" => Items(obj, "subsets", s => Items(s, "ports", p => DefaultString(p, "protocol", "TCP"))),
        "Namespace" => NamespaceLabel(obj),
        "Event" => CoreEvent(obj),
        "Node" => Map(obj, "status", s => Get(s, "capacity") is { IsMap: true } capacity ? Default(s, "allocatable", capacity) : s),
        _ => obj,
    };

    // SetDefaults_Namespace: the immutable kubernetes.io/metadata.name label.
    private static SsaValue NamespaceLabel(SsaValue ns)
    {
        var name = Str(Get(ns, "metadata"), "name");
        if (name is null)
        {
            return ns;
        }

        return Map(ns, "metadata", m => With(m, "labels", With(Get(m, "labels") is { IsMap: true } l ? l : SsaValue.EmptyMap, "kubernetes.io/metadata.name", SsaValue.FromString(name))));
    }

    // The Event struct's fields without omitempty: zero times are null, the source an empty struct.
    private static SsaValue CoreEvent(SsaValue e)
    {
        foreach (var key in new[] { "eventTime", "firstTimestamp", "lastTimestamp" })
        {
            e = Default(e, key, SsaValue.Null);
        }

        e = Default(e, "reportingComponent", string.Empty);
        e = Default(e, "reportingInstance", string.Empty);
        return Struct(Struct(e, "source"), "involvedObject");
    }
}
