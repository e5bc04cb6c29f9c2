using System.Text.RegularExpressions;

namespace GitOps.Helm.Index.Internal;

/// <summary>
/// Decodes index tokens straight into the compact model with Helm's rules (helm v4 <c>loadIndex</c>):
/// the YAML path is strict (unknown fields and repeated keys refuse the document) and turns numbers and
/// booleans into strings only where sigs.k8s.io/yaml does (fields declared directly on the chart version
/// and the index, not those of the embedded chart metadata); the JSON path ignores unknown fields and lets
/// a repeated key win. Entries that fail chart metadata validation are dropped and counted, not fatal.
/// </summary>
internal sealed partial class IndexDecoder
{
    private static readonly string[] TopFields = ["apiVersion", "generated", "entries", "serverInfo", "publicKeys", "annotations"];

    private static readonly string[] EntryFields =
    [
        "name", "version", "urls", "digest", "created", "appVersion", "apiVersion", "description", "type", "kubeVersion",
        "home", "sources", "keywords", "maintainers", "icon", "condition", "tags", "deprecated", "annotations", "dependencies",
        "removed", "checksum", "engine", "tillerVersion", "url",
    ];

    // Metadata's string fields: an annotation whose key names one of these converts like that field would (a sigs.k8s.io/yaml quirk).
    private static readonly string[] MetadataStringFields =
        ["name", "home", "version", "description", "icon", "apiVersion", "condition", "tags", "appVersion", "kubeVersion", "type"];

    private static readonly string[] MaintainerFields = ["name", "email", "url"];

    private static readonly string[] DependencyFields = ["name", "version", "repository", "condition", "tags", "enabled", "import-values", "alias"];

    private readonly IndexTokenReader _r;
    private readonly IReadOnlySet<string>? _filter;
    private readonly Dictionary<string, HelmIndex.ChartVersions> _charts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _skippedByChart = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly Stack<KeySet> _keySets = new();
    private int _mergeDepth;

    public IndexDecoder(IndexTokenReader reader, IReadOnlySet<string>? filter)
    {
        _r = reader;
        _filter = filter;
    }

    private bool Yaml => _r.IsYaml;

    public string ApiVersion { get; private set; } = string.Empty;

    public DateTimeOffset? Generated { get; private set; }

    public Dictionary<string, HelmIndex.ChartVersions> Charts => _charts;

    public int Skipped => _skippedByChart.Values.Sum();

    public void Decode()
    {
        var root = _r.Read();
        if (root.Kind == TokenKind.EndOfDocument)
        {
            return;
        }

        if (root.Kind == TokenKind.MappingStart)
        {
            ForEachPair(TopField);
        }
        else if (!root.IsNull)
        {
            throw Reject($"json: cannot unmarshal {root.Describe()} into Go value of type repo.IndexFile");
        }

        var end = _r.Read();
        if (end.Kind != TokenKind.EndOfDocument)
        {
            throw IndexFormat.Error("unexpected content after the document", end.Line);
        }
    }

    private static HelmIndexException Reject(string message) => new(HelmIndexErrorKind.Invalid, message);

    /// <summary>Calls <paramref name="onPair"/> for each key and value of the mapping just opened; YAML merge keys splice in their maps.</summary>
    private void ForEachPair(Action<string, IndexToken> onPair)
    {
        if (!Yaml)
        {
            PairsInto(null, onPair);
            return;
        }

        // Key sets are reused: one per nesting level in flight.
        var keys = _keySets.Count > 0 ? _keySets.Pop() : new KeySet();
        try
        {
            PairsInto(keys, onPair);
        }
        finally
        {
            keys.Clear();
            _keySets.Push(keys);
        }
    }

