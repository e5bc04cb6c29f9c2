using GitOps.Yaml;

namespace GitOps.Kustomize.Internal;

/// <summary>
/// One object being built. Like kustomize, the build keeps its bookkeeping (previous names, prefixes,
/// generator behavior) in annotations on the object itself and strips them at the end, so that every
/// side effect on the printed object matches kustomize's.
/// </summary>
internal sealed class Resource
{
    public const string Domain = "internal.config.kubernetes.io";
    public const string PreviousKinds = Domain + "/previousKinds";
    public const string PreviousNames = Domain + "/previousNames";
    public const string Prefixes = Domain + "/prefixes";
    public const string Suffixes = Domain + "/suffixes";
    public const string PreviousNamespaces = Domain + "/previousNamespaces";
    public const string RefBy = Domain + "/refBy";
    public const string GeneratorBehavior = Domain + "/generatorBehavior";
    public const string NeedsHashSuffix = Domain + "/needsHashSuffix";
    public const string AllowNameChange = Domain + "/allowNameChange";
    public const string AllowKindChange = Domain + "/allowKindChange";
    public const string OriginAnnotation = "config.kubernetes.io/origin";
    public const string TransformationsAnnotation = "alpha.config.kubernetes.io/transformations";

    public static readonly string[] BuildAnnotations =
    [
        PreviousKinds, PreviousNames, Prefixes, Suffixes, PreviousNamespaces, AllowNameChange, AllowKindChange,
        RefBy, GeneratorBehavior, NeedsHashSuffix,
        "config.kubernetes.io/path", "config.kubernetes.io/index", "internal.config.kubernetes.io/seqindent",
        "internal.config.kubernetes.io/id", "internal.config.kubernetes.io/annotations-migration-resource-id",
        "internal.config.kubernetes.io/path", "internal.config.kubernetes.io/index", "config.k8s.io/id",
    ];

    public Resource(YamlMapping node)
    {
        Node = node;
    }

    // Whether another object referred to this one (kustomize's refBy annotation; see MarkReferred).
    private bool _referred;

    public YamlMapping Node { get; private set; }

    public string Kind => Node.GetString("kind") ?? string.Empty;

    public string ApiVersion => Node.GetString("apiVersion") ?? string.Empty;

    public string Name => Metadata?.GetString("name") ?? string.Empty;

    public string Namespace => Metadata?.GetString("namespace") ?? string.Empty;

    public YamlMapping? Metadata => Node.GetMapping("metadata");

    public Gvk Gvk => Gvk.FromApiVersion(ApiVersion, Kind);

    public ResId CurId => new(Gvk, Name, Namespace);

    public Resource DeepCopy() => new((YamlMapping)Node.DeepClone()) { _referred = _referred, RefVarNames = [.. RefVarNames] };

    /// <summary>The names of the legacy vars whose value comes from this object (kustomize's refVarNames).</summary>
    public List<string> RefVarNames { get; private set; } = [];

    public void Replace(YamlMapping node) => Node = node;

    public void SetName(string name) => Node.GetOrAddMapping("metadata").Set("name", YamlScalar.FromString(name));

    public void SetNamespace(string ns)
    {
        // kyaml's SetNamespace clears the field for an empty value.
        var md = Node.GetOrAddMapping("metadata");
        if (ns.Length == 0)
        {
            md.Remove("namespace");
        }
        else
        {
            md.Set("namespace", YamlScalar.FromString(ns));
        }
    }

    public Dictionary<string, string> GetAnnotations() => GetMetaMap("annotations");

    public Dictionary<string, string> GetLabels() => GetMetaMap("labels");

    public string? GetAnnotation(string key) => Metadata?.GetMapping("annotations")?.GetString(key);

    /// <summary>The text of one label, as <see cref="GetLabels"/> has it (null when absent), without copying the map.</summary>
    public string? LabelValue(string key) => MetaValue("labels", key);

    /// <summary>The text of one annotation, as <see cref="GetAnnotations"/> has it (null when absent), without copying the map.</summary>
    public string? AnnotationValue(string key) => MetaValue("annotations", key);

    // As the copied map has it: a repeated key (possible in a map built in code) gives its last value.
    private string? MetaValue(string field, string key)
    {
        if (Metadata?.GetMapping(field) is not { } map)
        {
            return null;
        }

        string? value = null;
        foreach (var (k, v) in map)
        {
            if (string.Equals(k.Value, key, StringComparison.Ordinal))
            {
                value = v is YamlScalar s ? s.Value : string.Empty;
            }
        }

        return value;
    }

    /// <summary>kyaml's SetAnnotation: one key set, an empty annotations map cleared first.</summary>
    public void SetAnnotation(string key, string value)
    {
        var md = Node.GetOrAddMapping("metadata");
        if (md["annotations"] is YamlMapping { Count: 0 })
        {
            md.Remove("annotations");
        }

        md.GetOrAddMapping("annotations").Set(key, new YamlScalar(value, YamlScalar.StringTag, YamlScalarStyle.SingleQuoted));
    }

