using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using GitOps.Yaml;

namespace GitOps.Kustomize.Internal;

/// <summary>configMapGenerator and secretGenerator, and the name-hash kustomize appends to generated names.</summary>
internal static partial class Generators
{
    [GeneratedRegex(@"^[-._a-zA-Z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigMapKey();

    [GeneratedRegex(@"^[-._a-zA-Z][-._a-zA-Z0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvVarName();

    public static void Run(KustTarget kt, FileLoader ldr, ResAccumulator ra)
    {
        var k = kt.Kustomization;
        foreach (var (list, kind) in new[] { (k.ConfigMapGenerator, "ConfigMapGenerator"), (k.SecretGenerator, "SecretGenerator") })
        {
            foreach (var args in list)
            {
                var options = MergeOptions(args.Options, k.GeneratorOptions);
                var r = Generate(ldr, args, options);
                if (kt.OriginPath is not null)
                {
                    r.SetAnnotation(Resource.OriginAnnotation, OriginYaml.Generated(KustTarget.CombineOrigin(kt.OriginPath, kt.FileName), kind));
                }

                var single = new ResMap();
                single.Append(r);
                try
                {
                    ra.ResMap.AbsorbAll(single);
                }
                catch (KustomizeException ex)
                {
                    throw new KustomizeException($"merging from generator {args.Kind} {args.Name}: {ex.Message}", ex);
                }
            }
        }
    }

    private static GeneratorOptions? MergeOptions(GeneratorOptions? local, GeneratorOptions? global)
    {
        if (global is null)
        {
            return local;
        }

        local ??= new GeneratorOptions();
        var merged = new GeneratorOptions
        {
            Labels = new Dictionary<string, string>(local.Labels, StringComparer.Ordinal),
            Annotations = new Dictionary<string, string>(local.Annotations, StringComparer.Ordinal),
            DisableNameSuffixHash = local.DisableNameSuffixHash || global.DisableNameSuffixHash,
            Immutable = local.Immutable || global.Immutable,
        };
        foreach (var (key, v) in global.Labels)
        {
            merged.Labels.TryAdd(key, v);
        }

        foreach (var (key, v) in global.Annotations)
        {
            merged.Annotations.TryAdd(key, v);
        }

        return merged;
    }

    public static Resource Generate(FileLoader ldr, GeneratorArgs args, GeneratorOptions? options)
    {
        if (args.Name.Length == 0)
        {
            throw new KustomizeException("a configmap must have a name");
        }

        var node = new YamlMapping();
        node.Add(GitOps.Yaml.Internal.SharedKeys.Get("apiVersion"), new YamlScalar("v1"));
        node.Add(GitOps.Yaml.Internal.SharedKeys.Get("kind"), new YamlScalar(args.Kind));
        var md = new YamlMapping();
        md.Add(GitOps.Yaml.Internal.SharedKeys.Get("name"), YamlScalar.FromString(args.Name));
        if (args.Namespace.Length > 0)
        {
            md.Add(GitOps.Yaml.Internal.SharedKeys.Get("namespace"), YamlScalar.FromString(args.Namespace));
        }

        node.Add(GitOps.Yaml.Internal.SharedKeys.Get("metadata"), md);
        var pairs = LoadPairs(ldr, args);
        if (args.Kind == "Secret")
        {
            node.Set("type", YamlScalar.FromString(args.Type.Length > 0 ? args.Type : "Opaque"));
            var data = new YamlMapping();
            foreach (var key in pairs.Keys.Order(StringComparer.Ordinal))
            {
                data.Set(key, StringValue(EncodeBase64(pairs[key])));
            }

            node.Set("data", data);
        }
        else
        {
            foreach (var key in pairs.Keys.Order(StringComparer.Ordinal))
            {
                var (field, value) = ConfigMapValue(pairs[key]);
                var map = node.GetOrAddMapping(field);
                map.Set(key, value);
            }
        }

        var r = new Resource(node);
        if (options is not null)
        {
            foreach (var key in options.Labels.Keys.Order(StringComparer.Ordinal))
            {
                r.SetLabel(key, options.Labels[key]);
            }

            foreach (var key in options.Annotations.Keys.Order(StringComparer.Ordinal))
            {
                r.SetAnnotation(key, options.Annotations[key]);
            }

            if (options.Immutable)
            {
                node.Set("immutable", new YamlScalar("true", "!!bool"));
            }
        }

        if (options is null || !options.DisableNameSuffixHash)
        {
            r.EnableHashSuffix();
        }

        r.SetBehavior(args.Behavior switch
        {
            "create" => "create",
            "replace" => "replace",
            "merge" => "merge",
            _ => "unspecified",
        });
        return r;
    }

    private static YamlScalar StringValue(string v) =>
        new(v, YamlScalar.StringTag, v.Contains('\n', StringComparison.Ordinal) ? YamlScalarStyle.Literal : YamlScalarStyle.Plain);

    private static (string Field, YamlScalar Value) ConfigMapValue(byte[] raw)
    {
        try
        {
            var s = new UTF8Encoding(false, true).GetString(raw);
            return ("data", StringValue(s));
        }
        catch (DecoderFallbackException)
        {
            return ("binaryData", StringValue(EncodeBase64(raw)));
        }
    }

    private static string EncodeBase64(string s) => EncodeBase64(Encoding.UTF8.GetBytes(s));

    private static string EncodeBase64(byte[] raw)
    {
        const int lineLen = 70;
        var enc = Convert.ToBase64String(raw);
        var lines = (enc.Length / lineLen) + 1;
        if (lines <= 1)
        {
            return enc;
        }

        var sb = new StringBuilder(enc.Length + lines);
        for (var i = 0; i < enc.Length; i += lineLen)
        {
            sb.Append(enc, i, Math.Min(lineLen, enc.Length - i)).Append('\n');
        }

        return sb.ToString();
    }

    private static Dictionary<string, byte[]> LoadPairs(FileLoader ldr, GeneratorArgs args)
    {
        var all = new List<(string Key, byte[] Value)>();
        foreach (var env in args.Envs)
        {
            var content = ldr.LoadBytes(env);
            all.AddRange(ParseEnvFile(content));
        }

        foreach (var lit in args.Literals)
        {
            if (lit.StartsWith('='))
            {
                throw new KustomizeException($"literal sources {string.Join(' ', args.Literals)}: invalid literal source {lit}, expected key=value");
            }

            var eq = lit.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new KustomizeException($"literal sources {string.Join(' ', args.Literals)}: invalid literal source {lit}, expected key=value");
            }

            all.Add((lit[..eq], Encoding.UTF8.GetBytes(RemoveQuotes(lit[(eq + 1)..]))));
        }

        foreach (var file in args.Files)
        {
            var (key, path) = ParseFileSource(file);
            all.Add((key, ldr.LoadBytes(path)));
        }

        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in all)
        {
            if (key.Length > 253 || !ConfigMapKey().IsMatch(key) || key == "." || key == ".." || key.StartsWith("..", StringComparison.Ordinal))
            {
                throw new KustomizeException($"\"{key}\" is not a valid key name for a Secret");
            }

            if (!result.TryAdd(key, value))
            {
                throw new KustomizeException($"configmap {args.Name} illegally repeats the key `{key}`");
            }
        }

        return result;
    }

    private static List<(string, byte[])> ParseEnvFile(byte[] content)
    {
        var text = Encoding.UTF8.GetString(content);
        var lines = text.Split('\n');
        var result = new List<(string, byte[])>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            if (i == 0 && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }

            line = line.TrimStart();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? line : line[..eq];
            if (!EnvVarName().IsMatch(key))
            {
                throw new KustomizeException($"\"{key}\" is not a valid environment variable name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit");
            }

            result.Add((key, Encoding.UTF8.GetBytes(eq < 0 ? string.Empty : line[(eq + 1)..])));
        }

        return result;
    }

    private static (string Key, string Path) ParseFileSource(string source)
    {
        var count = source.Count(c => c == '=');
        if (count == 0)
        {
            var slash = source.LastIndexOf('/');
            var trimmed = source.TrimEnd('/');
            slash = trimmed.LastIndexOf('/');
            var key = slash < 0 ? trimmed : trimmed[(slash + 1)..];
            return (key.Length == 0 ? "/" : key, source);
        }

        if (count == 1 && source.StartsWith('='))
        {
            throw new KustomizeException($"missing key name for file path \"{source[1..]}\" in source \"{source}\"");
        }

        if (count == 1 && source.EndsWith('='))
        {
            throw new KustomizeException($"missing file path for key name \"{source[..^1]}\" in source \"{source}\"");
        }

        if (count > 1)
        {
            throw new KustomizeException($"source \"{source}\" key name or file path contains '='");
        }

        var parts = source.Split('=');
        return (parts[0], parts[1]);
    }

    private static string RemoveQuotes(string s)
    {
        if (s.Length < 2 || s[0] != s[^1])
        {
            return s;
        }

        return s[0] is '"' or '\'' ? s[1..^1] : s;
    }

    /// <summary>kustomize's content hash of a generated ConfigMap or Secret (or any object).</summary>
    public static string Hash(Resource r)
    {
        var sb = new StringBuilder();
        var node = r.Node;
        var kind = r.Kind;
        if (kind is "ConfigMap" or "Secret")
        {
            // Keys sorted as Go's json sorts map keys.
            var entries = new SortedDictionary<string, Action>(StringComparer.Ordinal);
            void Value(string path)
            {
                var v = Lookup(node, path);
                if (v is null)
                {
                    GoJson.WriteString(sb, string.Empty);
                }
                else if (v is YamlScalar s)
                {
                    GoJson.WriteString(sb, s.Value);
                }
                else
                {
                    GoJson.WriteNode(sb, v);
                }
            }

            if (kind == "ConfigMap")
            {
                entries["kind"] = () => GoJson.WriteString(sb, "ConfigMap");
                entries["name"] = () => Value("metadata/name");
                entries["data"] = () => Value("data");
                if (node["binaryData"] is YamlMapping)
                {
                    entries["binaryData"] = () => Value("binaryData");
                }
            }
            else
            {
                entries["kind"] = () => GoJson.WriteString(sb, "Secret");
                entries["type"] = () => Value("type");
                entries["name"] = () => Value("metadata/name");
                entries["data"] = () => Value("data");
                if (node["stringData"] is YamlMapping)
                {
                    entries["stringData"] = () => Value("stringData");
                }
            }

            sb.Append('{');
            var first = true;
            foreach (var (key, write) in entries)
            {
                if (!first)
                {
                    sb.Append(',');
                }

                first = false;
                GoJson.WriteString(sb, key);
                sb.Append(':');
                write();
            }

            sb.Append('}');
        }
        else
        {
            GoJson.WriteNode(sb, node);
        }

        var hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
        var chars = hex[..10].ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = chars[i] switch
            {
                '0' => 'g',
                '1' => 'h',
                '3' => 'k',
                'a' => 'm',
                'e' => 't',
                var c => c,
            };
        }

        return new string(chars);
    }

    /// <summary>kyaml's Lookup with one path element: "metadata/name" is looked up as a single field name.</summary>
    private static YamlNode? Lookup(YamlMapping node, string path) => HashLookupSplitsPath ? LookupSplit(node, path) : node[path];

    internal static bool HashLookupSplitsPath { get; set; }

    private static YamlNode? LookupSplit(YamlMapping node, string path)
    {
        YamlNode? cur = node;
        foreach (var part in path.Split('/'))
        {
            cur = (cur as YamlMapping)?[part];
        }

        return cur;
    }
}
