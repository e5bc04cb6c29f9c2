using System.Collections.Concurrent;
using GitOps.Yaml;

namespace GitOps.Kustomize.Internal;

/// <summary>A field to touch in objects of a given group/version/kind (empty selector parts match anything).</summary>
internal sealed record FieldSpec(string Group, string Version, string Kind, string Path, bool Create)
{
    public bool Matches(Gvk gvk) => gvk.IsSelected(Group, Version, Kind);

    public bool SameGvkAndPath(FieldSpec o) => Group == o.Group && Version == o.Version && Kind == o.Kind && Path == o.Path;

    public static FieldSpec Parse(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string g = string.Empty, v = string.Empty, k = string.Empty;
        var create = false;
        foreach (var p in parts.Skip(1))
        {
            if (p == "create")
            {
                create = true;
            }
            else if (p.StartsWith("group=", StringComparison.Ordinal))
            {
                g = p[6..];
            }
            else if (p.StartsWith("version=", StringComparison.Ordinal))
            {
                v = p[8..];
            }
            else if (p.StartsWith("kind=", StringComparison.Ordinal))
            {
                k = p[5..];
            }
        }

        return new FieldSpec(g, v, k, parts[0], create);
    }
}

/// <summary>A kind whose renames are propagated into the fields that refer to it.</summary>
internal sealed record NameBackReference(string Group, string Version, string Kind, List<FieldSpec> Referrers);

/// <summary>Which fields the builtin transformers touch (kustomize's default configuration plus any merged in).</summary>
internal sealed class TransformerConfig
{
    public List<FieldSpec> NamePrefix { get; init; } = [];

    public List<FieldSpec> NameSuffix { get; init; } = [];

    public List<FieldSpec> NameSpace { get; init; } = [];

    public List<FieldSpec> CommonLabels { get; init; } = [];

    public List<FieldSpec> TemplateLabels { get; init; } = [];

    public List<FieldSpec> Labels { get; init; } = [];

    public List<FieldSpec> CommonAnnotations { get; init; } = [];

    public List<FieldSpec> Images { get; init; } = [];

    public List<FieldSpec> Replicas { get; init; } = [];

    public List<FieldSpec> VarReference { get; init; } = [];

    public List<NameBackReference> NameReference { get; init; } = [];

    private static readonly Lazy<TransformerConfig> DefaultConfig = new(LoadDefault);

    public static TransformerConfig Default => DefaultConfig.Value;

    public static TransformerConfig Empty() => new();

    public TransformerConfig Merge(TransformerConfig other)
    {
        var result = new TransformerConfig
        {
            NamePrefix = MergeAll(NamePrefix, other.NamePrefix),
            NameSuffix = MergeAll(NameSuffix, other.NameSuffix),
            NameSpace = MergeAll(NameSpace, other.NameSpace),
            CommonLabels = MergeAll(CommonLabels, other.CommonLabels),
            TemplateLabels = MergeAll(TemplateLabels, other.TemplateLabels),
            Labels = MergeAll(Labels, other.Labels),
            CommonAnnotations = MergeAll(CommonAnnotations, other.CommonAnnotations),
            Images = MergeAll(Images, other.Images),
            Replicas = MergeAll(Replicas, other.Replicas),
            VarReference = MergeAll(VarReference, other.VarReference),
            NameReference = MergeBackRefs(NameReference, other.NameReference),
        };
        return result;
    }

    public static List<FieldSpec> MergeAll(List<FieldSpec> a, List<FieldSpec> b)
    {
        var result = new List<FieldSpec>(a);
        foreach (var x in b)
        {
            result = MergeOne(result, x);
        }

        return result;
    }

    public static List<FieldSpec> MergeOne(List<FieldSpec> list, FieldSpec x)
    {
        var existing = list.FindIndex(f => f.Path == x.Path && new Gvk(f.Group, f.Version, f.Kind, false).IsSelected(x.Group, x.Version, x.Kind));
        if (existing >= 0)
        {
            if (list[existing].Create != x.Create)
            {
                throw new KustomizeException("conflicting fieldspecs");
            }

            return list;
        }

        return [.. list, x];
    }

    public static List<NameBackReference> MergeBackReferences(List<NameBackReference> a, List<NameBackReference> b) => MergeBackRefs(a, b);

    private static List<NameBackReference> MergeBackRefs(List<NameBackReference> a, List<NameBackReference> b)
    {
        var result = a.Select(r => r with { Referrers = [.. r.Referrers] }).ToList();
        foreach (var br in b)
        {
            var i = result.FindIndex(r => r.Group == br.Group && r.Version == br.Version && r.Kind == br.Kind);
            if (i >= 0)
            {
                result[i] = result[i] with { Referrers = MergeAll(result[i].Referrers, br.Referrers) };
            }
            else
            {
                result.Add(br);
            }
        }

        return result;
    }

    private static TransformerConfig LoadDefault()
    {
        using var stream = typeof(TransformerConfig).Assembly.GetManifestResourceStream("GitOps.Kustomize.BuiltinFieldSpecs.txt")
            ?? throw new InvalidOperationException("built-in field specs are missing");
        using var reader = new StreamReader(stream);
        var sections = new Dictionary<string, List<FieldSpec>>(StringComparer.Ordinal);
        var backRefs = new List<NameBackReference>();
        List<FieldSpec>? current = null;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                current = [];
                sections[line[1..^1]] = current;
                continue;
            }

            if (line.StartsWith("target ", StringComparison.Ordinal))
            {
                var t = FieldSpec.Parse("x " + line[7..]);
                current = [];
                backRefs.Add(new NameBackReference(t.Group, t.Version, t.Kind, current));
                continue;
            }