    public void SetLabel(string key, string value)
    {
        var md = Node.GetOrAddMapping("metadata");
        if (md["labels"] is YamlMapping { Count: 0 })
        {
            md.Remove("labels");
        }

        md.GetOrAddMapping("labels").Set(key, YamlScalar.FromString(value));
    }

    /// <summary>kyaml's SetAnnotations: the whole map replaced (values become strings), removed when empty.</summary>
    public void SetAnnotations(IReadOnlyDictionary<string, string> map) => SetMetaMap("annotations", map);

    public void SetLabels(IReadOnlyDictionary<string, string> map) => SetMetaMap("labels", map);

    public List<ResId> PrevIds()
    {
        var annotations = Metadata?.GetMapping("annotations");
        if (annotations?[PreviousNames] is not { } namesNode)
        {
            return [];
        }

        var n = Text(namesNode).Split(',');
        var ns = Text(annotations[PreviousNamespaces]).Split(',');
        var k = Text(annotations[PreviousKinds]).Split(',');
        if (n.Length != ns.Length || n.Length != k.Length)
        {
            throw new KustomizeException("number of previous names, number of previous namespaces, number of previous kinds not equal");
        }

        var (g, v) = Gvk.SplitApiVersion(ApiVersion);
        var ids = new List<ResId>(n.Length);
        for (var i = 0; i < n.Length; i++)
        {
            ids.Add(new ResId(new Gvk(g, v, k[i], clusterScoped: false), n[i], ns[i]));
        }

        return ids;
    }

    public ResId OrgId()
    {
        // The first previous id, read without splitting the lists (a build may store thousands of previous ids).
        var annotations = Metadata?.GetMapping("annotations");
        if (annotations?[PreviousNames] is not { } namesNode)
        {
            return CurId;
        }

        var (n, ns, k) = (Text(namesNode), Text(annotations[PreviousNamespaces]), Text(annotations[PreviousKinds]));
        var count = n.AsSpan().Count(',');
        if (ns.AsSpan().Count(',') != count || k.AsSpan().Count(',') != count)
        {
            throw new KustomizeException("number of previous names, number of previous namespaces, number of previous kinds not equal");
        }

        static string First(string csv) => csv.IndexOf(',') is var i and >= 0 ? csv[..i] : csv;
        var (g, v) = Gvk.SplitApiVersion(ApiVersion);
        return new ResId(new Gvk(g, v, First(k), clusterScoped: false), First(n), First(ns));
    }

    /// <summary>Whether this object is or was named <paramref name="name"/> (its current or a previous name), read without splitting the list.</summary>
    public bool HasHadName(string name) => Name == name || InPreviousList(PreviousNames, name);

    /// <summary>Whether this object is or was of kind <paramref name="kind"/>, read without splitting the list.</summary>
    public bool HasHadKind(string kind) => Kind == kind || InPreviousList(PreviousKinds, kind);

    // Whether a list of previous ids holds value; as for PrevIds, there are previous ids only when there are previous names.
    private bool InPreviousList(string annotation, string value)
    {
        var annotations = Metadata?.GetMapping("annotations");
        if (annotations?[PreviousNames] is null)
        {
            return false;
        }

        var list = Text(annotations[annotation]);
        foreach (var range in list.AsSpan().Split(','))
        {
            if (list.AsSpan()[range].SequenceEqual(value))
            {
                return true;
            }
        }

        return false;
    }

    private static string Text(YamlNode? node) => node is YamlScalar s ? s.Value : string.Empty;

    public void StorePreviousId()
    {
        var id = CurId;
        AppendCsvAnnotation(PreviousNames, id.Name);
        AppendCsvAnnotation(PreviousNamespaces, id.EffectiveNamespace);
        AppendCsvAnnotation(PreviousKinds, id.Gvk.Kind);
    }

    public void AddNamePrefix(string p) => AppendCsvAnnotation(Prefixes, p);

    public void AddNameSuffix(string s) => AppendCsvAnnotation(Suffixes, s);

    public List<string> GetNamePrefixes() => GetCsvAnnotation(Prefixes);

    public List<string> GetNameSuffixes() => GetCsvAnnotation(Suffixes);

    /// <summary>
    /// Records that another object refers to this one. kustomize appends the referrer's id to the
    /// comma-separated refBy annotation, rewriting the whole list each time, which is quadratic in the number
    /// of referrers (a ConfigMap shared by thousands of workloads). Nothing in a build reads that list back and
    /// the annotation is stripped before printing; its one visible effect, that stripping rewrites the
    /// annotations of a referred object, only needs to know that there was a referrer
    /// (<see cref="RemoveBuildAnnotations"/>).
    /// </summary>
    public void MarkReferred() => _referred = true;

    /// <summary>Build bookkeeping comes from the older object when a generator merges or replaces it.</summary>
    public void TakeReferredFrom(Resource older) => _referred = older._referred;

    public bool NeedHashSuffix() => GetAnnotation(NeedsHashSuffix) == "enabled";

    public void EnableHashSuffix() => Enable(NeedsHashSuffix);

    public string Behavior() => GetAnnotations().GetValueOrDefault(GeneratorBehavior) ?? string.Empty;

