using System.Globalization;
using System.Text.RegularExpressions;
using GitOps.Kustomize.Internal.Patches;
using GitOps.Yaml;

namespace GitOps.Kustomize.Internal;

/// <summary>The builtin transformers a kustomization's fields configure, run in kustomize's order.</summary>
internal static class Transformers
{
    public static void Run(KustTarget kt, ResAccumulator ra)
    {
        var k = kt.Kustomization;
        var tc = ra.Config;
        var m = ra.ResMap;
        var configuredIn = kt.OriginPath is null ? string.Empty : KustTarget.CombineOrigin(kt.OriginPath, kt.FileName);

        // Each configured transformer runs; with build metadata on, every resource then records it
        // (as its origin when it has none, else as one more transformation), as kustomize does.
        void Tracked(string kind, Action<Func<Resource, bool>> run)
        {
            run(_ => true);
            if (kt.OriginPath is not null)
            {
                foreach (var r in m.Resources)
                {
                    AddTransformation(r, configuredIn, kind);
                }
            }
        }

        if (k.PatchesStrategicMerge.Count > 0)
        {
            Tracked("PatchStrategicMergeTransformer", _ => PatchTransformers.StrategicMerge(kt, ra, k.PatchesStrategicMerge));
        }

        foreach (var patch in k.Patches)
        {
            Tracked("PatchTransformer", _ => PatchTransformers.Patch(kt, ra, patch));
        }

        if (k.Namespace.Length > 0)
        {
            Tracked("NamespaceTransformer", _ => Namespace(m, k.Namespace, tc.NameSpace));
        }

        if (k.NamePrefix.Length > 0)
        {
            Tracked("PrefixTransformer", _ => PrefixSuffix(m, k.NamePrefix, tc.NamePrefix, prefix: true));
        }

        if (k.NameSuffix.Length > 0)
        {
            Tracked("SuffixTransformer", _ => PrefixSuffix(m, k.NameSuffix, tc.NameSuffix, prefix: false));
        }

        if (k.Labels.Count > 0 || k.CommonLabels is { Count: > 0 })
        {
            foreach (var label in k.Labels)
            {
                var fss = TransformerConfig.MergeAll(label.Fields, tc.Labels);
                if (label.IncludeSelectors)
                {
                    fss = TransformerConfig.MergeAll(fss, tc.CommonLabels);
                }
                else
                {
                    if (label.IncludeTemplates)
                    {
                        fss = TransformerConfig.MergeAll(fss, tc.TemplateLabels);
                    }

                    fss = TransformerConfig.MergeOne(fss, new FieldSpec(string.Empty, string.Empty, string.Empty, "metadata/labels", true));
                }

                Tracked("LabelTransformer", _ => SetMapEntries(m, label.Pairs, fss));
            }

            Tracked("LabelTransformer", _ => SetMapEntries(m, k.CommonLabels ?? [], tc.CommonLabels));
        }

        if (k.CommonAnnotations is { Count: > 0 } annotations)
        {
            Tracked("AnnotationsTransformer", _ => SetMapEntries(m, annotations, tc.CommonAnnotations));
        }

        foreach (var patch in k.PatchesJson6902)
        {
            Tracked("PatchJson6902Transformer", _ => PatchTransformers.Json6902(kt, ra, patch));
        }

        if (k.Replicas.Count > 0)
        {
            // Replica counts never rename anything, so one index of names serves every entry.
            var byName = IndexByAnyName(m);
            foreach (var replica in k.Replicas)
            {
                Tracked("ReplicaCountTransformer", _ => Replicas(byName, replica, tc.Replicas));
            }
        }

        // Image entries only replace image texts, so where the containers are is found once for all of them (unless
        // build metadata rewrites the objects' annotations between two entries).
        // Without build metadata, nothing is recorded between two entries either, and each entry changes an object
        // from what the entries before it made of that object alone: the entries run object by object, each object
        // visited once while it is in cache, with the same result (and the same first error) as entry by entry.
        if (kt.OriginPath is null && k.Images.Count > 1 && ImageUpdater.TryCreateAll(k.Images) is { } updaters)
        {
            ImagesObjectByObject(m, updaters, tc.Images);
            return;
        }

        foreach (var image in k.Images)
        {
            Tracked("ImageTagTransformer", _ => Images(m, image, tc.Images));
        }
    }

