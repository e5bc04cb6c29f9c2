namespace GitOps.Kustomize.Internal;

/// <summary>An ordered list of resources with kustomize's id rules for adding, absorbing and finding them.</summary>
internal sealed class ResMap
{
    private readonly List<Resource> _list = [];

    // Current ids of the resources, for conflict checks; rebuilt after anything may have renamed them.
    private HashSet<string>? _index;

    public IReadOnlyList<Resource> Resources => _list;

    public int Count => _list.Count;

    /// <summary>Forgets the id index; call after transforming resources (names, namespaces or kinds may have changed).</summary>
    public void InvalidateIndex() => _index = null;

    public static string IdKey(ResId id) => id.Gvk.Group + "|" + id.Gvk.Version + "|" + id.Gvk.Kind + "|" + id.Name + "|" + id.EffectiveNamespace;

    public void Append(Resource r)
    {
        if (_index is null)
        {
            _index = new HashSet<string>(StringComparer.Ordinal);
            foreach (var existing in _list)
            {
                _index.Add(IdKey(existing.CurId));
            }
        }

        var id = r.CurId;
        if (!_index.Add(IdKey(id)))
        {
            throw new KustomizeException($"may not add resource with an already registered id: {id}");
        }

        _list.Add(r);
    }

    public void AppendAll(ResMap other)
    {
        foreach (var r in other._list)
        {
            Append(r);
        }
    }

    public void Clear()
    {
        _list.Clear();
        _index = null;
    }

    public void ReplaceAll(IEnumerable<Resource> resources)
    {
        var copy = resources.ToList();
        _list.Clear();
        _list.AddRange(copy);
        _index = null;
    }

    /// <summary>
    /// The resources whose current or a previous id <paramref name="matches"/>, for a matcher that only accepts ids
    /// named <paramref name="name"/>: the others are passed over without reading their ids.
    /// </summary>
    public List<Resource> GetMatchingResourcesByAnyId(string name, Func<ResId, bool> matches)
    {
        var result = new List<Resource>();
        foreach (var r in _list)
        {
            if (!r.HasHadName(name))
            {
                continue;
            }

            if (r.CurId is var cur && matches(cur))
            {
                result.Add(r);
                continue;
            }

            foreach (var id in r.PrevIds())
            {
                if (matches(id))
                {
                    result.Add(r);
                    break;
                }
            }
        }

        return result;
    }

    public List<Resource> GetMatchingResourcesByCurrentId(Func<ResId, bool> matches) =>
        _list.Where(r => matches(r.CurId)).ToList();

    /// <summary>Adds a generated resource, merging into or replacing an existing one as its behavior asks.</summary>
    public void AbsorbAll(ResMap other)
    {
        foreach (var r in other._list)
        {
            AppendReplaceOrMerge(r);
        }
    }

    /// <summary>The resources a referrer may point at: same namespace, cluster-scoped, or a RoleBinding's subject namespaces.</summary>
    public List<Resource> SubsetThatCouldBeReferencedBy(Resource referrer)
    {
        var referrerId = referrer.CurId;
        if (referrerId.IsClusterScoped)
        {
            return [.. _list];
        }

        var roleBindingNamespaces = NamespacesForRoleBinding(referrer);
        var result = new List<Resource>();
        foreach (var t in _list)
        {
            var id = t.CurId;
            if (id.IsClusterScoped || id.IsNsEquals(referrerId) || roleBindingNamespaces.Contains(t.Namespace))
            {
                result.Add(t);
            }
        }

        return result;
    }

    public static HashSet<string> NamespacesForRoleBinding(Resource r)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (r.Kind != "RoleBinding" || r.Node.GetSequence("subjects") is not { } subjects)
        {
            return result;
        }

        foreach (var s in subjects)
        {
            if (s is Yaml.YamlMapping m && m["namespace"] is { } nsNode && m.GetString("kind") == "ServiceAccount")
            {
                if (nsNode is not Yaml.YamlScalar ns || ns.ResolvedType != Yaml.YamlValueType.Text)
                {
                    throw new KustomizeException($"Invalid Input: namespace is blank for resource \"{r.CurId}\"");
                }

                result.Add(ns.Value);
            }
        }

