using GitOps.Yaml;

namespace GitOps.Kustomize.Internal;

/// <summary>
/// Propagates renames (prefix, suffix, hash, namespace) into the fields that refer to renamed objects,
/// following kustomize's nameReference configuration and its rules for choosing among candidates.
/// </summary>
internal static class NameReferenceTransformer
{
    public static void Fix(ResMap m, List<NameBackReference> backRefs)
    {
        var resources = m.Resources.ToList();

        // Referral names and ids do not change while references are fixed: index them once.
        var index = new Index(resources);

        // The referrer field specs that select each object, in configuration order. Objects of one original
        // group, version and kind are selected together.
        var byGvk = new Dictionary<(string, string, string), List<Resource>>();
        foreach (var r in resources)
        {
            var gvk = index.OrgId(r).Gvk;
            if (!byGvk.TryGetValue((gvk.Group, gvk.Version, gvk.Kind), out var same))
            {
                byGvk[(gvk.Group, gvk.Version, gvk.Kind)] = same = [];
            }

            same.Add(r);
        }

        var filters = new Dictionary<Resource, List<(FieldSpec Spec, NameBackReference Target)>>(ReferenceEqualityComparer.Instance);
        foreach (var backRef in backRefs)
        {
            foreach (var spec in backRef.Referrers)
            {
                foreach (var (gvk, same) in byGvk)
                {
                    if (!index.OrgId(same[0]).Gvk.IsSelected(spec.Group, spec.Version, spec.Kind))
                    {
                        continue;
                    }

                    foreach (var r in same)
                    {
                        if (!filters.TryGetValue(r, out var list))
                        {
                            filters[r] = list = [];
                        }

                        list.Add((spec, backRef));
                    }
                }
            }
        }

        foreach (var referrer in resources)
        {
            if (!filters.TryGetValue(referrer, out var list))
            {
                continue;
            }

            // One setter per referrer: the walker calls it for the spec being walked.
            var fixer = new ReferenceFixer(referrer, new Candidates(index, referrer, m));
            foreach (var (spec, target) in list)
            {
                fixer.Spec = spec;
                fixer.Target = target;
                try
                {
                    // The spec selected the referrer by its original id; it is walked on the referrer as it is now.
                    FieldSpecWalker.ApplyPath(referrer.Node, spec.Path, create: false, fixer.Setter, CreateKind.None, null);
                }
                catch (KustomizeException ex)
                {
                    throw new KustomizeException($"updating name reference in '{spec.Path}' field of '{referrer.CurId}': {ex.Message}", ex);
                }
            }
        }
    }

    private sealed class ReferenceFixer
    {
        private readonly Resource _referrer;
        private readonly Candidates _candidates;

        public ReferenceFixer(Resource referrer, Candidates candidates)
        {
            _referrer = referrer;
            _candidates = candidates;
            Setter = n => Set(n, _referrer, Spec!, Target!, _candidates);
        }

        public FieldSpec? Spec { get; set; }

        public NameBackReference? Target { get; set; }

        public FieldSpecWalker.Setter Setter { get; }
    }