    // The entries in order on each object. When entry i fails on object j, entry-by-entry order would have failed first
    // on the earliest entry that fails on any object; entries before i have only been run on objects up to j, so
    // they are run on the rest (each object's entries in order) to find that earlier failure.
    private static void ImagesObjectByObject(ResMap m, List<ImageUpdater> updaters, List<FieldSpec> fieldSpecs)
    {
        var resources = m.Resources;
        for (var j = 0; j < resources.Count; j++)
        {
            if (RunEntries(resources[j], updaters, updaters.Count, fieldSpecs) is ({ } first, var i))
            {
                throw EarliestFailure(resources, j, i, updaters, fieldSpecs) ?? first;
            }
        }
    }

    private static KustomizeException? EarliestFailure(IReadOnlyList<Resource> resources, int failedObject, int failedEntry, List<ImageUpdater> updaters, List<FieldSpec> fieldSpecs)
    {
        KustomizeException? earliest = null;
        var earliestEntry = failedEntry;
        for (var j = failedObject + 1; j < resources.Count; j++)
        {
            if (RunEntries(resources[j], updaters, earliestEntry, fieldSpecs) is ({ } failure, var i))
            {
                earliest = failure;
                earliestEntry = i;
            }
        }

        return earliest;
    }

    // The first count entries on one object, in order; the first failure and its entry, if any.
    private static (KustomizeException? Failure, int Entry) RunEntries(Resource r, List<ImageUpdater> updaters, int count, List<FieldSpec> fieldSpecs)
    {
        List<YamlMapping>? found = null;
        for (var i = 0; i < count; i++)
        {
            // Checked before each entry: an entry's field specs may reach the kind.
            if (r.Kind == "CustomResourceDefinition")
            {
                continue;
            }

            if (found is null)
            {
                FindContainers(r.Node, found = []);
            }

            try
            {
                updaters[i].Apply(r, found, fieldSpecs);
            }
            catch (KustomizeException ex)
            {
                return (ex, i);
            }
        }

        return (null, -1);
    }

    private static void AddTransformation(Resource r, string configuredIn, string kind) => AddTransformation(r, OriginYaml.Generated(configuredIn, kind));

    /// <summary>resWrangler.AddTransformerAnnotation for one resource: the origin when it has none, else one more transformation.</summary>
    public static void AddTransformation(Resource r, string origin)
    {
        var a = r.GetAnnotations();
        if (!a.ContainsKey(Resource.OriginAnnotation))
        {
            a[Resource.OriginAnnotation] = origin;
            r.SetAnnotations(a);
            return;
        }

        var entry = "- " + origin.TrimEnd('\n').Replace("\n", "\n  ", StringComparison.Ordinal) + "\n";
        a[Resource.TransformationsAnnotation] = a.TryGetValue(Resource.TransformationsAnnotation, out var existing) ? existing + entry : entry;
        r.SetAnnotations(a);
    }

    private static YamlScalar SetScalar(YamlNode node, string value, string? tag)
    {
        var style = node is YamlScalar s ? s.Style : YamlScalarStyle.Plain;
        if (node is not YamlScalar)
        {
            throw new KustomizeException($"wrong node kind: expected ScalarNode but got {node.Kind}Node");
        }

        return new YamlScalar(value, tag, style);
    }

