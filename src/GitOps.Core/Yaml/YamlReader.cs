using System.Text;
using CoreScalarStyle = YamlDotNet.Core.ScalarStyle;
using GitOps.Internal;
using GitOps.Yaml.Internal;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOps.Yaml;

/// <summary>
/// Reads YAML streams into ordered <see cref="YamlNode"/> trees with YamlDotNet's parser: comments are
/// dropped, a leading byte-order mark is ignored, aliases are expanded (within
/// <see cref="YamlReaderOptions.MaxAliasExpansionNodes"/> and <see cref="YamlReaderOptions.MaxAliasExpansionBytes"/>),
/// merge keys (<c>&lt;&lt;</c>) are applied, and duplicate keys are errors (yaml.v3) or keep their last value
/// (<see cref="YamlDialect.Kubernetes"/>). Scalars keep their text, tag and style; which value they stand for
/// depends on <see cref="YamlReaderOptions.Dialect"/>.
/// </summary>
public static class YamlReader
{
    private const string YamlTagPrefix = "tag:yaml.org,2002:";

    /// <summary>Reads every document of <paramref name="text"/>. An empty document reads as a null scalar.</summary>
    /// <param name="text">The YAML stream.</param>
    /// <param name="options">Limits; <see cref="YamlReaderOptions.Default"/> when null.</param>
    /// <exception cref="YamlException">The text is not valid YAML or breaks a limit of <paramref name="options"/>.</exception>
    public static IReadOnlyList<YamlNode> ReadDocuments(string text, YamlReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= YamlReaderOptions.Default;
        options.Validate();
        if (text.Length > options.MaxInputBytes)
        {
            throw new YamlException($"yaml: input of {text.Length} characters is larger than the limit of {options.MaxInputBytes}");
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var state = new State(options);
        var documents = new List<YamlNode>();
        using var reader = new StringReader(text);
        var parser = new GuardedYamlParser(new Parser(reader));
        try
        {
            parser.Consume<StreamStart>();
            while (!parser.Accept<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                state.Anchors.Clear();
                if (parser.Accept<DocumentEnd>(out _))
                {
                    documents.Add(new YamlScalar(string.Empty));
                }
                else
                {
                    documents.Add(ReadNode(parser, state, 0));
                }

                parser.Consume<DocumentEnd>();
            }
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new YamlException($"yaml: line {ex.Start.Line}: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // Consume<T> reports an event of another type than the stream's grammar allows here.
            throw new YamlException($"yaml: line {parser.Current?.Start.Line ?? 0}: did not find expected node content", ex);
        }

        return documents;
    }

    /// <summary>
    /// Reads every document of UTF-8 <paramref name="utf8"/>. A leading byte-order mark is dropped. Bytes that
    /// are not UTF-8 are refused in the <see cref="YamlDialect.KYaml"/> dialect (as kustomize refuses them) and
    /// read as U+FFFD in the others (as kubectl does).
    /// </summary>
    /// <param name="utf8">The YAML stream's bytes.</param>
    /// <param name="options">Rules and limits; <see cref="YamlReaderOptions.Default"/> when null.</param>
    /// <exception cref="YamlException">The bytes are not valid YAML or break a limit of <paramref name="options"/>.</exception>
    public static IReadOnlyList<YamlNode> ReadUtf8Documents(ReadOnlySpan<byte> utf8, YamlReaderOptions? options = null)
    {
        options ??= YamlReaderOptions.Default;
        options.Validate();
        if (utf8.Length > options.MaxInputBytes)
        {
            throw new YamlException($"yaml: input of {utf8.Length} bytes is larger than the limit of {options.MaxInputBytes}");
        }

        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        return ReadDocuments(DecodeUtf8(utf8, options.Dialect), options);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static string DecodeUtf8(ReadOnlySpan<byte> utf8, YamlDialect dialect)
    {
        if (dialect != YamlDialect.KYaml)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            throw new YamlException("yaml: invalid leading UTF-8 octet", ex);
        }
    }

    /// <summary>Reads a stream that must hold exactly one document; an empty stream reads as a null scalar.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="options">Limits; defaults when null.</param>
    public static YamlNode ReadDocument(string text, YamlReaderOptions? options = null)
    {
        var docs = ReadDocuments(text, options);
        return docs.Count switch
        {
            0 => new YamlScalar(string.Empty),
            1 => docs[0],
            _ => throw new YamlException("expected one YAML document but found " + docs.Count),
        };
    }

    // A mapping key's text is shared by SharedKeys afterwards; any other scalar's through the read's SharedTexts here.
    private static YamlNode ReadNode(IParser parser, State state, int depth, bool isKey = false)
    {
        if (depth > state.Options.MaxDepth || !StackGuard.CanRecurse(depth))
        {
            throw new YamlException($"yaml: document nested deeper than {state.Options.MaxDepth} levels");
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!state.Anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlException($"yaml: line {alias.Start.Line}: unknown anchor '{alias.Value.Value}' referenced");
            }

            var (nodes, bytes) = Measure(target);
            state.Expanded += nodes;
            state.ExpandedBytes += bytes;
            if (state.Expanded > state.Options.MaxAliasExpansionNodes)
            {
                throw new YamlException($"yaml: document contains excessive aliasing (more than {state.Options.MaxAliasExpansionNodes} nodes copied)");
            }

            if (state.ExpandedBytes > state.Options.MaxAliasExpansionBytes)
            {
                throw new YamlException($"yaml: document contains excessive aliasing (more than {state.Options.MaxAliasExpansionBytes} bytes copied)");
            }

            return target.DeepClone();
        }

        YamlNode node;
        string anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            node = new YamlScalar(isKey ? scalar.Value : state.Texts.Get(scalar.Value), ShortTag(scalar.Tag), MapStyle(scalar.Style));
            anchor = scalar.Anchor.IsEmpty ? string.Empty : scalar.Anchor.Value;
        }
        else if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            var seq = new YamlSequence { IsFlow = seqStart.Style == SequenceStyle.Flow };
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                seq.Add(ReadNode(parser, state, depth + 1));
            }

