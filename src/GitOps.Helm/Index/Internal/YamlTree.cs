namespace GitOps.Helm.Index.Internal;

/// <summary>
/// A small YAML document tree for the files that are read whole and are small (Chart.yaml,
/// requirements.yaml, values files): go-yaml's non-strict reading, where a repeated key replaces the earlier
/// value and merge keys (<c>&lt;&lt;</c>) supply keys the mapping does not set itself.
/// </summary>
internal sealed class YamlTree
{
    // For mappings: where each key sits in Pairs, so a mapping of many keys is built in linear time.
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    private YamlTree(TokenKind kind, ScalarType type, string text)
    {
        Kind = kind;
        Type = type;
        Text = text;
    }

    public TokenKind Kind { get; }

    public ScalarType Type { get; }

    public string Text { get; }

    /// <summary>For mappings: the pairs in first-seen order, keys as strings.</summary>
    public List<KeyValuePair<string, YamlTree>> Pairs { get; } = [];

    /// <summary>For sequences: the items.</summary>
    public List<YamlTree> Items { get; } = [];

    public bool IsNull => Kind == TokenKind.Scalar && Type == ScalarType.Null;

    public YamlTree? this[string key] => _index.TryGetValue(key, out var i) ? Pairs[i].Value : null;

    /// <summary>Reads the first document of <paramref name="text"/>; an empty document gives null.</summary>
    public static YamlTree? Parse(string text, long maxAliasEvents = 100_000)
    {
        using var reader = new StringReader(text);
        var tokens = new YamlIndexReader(reader, maxAliasEvents, maxAliasEvents);
        var first = tokens.Read();
        if (first.Kind == TokenKind.EndOfDocument)
        {
            return null;
        }

        var tree = Build(tokens, first, depth: 0);
        return tree.IsNull ? null : tree;
    }

    private static YamlTree Build(IndexTokenReader tokens, IndexToken first, int depth)
    {
        IndexTokenReader.CheckDepth(depth);

        switch (first.Kind)
        {
            case TokenKind.Scalar:
                return new YamlTree(TokenKind.Scalar, first.Type, first.Text);
            case TokenKind.SequenceStart:
                var seq = new YamlTree(TokenKind.SequenceStart, ScalarType.Null, string.Empty);
                while (true)
                {
                    var t = tokens.Read();
                    if (t.Kind == TokenKind.SequenceEnd)
                    {
                        return seq;
                    }

                    seq.Items.Add(Build(tokens, t, depth + 1));
                }

            case TokenKind.MappingStart:
                var map = new YamlTree(TokenKind.MappingStart, ScalarType.Null, string.Empty);
                var merged = new List<YamlTree>();
                while (true)
                {
                    var k = tokens.Read();
                    if (k.Kind == TokenKind.MappingEnd)
                    {
                        break;
                    }

                    var value = Build(tokens, tokens.Read(), depth + 1);
                    if (k.IsMergeKey)
                    {
                        merged.Add(value);
                        continue;
                    }

                    map.Set(KeySet.KeyText(tokens, k), value);
                }

                foreach (var source in merged)
                {
                    map.MergeFrom(source);
                }

                return map;
            default:
                throw new HelmIndexException(HelmIndexErrorKind.Invalid, $"yaml: unexpected {first.Kind}");
        }
    }

    private void Set(string key, YamlTree value)
    {
        if (_index.TryGetValue(key, out var i))
        {
            Pairs[i] = new(key, value);
            return;
        }

        _index.Add(key, Pairs.Count);
        Pairs.Add(new(key, value));
    }

    private void MergeFrom(YamlTree source)
    {
        var maps = source.Kind == TokenKind.SequenceStart ? source.Items : [source];
        foreach (var map in maps)
        {
            if (map.Kind != TokenKind.MappingStart)
            {
                throw new HelmIndexException(HelmIndexErrorKind.Invalid, "yaml: map merge requires map or sequence of maps as the value");
            }

            foreach (var pair in map.Pairs)
            {
                if (_index.TryAdd(pair.Key, Pairs.Count))
                {
                    Pairs.Add(pair);
                }
            }
        }
    }
}