    public static void Namespace(ResMap m, string ns, List<FieldSpec> fieldSpecs)
    {
        // The field specs and the setter are the same for every object but for two cases: choose them once.
        var namespaceField = new FieldSpec(string.Empty, string.Empty, string.Empty, "metadata/namespace", true);
        var forCoreV1 = fieldSpecs.Where(f => f.Path != "metadata/namespace").ToList();
        var forOthers = forCoreV1.Where(f => f.Path != "metadata/name").ToList();
        FieldSpecWalker.Setter set = n => SetScalar(n, ns, YamlScalar.StringTag);
        foreach (var r in m.Resources)
        {
            if (ResourceFactory.IsNilOrEmpty(r.Node))
            {
                continue;
            }

            r.StorePreviousId();
            var fss = r.ApiVersion == "v1" ? forCoreV1 : forOthers;
            var gvk = r.Gvk;
            if (!gvk.IsClusterScoped)
            {
                FieldSpecWalker.Apply(r.Node, namespaceField, set, CreateKind.Scalar, null);
            }

            if (gvk.Kind is "RoleBinding" or "ClusterRoleBinding")
            {
                fss = fss.Where(f => !((f.Kind is "RoleBinding" or "ClusterRoleBinding") && f.Path == "subjects/namespace")).ToList();
                if (r.Node["subjects"] is YamlSequence subjects)
                {
                    foreach (var subject in subjects)
                    {
                        if (subject is YamlMapping sm && sm["name"] is YamlScalar { Value: "default" })
                        {
                            var existing = sm["namespace"];
                            sm.Set("namespace", existing is null ? YamlScalar.FromString(ns) : SetScalar(existing, ns, YamlScalar.StringTag)!);
                        }
                    }
                }
            }

            foreach (var fs in fss)
            {
                FieldSpecWalker.Apply(r.Node, fs, set, CreateKind.Scalar, YamlScalar.StringTag);
            }

        }

        // Every namespaced object ends in the same namespace, so a conflict at any step is still one at the end.
        var seen = new Dictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var r in m.Resources)
        {
            var key = ResMap.IdKey(r.CurId);
            if (seen.TryGetValue(key, out var other))
            {
                throw new KustomizeException($"namespace transformation produces ID conflict: [{other.CurId} {r.CurId}]");
            }

            seen[key] = r;
        }