    private void PairsInto(KeySet? keys, Action<string, IndexToken> onPair)
    {
        while (true)
        {
            var k = _r.Read();
            if (k.Kind == TokenKind.MappingEnd)
            {
                return;
            }

            if (keys is not null && k.IsMergeKey)
            {
                Merge(keys, onPair);
                continue;
            }

            var key = keys is not null ? keys.Add(_r, k) : k.Text;
            onPair(key, _r.Read());
        }
    }

    private void Merge(KeySet keys, Action<string, IndexToken> onPair)
    {
        // Merge keys nested in merged maps recurse: bounded like any other nesting.
        IndexTokenReader.CheckDepth(++_mergeDepth);
        try
        {
            MergeCore(keys, onPair);
        }
        finally
        {
            _mergeDepth--;
        }
    }

    private void MergeCore(KeySet keys, Action<string, IndexToken> onPair)
    {
        var value = _r.Read();
        if (value.Kind == TokenKind.MappingStart)
        {
            PairsInto(keys, onPair);
            return;
        }

        if (value.Kind == TokenKind.SequenceStart)
        {
            while (true)
            {
                var item = _r.Read();
                if (item.Kind == TokenKind.SequenceEnd)
                {
                    return;
                }

                if (item.Kind != TokenKind.MappingStart)
                {
                    throw IndexFormat.Error("map merge requires map or sequence of maps as the value", item.Line, prefixLine: true);
                }

                PairsInto(keys, onPair);
            }
        }

        throw IndexFormat.Error("map merge requires map or sequence of maps as the value", value.Line, prefixLine: true);
    }

    /// <summary>Go's encoding/json field matching: the exact name, else a case-insensitive match.</summary>
    private static string? Field(string key, string[] known)
    {
        foreach (var name in known)
        {
            if (string.Equals(name, key, StringComparison.Ordinal))
            {
                return name;
            }
        }

        foreach (var name in known)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        return null;
    }

    private void Unknown(string key, in IndexToken value)
    {
        if (Yaml)
        {
            throw Reject($"error unmarshaling JSON: while decoding JSON: json: unknown field \"{key}\"");
        }

        _r.Skip(value);
    }

    private void TopField(string key, IndexToken value)
    {
        switch (Field(key, TopFields))
        {
            case "apiVersion":
                ApiVersion = ReadString(value, Yaml, "IndexFile.apiVersion") ?? ApiVersion;
                break;
            case "generated":
                Generated = ReadTime(value, "IndexFile.generated") ?? Generated;
                break;
            case "entries":
                ReadEntries(value);
                break;
            case "serverInfo":
                ExpectMappingOrNull(value, "IndexFile.serverInfo", "map[string]interface {}");
                _r.Skip(value);
                break;
            case "publicKeys":
                ReadStringList(value, Yaml, "IndexFile.publicKeys", keep: false);
                break;
            case "annotations":
                ReadStringMap(value, _ => Yaml, "IndexFile.annotations");
                break;
            default:
                Unknown(key, value);
                break;
        }
    }

    private void ReadEntries(in IndexToken value)
    {
        if (value.IsNull)
        {
            return;
        }

        if (value.Kind != TokenKind.MappingStart)
        {
            _r.Skip(value);
            throw IndexFormat.Type(value, "IndexFile.entries", "map[string]repo.ChartVersions");
        }

        ForEachPair(ReadChart);
    }

    private void ReadChart(string chart, IndexToken value)
    {
        var keep = _filter is null || _filter.Contains(chart);
        var versions = keep ? new HelmIndex.ChartVersions() : null;
        var skipped = 0;
        if (value.Kind == TokenKind.SequenceStart)
        {
            while (true)
            {
                var item = _r.Read();
                if (item.Kind == TokenKind.SequenceEnd)
                {
                    break;
                }

                var entry = ReadEntry(chart, item, keep, out var dropped);
                if (dropped)
                {
                    skipped++;
                }
                else if (entry is not null)
                {
                    versions!.Add(entry);
                }
            }
        }
        else if (!value.IsNull)
        {
            throw IndexFormat.Type(value, "IndexFile.entries", "repo.ChartVersions");
        }

        // A repeated key (JSON only; YAML refuses it) replaces the earlier list, as Go's decoder does.
        _skippedByChart[chart] = skipped;
        if (versions is not null)
        {
            _charts[chart] = versions;
        }
    }