            node = seq;
            anchor = seqStart.Anchor.IsEmpty ? string.Empty : seqStart.Anchor.Value;
        }
        else
        {
            var mapStart = parser.Consume<MappingStart>();
            var map = new YamlMapping { IsFlow = mapStart.Style == MappingStyle.Flow };
            List<YamlNode>? merges = null;
            var keyLinesBase = state.KeyLines.Count;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyStart = parser.Current?.Start.Line ?? 0;
                var key = ReadNode(parser, state, depth + 1, isKey: true);
                var value = ReadNode(parser, state, depth + 1);
                if (key is not YamlScalar keyScalar)
                {
                    throw new YamlException($"yaml: line {keyStart}: only scalar mapping keys are supported");
                }

                if (keyScalar.Value == "<<" && keyScalar.Style == YamlScalarStyle.Plain && keyScalar.Tag is null)
                {
                    (merges ??= []).Add(value);
                    continue;
                }

                if (map.ContainsKey(keyScalar.Value))
                {
                    if (state.Options.AllowDuplicateKeys || state.Options.Dialect != YamlDialect.KYaml)
                    {
                        map.Set(keyScalar.Value, value);
                        continue;
                    }

                    // As yaml.v3: the line of the key's first definition too.
                    var first = state.KeyLines[keyLinesBase + map.IndexOf(keyScalar.Value)];
                    throw new YamlException($"yaml: unmarshal errors:\n  line {keyStart}: mapping key \"{keyScalar.Value}\" already defined at line {first}");
                }

                map.Add(SharedKeys.Share(keyScalar), value);
                state.KeyLines.Add(keyStart);
            }

            state.KeyLines.RemoveRange(keyLinesBase, state.KeyLines.Count - keyLinesBase);

            if (merges is not null)
            {
                ApplyMerges(map, merges);
            }

            node = map;
            anchor = mapStart.Anchor.IsEmpty ? string.Empty : mapStart.Anchor.Value;
        }

        if (anchor.Length > 0)
        {
            state.Anchors[anchor] = node;
        }

        return node;
    }

    private static void ApplyMerges(YamlMapping map, List<YamlNode> merges)
    {
        foreach (var merge in merges)
        {
            var sources = merge switch
            {
                YamlMapping m => [m],
                YamlSequence s => s.Select(n => n as YamlMapping ?? throw new YamlException("yaml: map merge requires map or sequence of maps as the value")).ToList(),
                _ => throw new YamlException("yaml: map merge requires map or sequence of maps as the value"),
            };
            foreach (var source in sources)
            {
                foreach (var (k, v) in source)
                {
                    if (!map.ContainsKey(k.Value))
                    {
                        map.Add((YamlScalar)k.DeepClone(), v.DeepClone());
                    }
                }
            }
        }
    }

    // Nodes and bytes an alias copies: scalar text plus a fixed 16 per node. The walk is iterative and only
    // ever visits what the reader built under the same limits.
    private static (long Nodes, long Bytes) Measure(YamlNode root)
    {
        long nodes = 0, bytes = 0;
        var pending = new Stack<YamlNode>();
        pending.Push(root);
        while (pending.TryPop(out var node))
        {
            nodes++;
            bytes += 16;
            switch (node)
            {
                case YamlScalar s:
                    bytes += s.Value.Length;
                    break;
                case YamlMapping m:
                    foreach (var (k, v) in m)
                    {
                        pending.Push(k);
                        pending.Push(v);
                    }

                    break;
                case YamlSequence q:
                    foreach (var item in q)
                    {
                        pending.Push(item);
                    }

                    break;
            }
        }

        return (nodes, bytes);
    }

    private static string? ShortTag(TagName tag)
    {
        if (tag.IsEmpty)
        {
            return null;
        }

        var value = tag.Value;
        return value.StartsWith(YamlTagPrefix, StringComparison.Ordinal) ? "!!" + value[YamlTagPrefix.Length..] : value;
    }

    private static YamlScalarStyle MapStyle(CoreScalarStyle style) => style switch
    {
        CoreScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
        CoreScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
        CoreScalarStyle.Literal => YamlScalarStyle.Literal,
        CoreScalarStyle.Folded => YamlScalarStyle.Folded,
        _ => YamlScalarStyle.Plain,
    };

    private sealed class State(YamlReaderOptions options)
    {
        public YamlReaderOptions Options { get; } = options;

        public Dictionary<string, YamlNode> Anchors { get; } = new(StringComparer.Ordinal);

        public long Expanded { get; set; }

        /// <summary>The line of each key of the mappings being read, innermost last (for the duplicate-key message).</summary>
        public List<long> KeyLines { get; } = [];

        public long ExpandedBytes { get; set; }

        /// <summary>The texts the scalars read so far share: the options' table (one build's), else this read's own.</summary>
        public SharedTexts Texts { get; } = options.SharedTexts ?? new SharedTexts();
    }
}
