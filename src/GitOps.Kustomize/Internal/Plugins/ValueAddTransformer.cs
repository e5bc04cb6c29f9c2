using GitOps.Kustomize.Internal.Patches;
using GitOps.Yaml;

namespace GitOps.Kustomize.Internal.Plugins;

/// <summary>
/// The builtin ValueAddTransformer (<c>plugin/builtin/valueaddtransformer</c>, <c>api/filters/valueadd</c>): puts
/// one value (by default the base name of the kustomization directory that lists the transformer) into the
/// fields its targets name, creating them; <c>metadata/namespace</c> goes through the namespace transformer,
/// and a positive <c>filePathPosition</c> inserts the value into the field's file path instead.
/// </summary>
internal static class ValueAddTransformer
{
    private sealed record Target(PatchSelector? Selector, string FieldPath, int FilePathPosition);

    public static Action<ResMap> Configure(FileLoader ldr, YamlMapping config)
    {
        var value = PluginConfigs.Text(config, "value").Trim();
        if (value.Length == 0)
        {
            value = Path.GetFileName(ldr.Root.TrimEnd('/'));
        }

        var targets = Targets(PluginConfigs.Field(config, "targets"));
        if (PluginConfigs.Text(config, "targetFilePath") is { Length: > 0 } targetFile)
        {
            var shared = YamlReader.ReadDocument(ldr.Load(targetFile)) as YamlMapping;
            targets.AddRange(Targets(shared is null ? null : PluginConfigs.Field(shared, "targets")));
        }

        if (targets.Count == 0)
        {
            throw new KustomizeException("must specify at least one target");
        }

        foreach (var t in targets)
        {
            if (t.FieldPath.Length == 0)
            {
                throw new KustomizeException("fieldPath cannot be empty");
            }

            if (t.FilePathPosition < 0)
            {
                throw new KustomizeException($"value of FilePathPosition ({t.FilePathPosition}) cannot be negative");
            }
        }

        return m =>
        {
            foreach (var t in targets)
            {
                var resources = t.Selector is null ? m.Resources.ToList() : new PatchTargetSelector(t.Selector).Select(m);
                if (t.FieldPath == "metadata/namespace")
                {
                    var selected = new ResMap();
                    foreach (var r in resources)
                    {
                        selected.Append(r);
                    }

                    Transformers.Namespace(selected, value, []);
                    continue;
                }

                foreach (var r in resources)
                {
                    Add(r.Node, Fields(t.FieldPath), value, t.FilePathPosition);
                }
            }

            m.InvalidateIndex();
        };
    }

    private static List<Target> Targets(YamlNode? node)
    {
        var result = new List<Target>();
        if (node is not YamlSequence seq)
        {
            return result;
        }

        foreach (var item in seq.OfType<YamlMapping>())
        {
            var selector = PluginConfigs.Field(item, "selector") is { } s && !Kustomization.IsNull(s) ? PatchArgs.ParseSelector(s, "selector") : null;
            var position = int.TryParse(PluginConfigs.Text(item, "filePathPosition"), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 0;
            result.Add(new Target(selector, PluginConfigs.Text(item, "fieldPath"), position));
        }

        return result;
    }

    /// <summary>The field path split on '/', a field ending in a backslash joined with the next ("a\/b" is one field).</summary>
    private static List<string> Fields(string fieldPath)
    {
        var fields = new List<string>();
        foreach (var f in fieldPath.Split('/'))
        {
            if (fields.Count > 0 && fields[^1].EndsWith('\\'))
            {
                fields[^1] = fields[^1][..^1] + "/" + f;
            }
            else
            {
                fields.Add(f);
            }
        }

        return fields;
    }

    /// <summary>kyaml's LookupCreate(ScalarNode, fields...) then a FieldSetter of the (path-inserted) value.</summary>
    private static void Add(YamlMapping root, List<string> fields, string value, int filePathPosition)
    {
        YamlNode current = root;
        Action<YamlNode>? set = null;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var last = i == fields.Count - 1;
            if (field.StartsWith('[') && field.EndsWith(']') && field.Contains('='))
            {
                if (current is not YamlSequence seq)
                {
                    throw new KustomizeException($"wrong node kind: expected SequenceNode but got {current.Kind}Node");
                }

                var eq = field.IndexOf('=');
                var (key, want) = (field[1..eq], field[(eq + 1)..^1]);
                var index = -1;
                for (var j = 0; j < seq.Count && index < 0; j++)
                {
                    index = seq[j] is YamlMapping em && em.GetString(key) == want ? j : -1;
                }

                if (index < 0)
                {
                    var element = new YamlMapping();
                    element.Set(key, new YamlScalar(want));
                    seq.Add(element);
                    index = seq.Count - 1;
                }

                var at = index;
                set = n => seq[at] = n;
                current = seq[index];
                continue;
            }

            if (current is not YamlMapping map)
            {
                throw new KustomizeException($"wrong node kind: expected MappingNode but got {current.Kind}Node");
            }

            var next = map[field];
            if (next is null || next is YamlScalar { IsNull: true })
            {
                next = last ? new YamlScalar(string.Empty)
                    : fields[i + 1].StartsWith('[') ? new YamlSequence()
                    : new YamlMapping();
                map.Set(field, next);
            }

            set = n => map.Set(field, n);
            current = next;
        }

        if (current is not YamlScalar scalar)
        {
            throw new KustomizeException($"wrong node kind: expected ScalarNode but got {current.Kind}Node");
        }

        var newValue = filePathPosition > 0 ? InsertPathPart(scalar.Value, filePathPosition - 1, value) : value;
        set!(new YamlScalar(newValue, null, scalar.Style));
    }

    /// <summary>kyaml's filesys.InsertPathPart: the part inserted at a position of the path's parts (0 first), an absolute path kept absolute.</summary>
    internal static string InsertPathPart(string path, int pos, string part)
    {
        if (part.Length == 0)
        {
            return path;
        }

        var parts = PathSplit(path);
        pos = Math.Clamp(pos, 0, parts.Count);
        if (parts.Count > 0 && parts[0].Length == 0 && pos < parts.Count)
        {
            pos++;
        }

        parts.Insert(pos, part);
        return PathJoin(parts);
    }

    private static List<string> PathSplit(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }

        var slash = path.LastIndexOf('/');
        var (dir, file) = slash < 0 ? (string.Empty, path) : (path[..(slash + 1)], path[(slash + 1)..]);
        if (dir == "/")
        {
            return file.Length == 0 ? [string.Empty] : [string.Empty, file];
        }

        dir = dir.TrimEnd('/');
        if (dir.Length == 0)
        {
            return [file];
        }

        var result = PathSplit(dir);
        result.Add(file);
        return result;
    }

    private static string PathJoin(List<string> parts)
    {
        if (parts.Count == 0)
        {
            return string.Empty;
        }

        if (parts[0].Length == 0)
        {
            return "/" + GoJoin(parts.Skip(1));
        }

        return GoJoin(parts);
    }

    /// <summary>Go's filepath.Join: the non-empty parts joined by '/', cleaned; empty when all are empty.</summary>
    private static string GoJoin(IEnumerable<string> parts)
    {
        var joined = string.Join('/', parts.Where(p => p.Length > 0));
        return joined.Length == 0 ? string.Empty : KustTarget.CleanPath(joined);
    }
}