    public void SetBehavior(string behavior)
    {
        var a = GetAnnotations();
        a[GeneratorBehavior] = behavior;
        SetAnnotations(a);
    }

    public bool PrefixesSuffixesEquals(Resource o, bool allowEmpty)
    {
        var rp = GetNamePrefixes();
        var op = o.GetNamePrefixes();
        var rs = GetNameSuffixes();
        var os = o.GetNameSuffixes();
        if (allowEmpty)
        {
            var eitherPrefixEmpty = rp.Count == 0 || op.Count == 0;
            var eitherSuffixEmpty = rs.Count == 0 || os.Count == 0;
            return (eitherPrefixEmpty || SameEndingSubSlice(rp, op)) && (eitherSuffixEmpty || SameEndingSubSlice(rs, os));
        }

        return SameEndingSubSlice(rp, op) && SameEndingSubSlice(rs, os);
    }

    /// <summary>
    /// The end of a build: the build annotations are stripped (and the origin and transformation annotations
    /// unless the build metadata keeps them), which rewrites the annotations of every object that has any.
    /// </summary>
    public void RemoveBuildAnnotations(bool keepOrigin, bool keepTransformations)
    {
        var annotations = Metadata?.GetMapping("annotations");
        if ((annotations is null || annotations.Count == 0) && !_referred)
        {
            return;
        }

        // kustomize strips the build annotations (and the origin and transformation ones in a second and third
        // rewrite; the result of one rewrite is the same) and sets what is left as a new map: keys sorted, values
        // strings, a repeated key keeping its last value; no map at all when nothing is left.
        var kept = new List<(string Key, string Value, int At)>(annotations?.Count ?? 0);
        if (annotations is not null)
        {
            foreach (var (k, v) in annotations)
            {
                var key = k.Value;
                if (StrippedAtEnd.Contains(key) || (!keepOrigin && key == OriginAnnotation) || (!keepTransformations && key == TransformationsAnnotation))
                {
                    continue;
                }

                kept.Add((key, v is YamlScalar s ? s.Value : string.Empty, kept.Count));
            }
        }

        kept.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key) is var c && c != 0 ? c : a.At.CompareTo(b.At));
        var md = Node.GetOrAddMapping("metadata");
        md.Remove("annotations");
        if (kept.Count == 0)
        {
            return;
        }

        var m = new YamlMapping();
        for (var i = 0; i < kept.Count; i++)
        {
            if (i + 1 < kept.Count && kept[i + 1].Key == kept[i].Key)
            {
                continue;
            }

            m.Add(GitOps.Yaml.Internal.SharedKeys.Get(kept[i].Key), YamlScalar.FromString(kept[i].Value));
        }

        md.Set("annotations", m);
    }

    private static readonly HashSet<string> StrippedAtEnd = new(BuildAnnotations, StringComparer.Ordinal);

    public void RemoveAnnotationIfPresent(string key)
    {
        var a = GetAnnotations();
        if (a.Remove(key))
        {
            SetAnnotations(a);
        }
        else
        {
            // kyaml's SetAnnotations is still called by kustomize; it rewrites the map (and clears it when empty).
            SetAnnotations(a);
        }
    }

    public void Enable(string key)
    {
        var a = GetAnnotations();
        a[key] = "enabled";
        SetAnnotations(a);
    }

    private static bool SameEndingSubSlice(List<string> shortest, List<string> longest)
    {
        if (shortest.Count > longest.Count)
        {
            (shortest, longest) = (longest, shortest);
        }

        var diff = longest.Count - shortest.Count;
        if (shortest.Count == 0)
        {
            return diff == 0;
        }

        for (var i = shortest.Count - 1; i >= 0; i--)
        {
            if (longest[i + diff] != shortest[i])
            {
                return false;
            }
        }

        return true;
    }

    private void AppendCsvAnnotation(string name, string value)
    {
        if (value.Length == 0)
        {
            return;
        }

        var current = GetAnnotation(name);
        SetAnnotation(name, current is null ? value : current + "," + value);
    }

    private List<string> GetCsvAnnotation(string name)
    {
        var v = GetAnnotation(name);
        return v is null ? [] : [.. v.Split(',')];
    }

    private Dictionary<string, string> GetMetaMap(string field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Metadata?.GetMapping(field) is { } m)
        {
            foreach (var (k, v) in m)
            {
                result[k.Value] = v is YamlScalar s ? s.Value : string.Empty;
            }
        }

        return result;
    }

    private void SetMetaMap(string field, IReadOnlyDictionary<string, string> map)
    {
        var md = Node.GetOrAddMapping("metadata");
        md.Remove(field);
        if (map.Count == 0)
        {
            return;
        }

        var keys = new string[map.Count];
        var n = 0;
        foreach (var k in map.Keys)
        {
            keys[n++] = k;
        }

        Array.Sort(keys, StringComparer.Ordinal);
        var m = new YamlMapping();
        foreach (var k in keys)
        {
            m.Add(GitOps.Yaml.Internal.SharedKeys.Get(k), YamlScalar.FromString(map[k]));
        }

        md.Set(field, m);
    }
}