    private HelmChartVersion? ReadEntry(string chart, in IndexToken item, bool keep, out bool dropped)
    {
        dropped = false;
        if (item.IsNull)
        {
            dropped = true;
            return null;
        }

        if (item.Kind != TokenKind.MappingStart)
        {
            throw IndexFormat.Type(item, "IndexFile.entries", "repo.ChartVersion");
        }

        var e = new EntryBuilder();
        ForEachPair((key, value) => EntryField(e, key, value, keep));
        if (!e.IsValid())
        {
            dropped = true;
            return null;
        }

        return keep ? e.Build(chart, Intern) : null;
    }

    private string? Intern(string? value)
    {
        if (value is null || value.Length > 32)
        {
            return value;
        }

        if (_pool.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        _pool[value] = value;
        return value;
    }

    private void EntryField(EntryBuilder e, string key, IndexToken value, bool keep)
    {
        const string Md = "ChartVersion.entries.Metadata.";
        const string Cv = "ChartVersion.entries.";
        var field = Field(key, EntryFields);
        switch (field)
        {
            case "name":
                e.Name = ReadString(value, false, Md + "name");
                break;
            case "version":
                e.Version = ReadString(value, false, Md + "version");
                break;
            case "appVersion":
                e.AppVersion = ReadString(value, false, Md + "appVersion");
                break;
            case "apiVersion":
                e.ApiVersion = ReadString(value, false, Md + "apiVersion");
                break;
            case "description":
                e.Description = ReadString(value, false, Md + "description");
                break;
            case "type":
                e.Type = ReadString(value, false, Md + "type");
                break;
            case "kubeVersion":
                e.KubeVersion = ReadString(value, false, Md + "kubeVersion");
                break;
            case "home" or "icon" or "condition" or "tags":
                ReadString(value, false, Md + field);
                break;
            case "sources" or "keywords":
                ReadStringList(value, false, Md + field, keep: false);
                break;
            case "deprecated":
                e.Deprecated = ReadBool(value, Md + "deprecated") ?? e.Deprecated;
                break;
            case "annotations":
                ReadStringMap(value, k => Yaml && Field(k, MetadataStringFields) is not null, Md + "annotations");
                break;
            case "maintainers":
                e.MaintainerIsNull = ReadMaintainers(value);
                break;
            case "dependencies":
                e.Dependencies = ReadDependencies(value);
                break;
            case "urls":
                e.Urls = ReadStringList(value, Yaml, Cv + "urls", keep);
                break;
            case "digest":
                e.Digest = ReadString(value, Yaml, Cv + "digest");
                break;
            case "checksum" or "engine" or "tillerVersion" or "url":
                ReadString(value, Yaml, Cv + field);
                break;
            case "created":
                e.Created = ReadTime(value, Cv + "created") ?? e.Created;
                break;
            case "removed":
                ReadBool(value, Cv + "removed");
                break;
            default:
                Unknown(key, value);
                break;
        }
    }

    private bool ReadMaintainers(in IndexToken value)
    {
        if (value.IsNull)
        {
            return false;
        }

        if (value.Kind != TokenKind.SequenceStart)
        {
            throw IndexFormat.Type(value, "ChartVersion.entries.Metadata.maintainers", "[]*v2.Maintainer");
        }

        var hasNull = false;
        while (true)
        {
            var item = _r.Read();
            if (item.Kind == TokenKind.SequenceEnd)
            {
                return hasNull;
            }

            if (item.IsNull)
            {
                hasNull = true;
                continue;
            }

            if (item.Kind != TokenKind.MappingStart)
            {
                throw IndexFormat.Type(item, "ChartVersion.entries.Metadata.maintainers", "v2.Maintainer");
            }

            ForEachPair((key, v) =>
            {
                var f = Field(key, MaintainerFields);
                if (f is null)
                {
                    Unknown(key, v);
                }
                else
                {
                    ReadString(v, false, "Maintainer." + f);
                }
            });
        }
    }

    private List<(string Name, string Alias)?>? ReadDependencies(in IndexToken value)
    {
        if (value.IsNull)
        {
            return null;
        }

        if (value.Kind != TokenKind.SequenceStart)
        {
            throw IndexFormat.Type(value, "ChartVersion.entries.Metadata.dependencies", "[]*v2.Dependency");
        }

        var deps = new List<(string Name, string Alias)?>();
        while (true)
        {
            var item = _r.Read();
            if (item.Kind == TokenKind.SequenceEnd)
            {
                return deps;
            }

            if (item.IsNull)
            {
                deps.Add(null);
                continue;
            }

            if (item.Kind != TokenKind.MappingStart)
            {
                throw IndexFormat.Type(item, "ChartVersion.entries.Metadata.dependencies", "v2.Dependency");
            }

            string name = string.Empty, alias = string.Empty;
            ForEachPair((key, v) =>
            {
                switch (Field(key, DependencyFields))
                {
                    case "name":
                        name = ReadString(v, false, "Dependency.name") ?? name;
                        break;
                    case "alias":
                        alias = ReadString(v, false, "Dependency.alias") ?? alias;
                        break;
                    case "version" or "repository" or "condition":
                        ReadString(v, false, "Dependency." + key);
                        break;
                    case "tags":
                        ReadStringList(v, false, "Dependency.tags", keep: false);
                        break;
                    case "enabled":
                        ReadBool(v, "Dependency.enabled");
                        break;
                    case "import-values":
                        if (!v.IsNull && v.Kind != TokenKind.SequenceStart)
                        {
                            throw IndexFormat.Type(v, "Dependency.import-values", "[]interface {}");
                        }

                        _r.Skip(v);
                        break;
                    default:
                        Unknown(key, v);
                        break;
                }
            });
            deps.Add((name, alias));
        }
    }

    private static void ExpectMappingOrNull(in IndexToken value, string field, string goType)
    {
        if (!value.IsNull && value.Kind != TokenKind.MappingStart)
        {
            throw IndexFormat.Type(value, field, goType);
        }
    }

    /// <summary>A string field; with <paramref name="convert"/> a number or boolean becomes its string form (sigs.k8s.io/yaml).</summary>
    private static string? ReadString(in IndexToken value, bool convert, string field)
    {
        if (value.Kind == TokenKind.Scalar)
        {
            switch (value.Type)
            {
                case ScalarType.String:
                    return value.Text;
                case ScalarType.Null:
                    return null;
                default:
                    if (convert)
                    {
                        return value.GoString;
                    }

                    break;
            }
        }

        throw IndexFormat.Type(value, field, "string");
    }

    private static bool? ReadBool(in IndexToken value, string field)
    {
        if (value.Kind == TokenKind.Scalar && value.Type == ScalarType.Bool)
        {
            return value.Text == "true";
        }

        if (value.IsNull)
        {
            return null;
        }

        throw IndexFormat.Type(value, field, "bool");
    }

    private static DateTimeOffset? ReadTime(in IndexToken value, string field)
    {
        if (value.IsNull)
        {
            return null;
        }

        if (value.Kind == TokenKind.Scalar && value.Type == ScalarType.String)
        {
            return Rfc3339.TryParse(value.Text, out var time)
                ? time
                : throw Reject($"parsing time \"{value.Text}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse");
        }

        throw IndexFormat.Type(value, field, "time.Time");
    }

    private List<string>? ReadStringList(in IndexToken value, bool convertItems, string field, bool keep)
    {
        if (value.IsNull)
        {
            return null;
        }

        if (value.Kind != TokenKind.SequenceStart)
        {
            throw IndexFormat.Type(value, field, "[]string");
        }

        var list = keep ? new List<string>(1) : null;
        while (true)
        {
            var item = _r.Read();
            if (item.Kind == TokenKind.SequenceEnd)
            {
                return list;
            }

            var s = ReadString(item, convertItems, field) ?? string.Empty;
            list?.Add(s);
        }
    }

    private void ReadStringMap(in IndexToken value, Func<string, bool> convertFor, string field)
    {
        if (value.IsNull)
        {
            return;
        }

        if (value.Kind != TokenKind.MappingStart)
        {
            throw IndexFormat.Type(value, field, "map[string]string");
        }

        ForEachPair((key, v) => ReadString(v, convertFor(key), field));
    }

    /// <summary>One chart version while it is read; validated afterwards as chart metadata is.</summary>
    private sealed partial class EntryBuilder
    {
        public string? Name { get; set; }

        public string? Version { get; set; }

        public string? AppVersion { get; set; }

        public string? ApiVersion { get; set; }

        public string? Description { get; set; }

        public string? Type { get; set; }

        public string? KubeVersion { get; set; }

        public bool Deprecated { get; set; }

        public bool MaintainerIsNull { get; set; }

        public List<(string Name, string Alias)?>? Dependencies { get; set; }

        public List<string>? Urls { get; set; }

        public string? Digest { get; set; }

        public DateTimeOffset? Created { get; set; }

        /// <summary>Helm's chart metadata validation, in its order; the duplicate-dependency error is the one Helm tolerates.</summary>
        public bool IsValid()
        {
            var name = MetadataText.Sanitize(Name ?? string.Empty);
            if (name.Length == 0 || name is "." or "..")
            {
                return false;
            }

            // filepath.Base(name) must be the name itself: no slash, except the lone root.
            if (name.Contains('/', StringComparison.Ordinal) && name != "/")
            {
                return false;
            }

            if (string.IsNullOrEmpty(Version) || !GitOps.Versioning.Internal.LooseVersion.IsValid(Version))
            {
                return false;
            }

            if (Type is not (null or "" or "application" or "library"))
            {
                return false;
            }

            if (MaintainerIsNull)
            {
                return false;
            }

            return DependenciesAreValid();
        }

        private bool DependenciesAreValid()
        {
            if (Dependencies is null)
            {
                return true;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var dependency in Dependencies)
            {
                if (dependency is not { } d)
                {
                    return false;
                }

                if (d.Alias.Length != 0 && !AliasFormat().IsMatch(d.Alias))
                {
                    return false;
                }

                var key = d.Alias.Length != 0 ? d.Alias : MetadataText.Sanitize(d.Name);
                if (!seen.Add(key))
                {
                    // "more than one dependency with name or alias": Helm stops validating and keeps the entry.
                    return true;
                }
            }

            return true;
        }

        public HelmChartVersion Build(string chart, Func<string?, string?> intern) => new()
        {
            Name = chart,
            ChartName = MetadataText.Sanitize(Name ?? string.Empty),
            Version = Version!,
            AppVersion = AppVersion is null ? null : MetadataText.Sanitize(AppVersion),
            ApiVersion = intern(string.IsNullOrEmpty(ApiVersion) ? "v1" : ApiVersion)!,
            Type = intern(Type),
            Description = Description is null ? null : MetadataText.Sanitize(Description),
            KubeVersion = KubeVersion is null ? null : intern(MetadataText.Sanitize(KubeVersion)),
            Deprecated = Deprecated,
            Urls = Urls is null ? [] : Urls.ToArray(),
            Digest = Digest,
            Created = Created,
        };

        [GeneratedRegex("^[a-zA-Z0-9_-]+\\z", RegexOptions.CultureInvariant)]
        private static partial Regex AliasFormat();
    }
}