        m.InvalidateIndex();
    }

    public static void PrefixSuffix(ResMap m, string affix, List<FieldSpec> fieldSpecs, bool prefix)
    {
        foreach (var r in m.Resources)
        {
            var org = r.OrgId();
            if (org.Gvk.IsSelected(null, null, "CustomResourceDefinition")
                || org.Gvk.IsSelected("apiregistration.k8s.io", null, "APIService")
                || org.Gvk.IsSelected(null, null, "Namespace"))
            {
                continue;
            }

            foreach (var fs in fieldSpecs)
            {
                if (!r.OrgId().Gvk.IsSelected(fs.Group, fs.Version, fs.Kind))
                {
                    continue;
                }

                if (fs.Path == "metadata/name")
                {
                    if (prefix)
                    {
                        r.AddNamePrefix(affix);
                    }
                    else
                    {
                        r.AddNameSuffix(affix);
                    }

                    r.StorePreviousId();
                }

                FieldSpecWalker.Apply(r.Node, fs, n => n is YamlScalar s
                    ? new YamlScalar(prefix ? affix + s.Value : s.Value + affix, null, s.Style)
                    : throw new KustomizeException($"wrong node kind: expected ScalarNode but got {n.Kind}Node"), CreateKind.Scalar, YamlScalar.StringTag);
            }
        }
    }

    public static void SetMapEntries(ResMap m, Dictionary<string, string> entries, List<FieldSpec> fieldSpecs)
    {
        // One setter per entry, made once rather than once per object and field.
        var setters = entries.Keys.Order(StringComparer.Ordinal).Select(key =>
        {
            var value = entries[key];
            return (FieldSpecWalker.Setter)(n =>
            {
                if (n is not YamlMapping map)
                {
                    throw new KustomizeException($"wrong node kind: expected MappingNode but got {n.Kind}Node");
                }

                map.Set(key, YamlScalar.FromString(value));
                return null;
            });
        }).ToList();
        foreach (var r in m.Resources)
        {
            foreach (var set in setters)
            {
                foreach (var fs in fieldSpecs)
                {
                    FieldSpecWalker.Apply(r.Node, fs, set, CreateKind.Mapping, "!!map");
                }
            }
        }
    }

    /// <summary>The resources by every name they have or had (read without splitting the lists of previous ids).</summary>
    public static Dictionary<string, List<Resource>> IndexByAnyName(ResMap m)
    {
        var result = new Dictionary<string, List<Resource>>(StringComparer.Ordinal);
        var bySpan = result.GetAlternateLookup<ReadOnlySpan<char>>();
        void Add(ReadOnlySpan<char> name, Resource r)
        {
            if (!bySpan.TryGetValue(name, out var list))
            {
                bySpan[name] = list = [];
            }

            // A resource that had the same name several times is listed once.
            if (list.Count == 0 || !ReferenceEquals(list[^1], r))
            {
                list.Add(r);
            }
        }

        foreach (var r in m.Resources)
        {
            if (r.Metadata?.GetMapping("annotations")?[Resource.PreviousNames] is YamlScalar { Value: var previous })
            {
                foreach (var range in previous.AsSpan().Split(','))
                {
                    Add(previous.AsSpan()[range], r);
                }
            }
            else if (r.Metadata?.GetMapping("annotations")?[Resource.PreviousNames] is not null)
            {
                Add(string.Empty, r);
            }

            Add(r.Name, r);
        }

        return result;
    }

    public static void Replicas(Dictionary<string, List<Resource>> byName, ReplicaArgs replica, List<FieldSpec> fieldSpecs)
    {
        var found = false;
        var named = (byName.GetValueOrDefault(replica.Name) ?? []).Select(r =>
        {
            var ids = r.PrevIds();
            ids.Add(r.CurId);
            return (Resource: r, Ids: ids);
        }).ToList();
        foreach (var fs in fieldSpecs)
        {
            var list = named
                .Where(e => e.Ids.Any(id => id.Name == replica.Name && id.Gvk.IsSelected(fs.Group, fs.Version, fs.Kind)))
                .Select(e => e.Resource)
                .ToList();
            if (list.Count == 0)
            {
                continue;
            }

            found = true;
            foreach (var r in list)
            {
                FieldSpecWalker.Apply(r.Node, fs, n => SetScalar(n, replica.Count.ToString(CultureInfo.InvariantCulture), YamlScalar.IntTag), CreateKind.Scalar, YamlScalar.IntTag);
            }
        }

        if (!found)
        {
            // kustomize sorts a transformer config's field specs by kind (the legacy order) then by the GVK's text.
            var gvks = string.Join(' ', fieldSpecs.Select(f => new Gvk(f.Group, f.Version, f.Kind, false))
                .OrderBy(g => DefaultKindOrder(g.Kind)).ThenBy(g => g.ToString(), StringComparer.Ordinal).Select(g => g.ToString()));
            throw new KustomizeException($"resource with name {replica.Name} does not match a config with the following GVK [{gvks}]");
        }
    }

    public static void Images(ResMap m, ImageArgs image, List<FieldSpec> fieldSpecs)
    {
        var updater = new ImageUpdater(image);
        foreach (var r in m.Resources)
        {
            if (r.Kind == "CustomResourceDefinition")
            {
                continue;
            }

            var found = new List<YamlMapping>();
            FindContainers(r.Node, found);
            updater.Apply(r, found, fieldSpecs);
        }
    }

    /// <summary>One <c>images</c> entry: the image texts it matches and what it makes of them.</summary>
    private sealed class ImageUpdater
    {
        private readonly ImageArgs _image;
        private readonly Regex _pattern;
        private readonly FieldSpecWalker.Setter _update;

        public ImageUpdater(ImageArgs image)
        {
            _image = image;
            _pattern = new Regex("^" + image.Name + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$", RegexOptions.CultureInvariant);
            _update = Update;
        }

        /// <summary>The updaters of every entry, or null when an entry's name does not compile (the entries then run one by one, failing where they would).</summary>
        public static List<ImageUpdater>? TryCreateAll(List<ImageArgs> images)
        {
            var all = new List<ImageUpdater>(images.Count);
            foreach (var image in images)
            {
                try
                {
                    all.Add(new ImageUpdater(image));
                }
                catch (ArgumentException)
                {
                    return null;
                }
            }

            return all;
        }

        /// <summary>The entry on one object: the containers the legacy walk found, then the configured fields.</summary>
        public void Apply(Resource r, List<YamlMapping> containers, List<FieldSpec> fieldSpecs)
        {
            foreach (var c in containers)
            {
                if (c["image"] is { } img && Update(img) is { } replaced)
                {
                    c.Set("image", replaced);
                }
            }

            foreach (var fs in fieldSpecs)
            {
                FieldSpecWalker.Apply(r.Node, fs, _update, CreateKind.None, null);
            }
        }

        private YamlScalar? Update(YamlNode n)
        {
            if (n is not YamlScalar s)
            {
                throw new KustomizeException($"wrong node kind: expected ScalarNode but got {n.Kind}Node");
            }

            var value = s.Value;
            if (!_pattern.IsMatch(value))
            {
                return null;
            }

            var image = _image;
            var (name, tag, digest) = SplitImage(value);
            if (image.NewName.Length > 0)
            {
                name = image.NewName;
            }

            if (image.NewTag.Length > 0 && image.Digest.Length > 0)
            {
                tag = image.NewTag;
                digest = image.Digest;
            }
            else if (image.NewTag.Length > 0)
            {
                tag = image.NewTag;
                digest = string.Empty;
            }
            else if (image.Digest.Length > 0)
            {
                tag = string.Empty;
                digest = image.Digest;
            }
            else if (image.TagSuffix.Length > 0)
            {
                tag += image.TagSuffix;
                digest = string.Empty;
            }

            if (tag.Length > 0)
            {
                name += ":" + tag;
            }

            if (digest.Length > 0)
            {
                name += "@" + digest;
            }

            return new YamlScalar(name, null, s.Style);
        }
    }

    /// <summary>The legacy image walk: the items of every containers/initContainers sequence anywhere in the object, depth first.</summary>
    private static void FindContainers(YamlNode node, List<YamlMapping> found)
    {
        switch (node)
        {
            case YamlMapping map:
                foreach (var (k, v) in map)
                {
                    FindContainers(v, found);
                    if (k.Value is "containers" or "initContainers" && v is YamlSequence seq)
                    {
                        foreach (var item in seq)
                        {
                            if (item is YamlMapping c)
                            {
                                found.Add(c);
                            }
                        }
                    }
                }

                break;
            case YamlSequence s:
                foreach (var item in s)
                {
                    FindContainers(item, found);
                }

                break;
        }
    }

    private static (string Name, string Tag, string Digest) SplitImage(string imageName)
    {
        var searchName = imageName;
        var slashIndex = imageName.IndexOf('/', StringComparison.Ordinal);
        if (slashIndex > 0)
        {
            searchName = imageName[slashIndex..];
        }
        else
        {
            slashIndex = 0;
        }

        var id = searchName.IndexOf('@', StringComparison.Ordinal);
        var ic = searchName.IndexOf(':', StringComparison.Ordinal);
        if (ic < 0 && id < 0)
        {
            return (imageName, string.Empty, string.Empty);
        }

        if (id >= 0 && (id < ic || ic < 0))
        {
            id += slashIndex;
            return (imageName[..id], string.Empty, imageName[(id + 1)..]);
        }

        if (id >= 0 && ic >= 0)
        {
            id += slashIndex;
            ic += slashIndex;
            return (imageName[..ic], imageName[(ic + 1)..id], imageName[(id + 1)..]);
        }

        ic += slashIndex;
        return (imageName[..ic], imageName[(ic + 1)..], string.Empty);
    }

    public static void AddHashSuffixes(ResMap m)
    {
        foreach (var r in m.Resources)
        {
            if (r.NeedHashSuffix())
            {
                var h = Generators.Hash(r);
                r.StorePreviousId();
                r.SetName(r.Name + "-" + h);
            }
        }
    }

    public static void DropLocalConfig(ResMap m)
    {
        var keep = m.Resources.Where(r =>
        {
            var v = r.GetAnnotation("config.kubernetes.io/local-config");
            return v is null || v == "false";
        }).ToList();
        if (keep.Count != m.Count)
        {
            m.ReplaceAll(keep);
        }
    }

    private static readonly string[] DefaultOrderFirst =
    [
        "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount", "PodSecurityPolicy",
        "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service",
        "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim", "Deployment", "StatefulSet",
        "CronJob", "PodDisruptionBudget",
    ];

    private static readonly string[] DefaultOrderLast = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

    /// <summary>kustomize's <c>typeOrders</c> of a kind with the default legacy lists (other kinds are 0).</summary>
    private static int DefaultKindOrder(string kind)
    {
        var i = Array.IndexOf(DefaultOrderFirst, kind);
        if (i >= 0)
        {
            return -DefaultOrderFirst.Length + i;
        }

        i = Array.IndexOf(DefaultOrderLast, kind);
        return i >= 0 ? i + 1 : 0;
    }

    public static void Sort(ResMap m, SortOptionsArgs? options)
    {
        string order;
        List<string>? first = null, last = null;
        if (options is null)
        {
            order = "legacy";
        }
        else
        {
            order = options.Order;
            if (order != "fifo" && order != "legacy")
            {
                throw new KustomizeException("the field 'sortOptions.order' must be one of [fifo, legacy]");
            }

            if (order == "fifo" && options.HasLegacyOptions)
            {
                throw new KustomizeException("the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'");
            }

            if (options.HasLegacyOptions)
            {
                first = options.OrderFirst ?? [];
                last = options.OrderLast ?? [];
            }
        }

        if (order != "legacy")
        {
            return;
        }

        first ??= [.. DefaultOrderFirst];
        last ??= [.. DefaultOrderLast];
        var typeOrders = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < first.Count; i++)
        {
            typeOrders[first[i]] = -first.Count + i;
        }

        for (var i = 0; i < last.Count; i++)
        {
            typeOrders[last[i]] = 1 + i;
        }

        var items = m.Resources.Select(r => new SortItem(r, r.CurId)).ToList();
        var sorted = items.Order(Comparer<SortItem>.Create((a, b) =>
        {
            if (Less(a, b, typeOrders))
            {
                return -1;
            }

            return Less(b, a, typeOrders) ? 1 : 0;
        })).Select(x => x.Resource).ToList();
        m.Clear();
        foreach (var r in sorted)
        {
            m.Append(r);
        }
    }

    private sealed class SortItem(Resource resource, ResId id)
    {
        public Resource Resource { get; } = resource;

        public ResId Id { get; } = id;

        public string GvkSort { get; } = id.Gvk.StableSortString();

        public string IdSort { get; } = LegacyIdSortString(id);
    }

    private static bool Less(SortItem x, SortItem y, Dictionary<string, int> typeOrders)
    {
        var a = x.Id;
        var b = y.Id;
        if (!a.Gvk.SameAs(b.Gvk))
        {
            var i1 = typeOrders.GetValueOrDefault(a.Gvk.Kind);
            var i2 = typeOrders.GetValueOrDefault(b.Gvk.Kind);
            if (i1 != i2)
            {
                return i1 < i2;
            }

            if (a.Gvk.Kind == "Namespace" && b.Gvk.Kind == "Namespace" && (a.Gvk.Group.Length == 0 || b.Gvk.Group.Length == 0))
            {
                return string.CompareOrdinal(x.GvkSort, y.GvkSort) > 0;
            }

            return string.CompareOrdinal(x.GvkSort, y.GvkSort) < 0;
        }

        return string.CompareOrdinal(x.IdSort, y.IdSort) < 0;
    }

    private static string LegacyIdSortString(ResId id) =>
        $"{id.Gvk}|{(id.Namespace.Length == 0 ? "~X" : id.Namespace)}|{(id.Name.Length == 0 ? "~N" : id.Name)}";
}