    private static YamlScalar? Set(YamlNode node, Resource referrer, FieldSpec spec, NameBackReference target, Candidates candidates)
    {
        switch (node)
        {
            case YamlScalar s when s.IsNull:
                return null;
            case YamlScalar s:
                return SetScalar(s, referrer, spec, target, candidates);
            case YamlMapping map:
                SetMapping(map, referrer, spec, target, candidates);
                return null;
            case YamlSequence seq:
                for (var i = 0; i < seq.Count; i++)
                {
                    switch (seq[i])
                    {
                        case YamlScalar { IsNull: true }:
                            break;
                        case YamlScalar es:
                            if (SetScalar(es, referrer, spec, target, candidates) is { } replaced)
                            {
                                seq[i] = replaced;
                            }

                            break;
                        case YamlMapping em:
                            SetMapping(em, referrer, spec, target, candidates);
                            break;
                        default:
                            throw new KustomizeException("node is expected to be either a string or a map of string");
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static YamlScalar? SetScalar(YamlScalar s, Resource referrer, FieldSpec spec, NameBackReference target, Candidates candidates)
    {
        var referral = SelectReferral(s.Value, candidates.Named(s.Value), candidates.Index, referrer, spec, target, namespacesToo: false);
        if (referral is null)
        {
            return null;
        }

        referral.MarkReferred();
        var name = referral.Name;
        return name == s.Value ? null : new YamlScalar(name, null, s.Style);
    }

    private static void SetMapping(YamlMapping node, Resource referrer, FieldSpec spec, NameBackReference target, Candidates candidates)
    {
        if (node["name"] is not { } nameNode)
        {
            throw new KustomizeException("path config error; no 'name' field in node");
        }

        var oldName = (nameNode as YamlScalar)?.Value ?? string.Empty;
        var filtered = candidates.Named(oldName);
        if (node["namespace"] is YamlScalar nsNode)
        {
            var ns = nsNode.Value;
            var all = candidates.All();
            var byOriginal = GroupBy(all, r => candidates.Index.OrgId(r).EffectiveNamespace);
            if (!byOriginal.TryGetValue(ns, out var nsFiltered))
            {
                var byCurrent = GroupBy(all, r => candidates.Index.CurId(r).EffectiveNamespace);
                nsFiltered = byCurrent.GetValueOrDefault(ns) ?? [];
            }

            var allowed = nsFiltered.ToHashSet();
            filtered = filtered.Where(allowed.Contains).ToList();
        }

        var referral = SelectReferral(oldName, filtered, candidates.Index, referrer, spec, target, namespacesToo: true);
        if (referral is null)
        {
            return;
        }

        referral.MarkReferred();
        if (referral.Name == oldName && referral.Namespace.Length == 0)
        {
            return;
        }

        node.Set("name", new YamlScalar(referral.Name, null, (nameNode as YamlScalar)?.Style ?? YamlScalarStyle.Plain));
        if (referral.Namespace.Length == 0)
        {
            return;
        }

        var oldNs = node["namespace"] as YamlScalar;
        node.Set("namespace", new YamlScalar(referral.Namespace, null, oldNs?.Style ?? YamlScalarStyle.Plain));
    }

    private static bool AnySelected(List<ResId> ids, string? group, string? version, string? kind)
    {
        foreach (var id in ids)
        {
            if (id.Gvk.IsSelected(group, version, kind))
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<string, List<Resource>> GroupBy(List<Resource> list, Func<Resource, string> key)
    {
        var result = new Dictionary<string, List<Resource>>(StringComparer.Ordinal);
        foreach (var r in list)
        {
            var k = key(r);
            if (!result.TryGetValue(k, out var l))
            {
                result[k] = l = [];
            }

            l.Add(r);
        }

        result.Remove(ResId.NotNamespaceable);
        return result;
    }

    private static Resource? SelectReferral(string oldName, List<Resource> candidates, Index index, Resource referrer, FieldSpec spec, NameBackReference target, bool namespacesToo)
    {
        _ = oldName; // candidates are already those with a previous name equal to oldName
        var c = new List<Resource>(candidates.Count);
        foreach (var r in candidates)
        {
            if (AnySelected(index.PrevIds(r), target.Group, target.Version, target.Kind))
            {
                c.Add(r);
            }
        }

        if (spec.Path.EndsWith("roleRef/name", StringComparison.Ordinal)
            && referrer.Node["roleRef"] is YamlMapping roleRef
            && roleRef["apiGroup"] is YamlScalar apiGroup
            && roleRef["kind"] is YamlScalar kind)
        {
            c.RemoveAll(r => !AnySelected(index.PrevIds(r), apiGroup.Value, null, kind.Value));
        }

        var referrerId = referrer.CurId;
        if (!referrerId.IsClusterScoped)
        {
            c.RemoveAll(r => !(index.CurId(r).IsClusterScoped || r.Kind == "ServiceAccount" || referrerId.IsNsEquals(index.CurId(r))));
        }

        if (c.Count == 1)
        {
            return c[0];
        }

        c = c.Where(r => r.PrefixesSuffixesEquals(referrer, allowEmpty: true)).ToList();
        if (c.Count > 1)
        {
            c = c.Where(r => r.PrefixesSuffixesEquals(referrer, allowEmpty: false)).ToList();
        }

        if (c.Count == 1)
        {
            return c[0];
        }

        if (c.Count == 0)
        {
            return null;
        }

        var identical = namespacesToo
            ? c.All(r => r.Name == c[0].Name && r.Namespace == c[0].Namespace)
            : c.All(r => r.Name == c[0].Name);
        if (identical)
        {
            return c[0];
        }

        throw new KustomizeException($"found multiple possible referrals: {string.Join(", ", c.Select(r => r.CurId))}");
    }
}

/// <summary>Ids and previous ids of every resource, and resources by previous name, computed once per pass.</summary>
internal sealed class Index
{
    private readonly Dictionary<Resource, (ResId Cur, List<ResId> Prev)> _ids = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, List<Resource>> _byPrevName = new(StringComparer.Ordinal);

    public Index(List<Resource> resources)
    {
        foreach (var r in resources)
        {
            var prev = r.PrevIds();
            _ids[r] = (r.CurId, prev);
            foreach (var name in prev.Select(p => p.Name).Distinct(StringComparer.Ordinal))
            {
                if (!_byPrevName.TryGetValue(name, out var list))
                {
                    _byPrevName[name] = list = [];
                }

                list.Add(r);
            }
        }
    }

    public ResId CurId(Resource r) => _ids.TryGetValue(r, out var e) ? e.Cur : r.CurId;

    public List<ResId> PrevIds(Resource r) => _ids.TryGetValue(r, out var e) ? e.Prev : r.PrevIds();

    public ResId OrgId(Resource r)
    {
        var prev = PrevIds(r);
        return prev.Count > 0 ? prev[0] : CurId(r);
    }

    public IReadOnlyList<Resource> WithPreviousName(string name) => _byPrevName.TryGetValue(name, out var l) ? l : [];
}

/// <summary>The resources a referrer may point at (kustomize's SubsetThatCouldBeReferencedByResource), looked up by name.</summary>
internal sealed class Candidates
{
    private readonly Resource _referrer;
    private readonly ResMap _all;
    private readonly ResId _referrerId;
    private readonly HashSet<string> _roleBindingNamespaces;

    public Candidates(Index index, Resource referrer, ResMap all)
    {
        Index = index;
        _referrer = referrer;
        _all = all;
        _referrerId = index.CurId(referrer);
        _roleBindingNamespaces = _referrerId.IsClusterScoped ? [] : ResMap.NamespacesForRoleBinding(referrer);
    }

    public Index Index { get; }

    private bool CouldBeReferenced(Resource target)
    {
        if (_referrerId.IsClusterScoped)
        {
            return true;
        }

        var id = Index.CurId(target);
        return id.IsClusterScoped || id.IsNsEquals(_referrerId) || _roleBindingNamespaces.Contains(target.Namespace);
    }

    /// <summary>Candidates with a previous name equal to <paramref name="name"/>, in build order.</summary>
    public List<Resource> Named(string name) => Index.WithPreviousName(name).Where(CouldBeReferenced).ToList();

    public List<Resource> All() => _all.Resources.Where(CouldBeReferenced).ToList();

    public override string ToString() => _referrer.ToString() ?? string.Empty;
}

/// <summary>
/// The <c>crds</c> field: OpenAPI definitions (type name to schema) whose properties carry kustomize's
/// x-kubernetes-* extensions, turned into name references and label, annotation and prefix field specs.
/// </summary>
internal static class CrdConfig
{
    public static TransformerConfig Load(FileLoader ldr, List<string> paths)
    {
        var result = TransformerConfig.Empty();
        foreach (var path in paths)
        {
            YamlNode doc;
            try
            {
                doc = YamlReader.ReadDocument(ldr.Load(path));
            }
            catch (YamlException ex)
            {
                throw new KustomizeException($"unable to parse open API definition from '{path}': {ex.Message}", ex);
            }

            if (doc is not YamlMapping types)
            {
                throw new KustomizeException($"unable to parse open API definition from '{path}'");
            }

            foreach (var (typeName, api) in types)
            {
                var props = ((api as YamlMapping)?.GetMapping("Schema"))?.GetMapping("properties");
                if (props is null || !props.ContainsKey("kind") || !props.ContainsKey("apiVersion") || !props.ContainsKey("metadata"))
                {
                    continue;
                }

                var kind = typeName.Value.Split('.').Last();
                var tc = new TransformerConfig();
                LoadType(tc, kind, types, typeName.Value, [], 0);
                result = result.Merge(tc);
            }
        }

        return result;
    }

    private static void LoadType(TransformerConfig tc, string kind, YamlMapping types, string typeName, List<string> path, int depth)
    {
        if (depth > 32 || types.GetMapping(typeName)?.GetMapping("Schema")?.GetMapping("properties") is not { } props)
        {
            return;
        }

        foreach (var (propName, prop) in props)
        {
            if (prop is not YamlMapping p)
            {
                continue;
            }

            var propPath = new List<string>(path) { propName.Value };
            FieldSpec Fs(List<string> parts) => new(string.Empty, string.Empty, kind, string.Join('/', parts), false);
            if (p.ContainsKey("x-kubernetes-annotation"))
            {
                tc.CommonAnnotations.Add(Fs(propPath));
            }

            if (p.ContainsKey("x-kubernetes-label-selector"))
            {
                tc.CommonLabels.Add(Fs(propPath));
            }

            if (p.ContainsKey("x-kubernetes-identity"))
            {
                tc.NamePrefix.Add(Fs(propPath));
            }

            if (p.GetString("x-kubernetes-object-ref-api-version") is { } version && p.GetString("x-kubernetes-object-ref-kind") is { } refKind)
            {
                var nameKey = p.GetString("x-kubernetes-object-ref-name-key") ?? "name";
                var spec = Fs([.. propPath, nameKey]);
                var i = tc.NameReference.FindIndex(b => b.Kind == refKind && b.Version == version && b.Group.Length == 0);
                if (i < 0)
                {
                    tc.NameReference.Add(new NameBackReference(string.Empty, version, refKind, [spec]));
                }
                else
                {
                    tc.NameReference[i] = tc.NameReference[i] with { Referrers = TransformerConfig.MergeOne(tc.NameReference[i].Referrers, spec) };
                }
            }

            if (p.GetString("$ref") is { Length: > 0 } reference)
            {
                LoadType(tc, kind, types, reference, propPath, depth + 1);
            }
        }
    }
}