        return result;
    }

    private void AppendReplaceOrMerge(Resource res)
    {
        var id = res.CurId;
        var matches = GetMatchingResourcesByAnyId(id.Name, other => other.SameAs(id));
        switch (matches.Count)
        {
            case 0:
                var behavior = res.Behavior();
                if (behavior is "merge" or "replace")
                {
                    throw new KustomizeException($"id {GoIdString(id)} does not exist; cannot merge or replace");
                }

                Append(res);
                return;
            case 1:
                var old = matches[0];
                var index = _list.IndexOf(old);
                switch (res.Behavior())
                {
                    case "replace":
                        CopyMergeMetaDataFieldsFrom(res, old);
                        break;
                    case "merge":
                        var origin = old.GetAnnotation(Resource.OriginAnnotation);
                        CopyMergeMetaDataFieldsFrom(res, old);
                        MergeDataMap(res, old, "data");
                        MergeDataMap(res, old, "binaryData");
                        if (origin is not null)
                        {
                            var a = res.GetAnnotations();
                            a[Resource.OriginAnnotation] = origin;
                            res.SetAnnotations(a);
                        }

                        break;
                    default:
                        throw new KustomizeException($"id {GoIdString(id)} exists; behavior must be merge or replace");
                }

                _list[index] = res;
                _index = null;
                return;
            default:
                throw new KustomizeException($"found multiple objects that could accept merge of {id}");
        }
    }

    private static string GoIdString(ResId id) =>
        $"resid.ResId{{Gvk:resid.Gvk{{Group:\"{id.Gvk.Group}\", Version:\"{id.Gvk.Version}\", Kind:\"{id.Gvk.Kind}\", isClusterScoped:{(id.IsClusterScoped ? "true" : "false")}}}, Name:\"{id.Name}\", Namespace:\"{id.Namespace}\"}}";

    private static void CopyMergeMetaDataFieldsFrom(Resource r, Resource other)
    {
        var labels = other.GetLabels();
        foreach (var (k, v) in r.GetLabels())
        {
            labels[k] = v;
        }

        r.SetLabels(labels);

        var ra = r.GetAnnotations();
        var enableHash = ra.ContainsKey(Resource.NeedsHashSuffix);
        var merged = new Dictionary<string, string>(other.GetAnnotations(), StringComparer.Ordinal);
        foreach (var (k, v) in ra)
        {
            merged[k] = v;
        }

        // Build annotations come from the older resource only.
        r.TakeReferredFrom(other);
        var otherAnnotations = other.GetAnnotations();
        foreach (var b in Resource.BuildAnnotations)
        {
            if (otherAnnotations.TryGetValue(b, out var v))
            {
                merged[b] = v;
            }
            else
            {
                merged.Remove(b);
            }
        }

        if (!enableHash)
        {
            merged.Remove(Resource.NeedsHashSuffix);
        }
        else if (!merged.ContainsKey(Resource.NeedsHashSuffix) && ra.TryGetValue(Resource.NeedsHashSuffix, out var needs))
        {
            _ = needs;
        }

        r.SetAnnotations(merged);
        r.SetName(other.Name);
        r.SetNamespace(other.Namespace);
    }

    private static void MergeDataMap(Resource r, Resource other, string field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (other.Node.GetMapping(field) is { } om)
        {
            foreach (var (k, v) in om)
            {
                result[k.Value] = v is Yaml.YamlScalar s ? s.Value : string.Empty;
            }
        }

        if (r.Node.GetMapping(field) is { } rm)
        {
            foreach (var (k, v) in rm)
            {
                result[k.Value] = v is Yaml.YamlScalar s ? s.Value : string.Empty;
            }
        }

        // kyaml's SetDataMap: the field is rewritten with string values, or removed when empty.
        r.Node.Remove(field);
        if (result.Count == 0)
        {
            return;
        }

        var m = new Yaml.YamlMapping();
        foreach (var k in result.Keys.Order(StringComparer.Ordinal))
        {
            var value = result[k];
            m.Add(Yaml.Internal.SharedKeys.Get(k), new Yaml.YamlScalar(value, Yaml.YamlScalar.StringTag, value.Contains('\n', StringComparison.Ordinal) ? Yaml.YamlScalarStyle.Literal : Yaml.YamlScalarStyle.Plain));
        }

        r.Node.Set(field, m);
    }
}
