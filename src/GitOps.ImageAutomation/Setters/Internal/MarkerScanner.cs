using System.Text.Json;
using GitOps.Yaml.Internal;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOps.ImageAutomation.Setters.Internal;

/// <summary>
/// Finds the scalars that carry a setter marker in their line comment, as kyaml's fieldmeta reads it: the
/// comment, without its leading <c>#</c>s, is a JSON object whose <c>"$imagepolicy"</c> names the setter
/// (or the long form <c>{"$ref": "#/definitions/io.k8s.cli.setters.NAME"}</c>). Only values are visited
/// (mapping values and sequence items, never keys), as kyaml's walk does. Also records each document's
/// identity (apiVersion, kind, metadata.name and namespace).
/// </summary>
internal static class MarkerScanner
{
    private const string ShortHand = "$imagepolicy";
    private const string LongFormPrefix = "#/definitions/io.k8s.cli.setters.";
    private const int MaxDepth = 200;

    /// <exception cref="YamlException">The text is not YAML, or a document is not a mapping.</exception>
    public static (List<MarkedScalar> Marked, List<ObjectIdentifier> Documents) Scan(string text)
    {
        var marked = new List<MarkedScalar>();
        var documents = new List<ObjectIdentifier>();
        using var reader = new StringReader(text);
        var parser = new GuardedYamlParser(new Parser(new Scanner(reader, skipComments: false)));
        parser.Consume<StreamStart>();
        while (true)
        {
            SkipComments(parser);
            if (parser.TryConsume<StreamEnd>(out _))
            {
                break;
            }

            parser.Consume<DocumentStart>();
            var identity = new Identity();
            SkipComments(parser);
            if (!parser.Accept<DocumentEnd>(out _))
            {
                if (!parser.Accept<MappingStart>(out var start) && !(parser.Current is Scalar { Value.Length: 0 }))
                {
                    throw new YamlException(parser.Current!.Start, parser.Current.End, "a document is not a mapping");
                }

                Node(parser, string.Empty, 0, documents.Count, identity, marked);
            }

            SkipComments(parser);
            parser.Consume<DocumentEnd>();
            documents.Add(new ObjectIdentifier(identity.ApiVersion, identity.Kind, identity.Name, identity.Namespace));
        }

        return (marked, documents);
    }

    private static void SkipComments(IParser parser)
    {
        while (parser.TryConsume<Comment>(out _))
        {
        }
    }

    private static void Node(IParser parser, string path, int depth, int document, Identity identity, List<MarkedScalar> marked)
    {
        if (depth > MaxDepth)
        {
            throw new YamlException(parser.Current!.Start, parser.Current.End, "document nested too deeply");
        }

        SkipComments(parser);
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            identity.Record(path, scalar.Value);
            if (parser.Accept<Comment>(out var comment) && comment.IsInline && SetterOf(comment.Value) is { } setter
                && scalar.Style is ScalarStyle.Plain or ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted)
            {
                marked.Add(new MarkedScalar(setter, scalar.Value, scalar.Style, (int)scalar.Start.Index, (int)scalar.End.Index, document));
            }

            return;
        }

        if (parser.TryConsume<AnchorAlias>(out _))
        {
            return;
        }

        if (parser.TryConsume<SequenceStart>(out _))
        {
            while (true)
            {
                SkipComments(parser);
                if (parser.TryConsume<SequenceEnd>(out _))
                {
                    return;
                }

                Node(parser, path, depth + 1, document, identity, marked);
            }
        }

        parser.Consume<MappingStart>();
        while (true)
        {
            SkipComments(parser);
            if (parser.TryConsume<MappingEnd>(out _))
            {
                return;
            }

            string key;
            if (parser.TryConsume<Scalar>(out var keyScalar))
            {
                key = keyScalar.Value;
            }
            else
            {
                // A complex key: walked for nothing (kyaml does not visit keys).
                Node(parser, "\0", depth + 1, document, new Identity(), []);
                key = "\0";
            }

            Node(parser, path + "." + key, depth + 1, document, identity, marked);
        }
    }

    /// <summary>The setter a line comment names, or null when it is not a marker.</summary>
    internal static string? SetterOf(string comment)
    {
        var json = comment.TrimStart('#');
        if (!json.Contains('{', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? shortHand = null;
            string? reference = null;
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return null; // not a map[string]string; Go's Unmarshal fails
                }

                if (property.Name == ShortHand)
                {
                    shortHand = property.Value.GetString();
                }
                else if (property.Name == "$ref")
                {
                    reference = property.Value.GetString();
                }
            }

            if (!string.IsNullOrEmpty(shortHand))
            {
                return shortHand;
            }

            return reference is not null && reference.StartsWith(LongFormPrefix, StringComparison.Ordinal) && reference.Length > LongFormPrefix.Length
                ? reference[LongFormPrefix.Length..]
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class Identity
    {
        public string ApiVersion { get; private set; } = string.Empty;

        public string Kind { get; private set; } = string.Empty;

        public string Name { get; private set; } = string.Empty;

        public string Namespace { get; private set; } = string.Empty;

        public void Record(string path, string value)
        {
            switch (path)
            {
                case ".apiVersion": ApiVersion = value; break;
                case ".kind": Kind = value; break;
                case ".metadata.name": Name = value; break;
                case ".metadata.namespace": Namespace = value; break;
            }
        }
    }
}
