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
        var orgIds = resources.Select(r => r.OrgId()).ToList();
        var filters = new Dictionary<Resource, List<(FieldSpec Spec, NameBackReference Target)>>();
        foreach (var backRef in backRefs)
        {
            foreach (var spec in backRef.Referrers)
            {
                for (var i = 0; i < resources.Count; i++)
                {
                    if (orgIds[i].Gvk.IsSelected(spec.Group, spec.Version, spec.Kind))
                    {
                        if (!filters.TryGetValue(resources[i], out var list))
                        {
                            filters[resources[i]] = list = [];
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

            var candidates = m.SubsetThatCouldBeReferencedBy(referrer);
            foreach (var (spec, target) in list)
            {
                var gvk = referrer.Gvk;
                var fs = spec with { Group = gvk.Group, Version = gvk.Version, Kind = gvk.Kind, Create = false };
                try
                {
                    FieldSpecWalker.Apply(referrer.Node, fs, n => Set(n, referrer, spec, target, candidates), CreateKind.None, null);
                }
                catch (KustomizeException ex)
                {
                    throw new KustomizeException($"updating name reference in '{spec.Path}' field of '{referrer.CurId}': {ex.Message}", ex);
                }
            }
        }
    }

    private static YamlScalar? Set(YamlNode node, Resource referrer, FieldSpec spec, NameBackReference target, List<Resource> candidates)
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

    private static YamlScalar? SetScalar(YamlScalar s, Resource referrer, FieldSpec spec, NameBackReference target, List<Resource> candidates)
    {
        var referral = SelectReferral(s.Value, candidates, referrer, spec, target, namespacesToo: false);
        if (referral is null)
        {
            return null;
        }

        referral.AppendRefBy(referrer.CurId);
        var name = referral.Name;
        return name == s.Value ? null : new YamlScalar(name, null, s.Style);
    }

    private static void SetMapping(YamlMapping node, Resource referrer, FieldSpec spec, NameBackReference target, List<Resource> candidates)
    {
        if (node["name"] is not { } nameNode)
        {
            throw new KustomizeException("path config error; no 'name' field in node");
        }

        var filtered = candidates;
        if (node["namespace"] is YamlScalar nsNode)
        {
            var ns = nsNode.Value;
            var byOriginal = GroupBy(candidates, r => r.OrgId().EffectiveNamespace);
            if (!byOriginal.TryGetValue(ns, out filtered!))
            {
                var byCurrent = GroupBy(candidates, r => r.CurId.EffectiveNamespace);
                filtered = byCurrent.GetValueOrDefault(ns) ?? [];
            }
        }

        var oldName = (nameNode as YamlScalar)?.Value ?? string.Empty;
        var referral = SelectReferral(oldName, filtered, referrer, spec, target, namespacesToo: true);
        if (referral is null)
        {
            return;
        }

        referral.AppendRefBy(referrer.CurId);
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

    private static Resource? SelectReferral(string oldName, List<Resource> candidates, Resource referrer, FieldSpec spec, NameBackReference target, bool namespacesToo)
    {
        var c = candidates.Where(r => r.PrevIds().Any(id => id.Name == oldName)).ToList();
        c = c.Where(r => r.PrevIds().Any(id => id.Gvk.IsSelected(target.Group, target.Version, target.Kind))).ToList();
        if (spec.Path.EndsWith("roleRef/name", StringComparison.Ordinal)
            && referrer.Node["roleRef"] is YamlMapping roleRef
            && roleRef["apiGroup"] is YamlScalar apiGroup
            && roleRef["kind"] is YamlScalar kind)
        {
            c = c.Where(r => r.PrevIds().Any(id => id.Gvk.IsSelected(apiGroup.Value, null, kind.Value))).ToList();
        }

        var referrerId = referrer.CurId;
        if (!referrerId.IsClusterScoped)
        {
            c = c.Where(r => r.CurId.IsClusterScoped || r.Kind == "ServiceAccount" || referrerId.IsNsEquals(r.CurId)).ToList();
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

/// <summary>The <c>crds</c> field: name references declared by CRD schemas (x-kubernetes-object-ref-*).</summary>
internal static class CrdConfig
{
    public static TransformerConfig Load(FileLoader ldr, List<string> paths)
    {
        var backRefs = new List<NameBackReference>();
        foreach (var path in paths)
        {
            var text = ldr.Load(path);
            var doc = YamlReader.ReadDocument(text);
            if (doc is not YamlMapping root)
            {
                continue;
            }

            // Either an OpenAPI document ({definitions: {...}}) or the definitions map itself.
            var defs = root.GetMapping("definitions") ?? root;
            foreach (var (defName, def) in defs)
            {
                if (def is not YamlMapping d)
                {
                    continue;
                }

                var gvk = d.GetSequence("x-kubernetes-group-version-kind")?.FirstOrDefault() as YamlMapping;
                var kind = gvk?.GetString("kind") ?? defName.Value.Split('.').Last();
                var group = gvk?.GetString("group") ?? string.Empty;
                var version = gvk?.GetString("version") ?? string.Empty;
                CollectRefs(d, string.Empty, new FieldSpec(group, version, kind, string.Empty, false), defs, backRefs, 0);
            }
        }

        return new TransformerConfig { NameReference = backRefs };
    }

    private static void CollectRefs(YamlMapping schema, string path, FieldSpec owner, YamlMapping defs, List<NameBackReference> backRefs, int depth)
    {
        if (depth > 20 || schema.GetMapping("properties") is not { } props)
        {
            return;
        }

        foreach (var (name, prop) in props)
        {
            if (prop is not YamlMapping p)
            {
                continue;
            }

            var propPath = path.Length == 0 ? name.Value : path + "/" + name.Value;
            if (p.GetString("x-kubernetes-object-ref-kind") is { } refKind)
            {
                var refVersion = p.GetString("x-kubernetes-object-ref-api-version") ?? string.Empty;
                var (g, v) = Gvk.SplitApiVersion(refVersion);
                var spec = owner with { Path = propPath };
                var i = backRefs.FindIndex(b => b.Kind == refKind && b.Group == g && b.Version == v);
                if (i < 0)
                {
                    backRefs.Add(new NameBackReference(g, v, refKind, [spec]));
                }
                else
                {
                    backRefs[i].Referrers.Add(spec);
                }
            }

            if (p.GetString("$ref") is { } reference && defs.GetMapping(reference.Split('/').Last()) is { } referenced)
            {
                CollectRefs(referenced, propPath, owner, defs, backRefs, depth + 1);
            }
            else
            {
                CollectRefs(p, propPath, owner, defs, backRefs, depth + 1);
            }
        }
    }
}