            current!.Add(FieldSpec.Parse(line));
        }

        return new TransformerConfig
        {
            NamePrefix = sections["namePrefix"],
            NameSuffix = sections["nameSuffix"],
            NameSpace = sections["namespace"],
            CommonLabels = sections["commonLabels"],
            TemplateLabels = sections["templateLabels"],
            CommonAnnotations = sections["commonAnnotations"],
            Images = sections["images"],
            Replicas = sections["replicas"],
            VarReference = sections["varReference"],
            NameReference = backRefs,
        };
    }
}

/// <summary>What a field spec creates when a field on its path is missing.</summary>
internal enum CreateKind
{
    None,
    Scalar,
    Mapping,
}

/// <summary>
/// Walks a field spec's path through an object (into every element of a sequence on the way) and calls a
/// setter on what it finds, creating missing fields the way kustomize's fieldspec filter does.
/// </summary>
internal static class FieldSpecWalker
{
    /// <summary>A setter gets the found node and returns a replacement (or null to keep it).</summary>
    public delegate YamlNode? Setter(YamlNode node);

    public static void Apply(YamlMapping obj, FieldSpec fs, Setter set, CreateKind createKind, string? createTag)
    {
        var kind = obj.GetString("kind") ?? string.Empty;
        if (fs.Kind.Length > 0 && fs.Kind != kind)
        {
            return;
        }

        var (g, v) = Gvk.SplitApiVersion(obj.GetString("apiVersion") ?? string.Empty);
        if ((fs.Group.Length > 0 && fs.Group != g) || (fs.Version.Length > 0 && fs.Version != v))
        {
            return;
        }

        ApplyPath(obj, fs.Path, fs.Create, set, createKind, createTag);
    }

    /// <summary><see cref="Apply"/> without the group, version and kind test: for a caller that already chose the object.</summary>
    public static void ApplyPath(YamlMapping obj, string fieldPath, bool create, Setter set, CreateKind createKind, string? createTag)
    {
        var path = SplitPaths.GetOrAdd(fieldPath, static p => SplitPath(p).Select(segment => new PathSegment(segment)).ToArray());
        try
        {
            _ = Walk(obj, path, 0, create, set, createKind, createTag);
        }
        catch (KustomizeException ex)
        {
            throw new KustomizeException($"considering field '{fieldPath}' of object {IdOf(obj)}: {ex.Message}", ex);
        }
    }

    // Field specs are a small set applied to every object: split each path once.
    private static readonly ConcurrentDictionary<string, PathSegment[]> SplitPaths = new(StringComparer.Ordinal);

    public static List<string> SplitPath(string path)
    {
        var ps = path.Split('/');
        var res = new List<string> { ps[0] };
        for (var i = 1; i < ps.Length; i++)
        {
            var last = res.Count - 1;
            if (res[last].EndsWith('\\'))
            {
                res[last] = res[last][..^1] + "/" + ps[i];
            }
            else
            {
                res.Add(ps[i]);
            }
        }

        return res;
    }

    private static string IdOf(YamlMapping obj)
    {
        var r = new Resource(obj);
        return r.CurId.ToString();
    }

    /// <summary>One segment of a field spec's path: a field name, and whether it names a sequence (<c>field[]</c>).</summary>
    private readonly struct PathSegment(string segment)
    {
        public bool IsSeq { get; } = segment.EndsWith("[]", StringComparison.Ordinal);

        public string FieldName { get; } = segment.EndsWith("[]", StringComparison.Ordinal) ? segment[..^2] : segment;
    }

    /// <summary>Returns a replacement for <paramref name="node"/> or null.</summary>
    private static YamlNode? Walk(YamlNode node, PathSegment[] path, int index, bool create, Setter set, CreateKind createKind, string? createTag)
    {
        if (index == path.Length)
        {
            return set(node);
        }

        if (node is YamlScalar s)
        {
            if (s.IsNull)
            {
                return null;
            }

            throw new KustomizeException("expected sequence or mapping node");
        }

        if (node is YamlSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var r = Walk(seq[i], path, index, create, set, createKind, createTag);
                if (r is not null)
                {
                    seq[i] = r;
                }
            }

            return null;
        }

        var map = (YamlMapping)node;
        var segment = path[index];
        var isSeq = segment.IsSeq;
        var fieldName = segment.FieldName;
        if (fieldName.Length == 0)
        {
            throw new KustomizeException("cannot set or create an empty field name");
        }

        var field = map[fieldName];
        var last = index == path.Length - 1;
        if (!create || createKind == CreateKind.None || isSeq)
        {
            if (field is null)
            {
                return null;
            }

            if (isSeq && field is YamlScalar { IsNull: true })
            {
                field = new YamlSequence();
                map.Set(fieldName, field);
            }
        }
        else
        {
            var kindToCreate = last ? createKind : CreateKind.Mapping;
            if (field is null || (field is YamlScalar { IsNull: true } && field is YamlScalar nullScalar && nullScalar.Tag != YamlScalar.StringTag))
            {
                if (field is null || kindToCreate == CreateKind.Mapping)
                {
                    field = kindToCreate == CreateKind.Mapping ? new YamlMapping() : new YamlScalar(string.Empty, createTag);
                    map.Set(fieldName, field);
                }
            }
        }

        var replacement = Walk(field, path, index + 1, create, set, createKind, createTag);
        if (replacement is not null)
        {
            map.Set(fieldName, replacement);
        }

        return null;
    }
}
