using GitOps.Yaml;

namespace GitOps.Kustomize.Internal;

/// <summary>Turns a YAML file into resources as kustomize does: empty documents skipped, Lists expanded, kind and name required.</summary>
internal static partial class ResourceFactory
{
    public static List<Resource> FromText(string text, BuildContext context) =>
        FromDocuments(() => YamlReader.ReadDocuments(text, context.YamlOptions), () => text);

    /// <summary>Reads a file's bytes: invalid UTF-8 is refused as kyaml refuses it, a byte-order mark dropped.</summary>
    public static List<Resource> FromUtf8(byte[] utf8, BuildContext context) =>
        FromDocuments(() => YamlReader.ReadUtf8Documents(utf8, context.YamlOptions), () => System.Text.Encoding.UTF8.GetString(utf8));

    private static List<Resource> FromDocuments(Func<IReadOnlyList<YamlNode>> read, Func<string> text)
    {
        IReadOnlyList<YamlNode> docs;
        try
        {
            docs = read();
        }
        catch (YamlException ex)
        {
            throw new KustomizeException("MalformedYAMLError: " + DuplicateKeyLines(ex.Message, text()), ex);
        }

        var nodes = new List<YamlMapping>();
        foreach (var doc in docs)
        {
            if (IsNilOrEmpty(doc))
            {
                continue;
            }

            if (doc is not YamlMapping m)
            {
                throw new KustomizeException($"MalformedYAMLError: yaml: unmarshal errors: cannot unmarshal {doc.Kind.ToString().ToLowerInvariant()} into an object");
            }

            Validate(m);

            nodes.Add(m);
        }

        var objects = InlineLists(nodes);
        foreach (var n in objects)
        {
            DropEmptyAnnotations(n);
        }

        return objects.Select(n => new Resource(n)).ToList();
    }

    /// <summary>
    /// kustomize meets a duplicate key only when it prints the resource, which kyaml has re-encoded: its line
    /// numbers count from the document's first line, without blank lines. The reader's file line numbers are
    /// mapped so (comments and multi-line scalars keep their lines, as yaml.v3 keeps them).
    /// </summary>
    private static string DuplicateKeyLines(string message, string text)
    {
        var match = DuplicateKey().Match(message);
        if (!match.Success)
        {
            return message;
        }

        var lines = text.Split('\n');
        int Map(int line)
        {
            var start = 0;
            for (var i = 0; i < line - 1 && i < lines.Length; i++)
            {
                if (lines[i].StartsWith("---", StringComparison.Ordinal))
                {
                    start = i + 1;
                }
            }

            var n = 0;
            for (var i = start; i < line && i < lines.Length; i++)
            {
                n += lines[i].Trim().Length > 0 ? 1 : 0;
            }

            return n;
        }

        var dup = Map(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        var first = Map(int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
        return message[..match.Index] + $"line {dup}: mapping key {match.Groups[2].Value} already defined at line {first}" + message[(match.Index + match.Length)..];
    }

    [System.Text.RegularExpressions.GeneratedRegex("line ([0-9]+): mapping key (\".*\") already defined at line ([0-9]+)")]
    private static partial System.Text.RegularExpressions.Regex DuplicateKey();

    /// <summary>
    /// kustomize reads every object through kyaml, which sets and then clears its own bookkeeping annotations;
    /// clearing the last one removes the whole <c>metadata.annotations</c> field, so a null or empty one in
    /// the input is gone from the output (labels are untouched).
    /// </summary>
    private static void DropEmptyAnnotations(YamlMapping node)
    {
        if (node.GetMapping("metadata") is { } metadata && metadata["annotations"] is { } annotations && IsNilOrEmpty(annotations))
        {
            metadata.Remove("annotations");
        }
    }

    public static bool IsNilOrEmpty(YamlNode n) => n switch
    {
        YamlScalar s => s.IsNull,
        YamlMapping m => m.Count == 0,
        YamlSequence q => q.Count == 0,
        _ => false,
    };

    private static void Validate(YamlMapping m)
    {
        var kind = m.GetString("kind") ?? string.Empty;
        if (kind.Length == 0)
        {
            throw new KustomizeException($"missing kind in object {Describe(m)}");
        }

        if (kind.EndsWith("List", StringComparison.Ordinal))
        {
            return;
        }

        var name = m.GetMapping("metadata")?.GetString("name") ?? string.Empty;
        if (name.Length == 0)
        {
            throw new KustomizeException($"missing metadata.name in object {Describe(m)}");
        }
    }

    private static string Describe(YamlMapping m) =>
        $"{{{{{m.GetString("apiVersion")} {m.GetString("kind")}}} {{{{{m.GetMapping("metadata")?.GetString("name")} {m.GetMapping("metadata")?.GetString("namespace")}}}}}}}";

    private static List<YamlMapping> InlineLists(List<YamlMapping> nodes)
    {
        var result = new List<YamlMapping>();
        var queue = new Queue<YamlMapping>(nodes);
        while (queue.Count > 0)
        {
            var n = queue.Dequeue();
            var kind = n.GetString("kind") ?? string.Empty;
            if (!kind.EndsWith("List", StringComparison.Ordinal) || !n.ContainsKey("items"))
            {
                if (kind.EndsWith("List", StringComparison.Ordinal))
                {
                    // A List without items stays an object, and needs a name like any other.
                    if ((n.GetMapping("metadata")?.GetString("name") ?? string.Empty).Length == 0)
                    {
                        throw new KustomizeException($"missing metadata.name in object {Describe(n)}");
                    }
                }

                result.Add(n);
                continue;
            }

            var items = n["items"]!;
            if (items is YamlScalar { IsNull: true })
            {
                continue;
            }

            if (items is not YamlSequence seq)
            {
                throw new KustomizeException($"expected array in {kind}/items, but found {items.Kind}");
            }

            foreach (var item in seq)
            {
                if (item is not YamlMapping im)
                {
                    throw new KustomizeException($"expected map in {kind}/items");
                }

                if (IsNilOrEmpty(im))
                {
                    continue;
                }

                Validate(im);
                queue.Enqueue(im);
            }
        }

        return result;
    }
}

/// <summary>Origin annotations (<c>buildMetadata: [originAnnotations]</c>) as kustomize writes them.</summary>
internal static class OriginYaml
{
    public static string Quote(string s) =>
        s.Length == 0 || s.IndexOfAny([':', '#', '\'', '"', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`']) >= 0 || s != s.Trim()
            ? "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : s;

    public static string Generated(string configuredIn, string kind) =>
        $"configuredIn: {Quote(configuredIn)}\nconfiguredBy:\n  apiVersion: builtin\n  kind: {kind}\n";
}
