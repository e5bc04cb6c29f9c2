using GitOps.Kubernetes.Emulator.Resources;
using GitOps.Kubernetes.Emulator.Store.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Http.Internal;

/// <summary>The discovery documents: legacy (/api, /apis, /apis/G, group versions) and aggregated (apidiscovery.k8s.io/v2).</summary>
internal static class Discovery
{
    public const string AggregatedMediaType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private static readonly string[] ObjectVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] SubresourceVerbs = ["get", "patch", "update"];

    public static SsaValue Version() => SsaValue.ParseJson("""
        {"major":"1","minor":"36","emulationMajor":"1","emulationMinor":"36","minCompatibilityMajor":"1","minCompatibilityMinor":"35","gitVersion":"v1.36.2","gitCommit":"gitops-kubernetes-emulator","gitTreeState":"clean","buildDate":"2026-12-05T00:00:00Z","goVersion":"go1.26.11","compiler":"gc","platform":"linux/amd64"}
        """);

    public static SsaValue ApiVersions(string serverAddress) => Obj.Map(
        ("kind", Obj.Str("APIVersions")),
        ("versions", SsaValue.FromList([Obj.Str("v1")])),
        ("serverAddressByClientCIDRs", SsaValue.FromList([Obj.Map(("clientCIDR", Obj.Str("0.0.0.0/0")), ("serverAddress", Obj.Str(serverAddress)))])));

    // Groups with their versions, preferred (newest) version first.
    public static List<(string Group, List<string> Versions)> Groups(KubernetesResourceCatalog catalog) =>
        catalog.Types.Where(t => t.Group.Length > 0)
            .GroupBy(t => t.Group, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(t => t.Version).Distinct(StringComparer.Ordinal).OrderByDescending(VersionPriority).ToList()))
            .ToList();

    public static SsaValue GroupList(KubernetesResourceCatalog catalog) => Obj.Map(
        ("kind", Obj.Str("APIGroupList")),
        ("apiVersion", Obj.Str("v1")),
        ("groups", SsaValue.FromList(Groups(catalog).Select(g => Group(g.Group, g.Versions)))));

    public static SsaValue? Group(KubernetesResourceCatalog catalog, string group)
    {
        var found = Groups(catalog).FirstOrDefault(g => g.Group == group);
        return found.Group is null ? null : Obj.With(Obj.With(Group(found.Group, found.Versions), "kind", Obj.Str("APIGroup")), "apiVersion", Obj.Str("v1"));
    }

    private static SsaValue Group(string group, List<string> versions)
    {
        SsaValue Entry(string v) => Obj.Map(("groupVersion", Obj.Str(group + "/" + v)), ("version", Obj.Str(v)));
        return Obj.Map(("name", Obj.Str(group)), ("versions", SsaValue.FromList(versions.Select(Entry))), ("preferredVersion", Entry(versions[0])));
    }

    public static SsaValue? ResourceList(KubernetesResourceCatalog catalog, string group, string version)
    {
        var types = catalog.Types.Where(t => t.Group == group && t.Version == version).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var resources = new List<SsaValue>();
        foreach (var t in types)
        {
            resources.Add(Obj.Map(
                ("name", Obj.Str(t.Resource)),
                ("singularName", Obj.Str(t.SingularName)),
                ("namespaced", SsaValue.FromBoolean(t.Namespaced)),
                ("kind", Obj.Str(t.Kind)),
                ("verbs", Strings(ObjectVerbs)),
                ("shortNames", t.ShortNames.Count == 0 ? null : Strings(t.ShortNames))));
            foreach (var sub in t.Subresources)
            {
                var scale = sub == "scale";
                resources.Add(Obj.Map(
                    ("name", Obj.Str(t.Resource + "/" + sub)),
                    ("singularName", Obj.Str(string.Empty)),
                    ("namespaced", SsaValue.FromBoolean(t.Namespaced)),
                    ("group", scale ? Obj.Str("autoscaling") : null),
                    ("version", scale ? Obj.Str("v1") : null),
                    ("kind", Obj.Str(scale ? "Scale" : t.Kind)),
                    ("verbs", Strings(SubresourceVerbs))));
            }
        }

        return Obj.Map(
            ("kind", Obj.Str("APIResourceList")),
            ("apiVersion", Obj.Str("v1")),
            ("groupVersion", Obj.Str(types[0].ApiVersion)),
            ("resources", SsaValue.FromList(resources)));
    }

    /// <summary>The aggregated discovery document of the core group (<paramref name="core"/>) or of all other groups.</summary>
    public static SsaValue Aggregated(KubernetesResourceCatalog catalog, bool core)
    {
        var items = new List<SsaValue>();
        var groups = core ? [(string.Empty, ["v1"])] : Groups(catalog);
        foreach (var (group, versions) in groups)
        {
            var versionEntries = versions.Select(v => Obj.Map(
                ("version", Obj.Str(v)),
                ("resources", SsaValue.FromList(catalog.Types.Where(t => t.Group == group && t.Version == v).Select(AggregatedResource))),
                ("freshness", Obj.Str("Current"))));
            items.Add(Obj.Map(("metadata", Obj.Map(("name", group.Length == 0 ? null : Obj.Str(group)))), ("versions", SsaValue.FromList(versionEntries))));
        }

        return Obj.Map(
            ("kind", Obj.Str("APIGroupDiscoveryList")),
            ("apiVersion", Obj.Str("apidiscovery.k8s.io/v2")),
            ("metadata", SsaValue.EmptyMap),
            ("items", SsaValue.FromList(items)));
    }

    private static SsaValue AggregatedResource(KubernetesResourceType t) => Obj.Map(
        ("resource", Obj.Str(t.Resource)),
        ("responseKind", Gvk(t.Group, t.Version, t.Kind)),
        ("scope", Obj.Str(t.Namespaced ? "Namespaced" : "Cluster")),
        ("singularResource", Obj.Str(t.SingularName)),
        ("verbs", Strings(ObjectVerbs)),
        ("shortNames", t.ShortNames.Count == 0 ? null : Strings(t.ShortNames)),
        ("subresources", t.Subresources.Count == 0 ? null : SsaValue.FromList(t.Subresources.Select(s => Obj.Map(
            ("subresource", Obj.Str(s)),
            ("responseKind", s == "scale" ? Gvk("autoscaling", "v1", "Scale") : Gvk(t.Group, t.Version, t.Kind)),
            ("verbs", Strings(SubresourceVerbs)))))));

    private static SsaValue Gvk(string group, string version, string kind) =>
        Obj.Map(("group", Obj.Str(group)), ("version", Obj.Str(version)), ("kind", Obj.Str(kind)));

    private static SsaValue Strings(IEnumerable<string> values) => SsaValue.FromList(values.Select(Obj.Str));

    // Kubernetes' version order: GA > beta > alpha, then by number.
    public static int VersionPriority(string version)
    {
        var match = System.Text.RegularExpressions.Regex.Match(version, "^v([0-9]+)(?:(alpha|beta)([0-9]+))?$");
        if (!match.Success)
        {
            return 0;
        }

        var major = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stage = match.Groups[2].Value switch { "" => 3, "beta" => 2, _ => 1 };
        var minor = match.Groups[3].Success && match.Groups[3].Length > 0 ? int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (stage * 1000 + major) * 1000 + minor;
    }
}
