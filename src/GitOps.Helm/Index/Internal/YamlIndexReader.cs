using GitOps.Yaml.Internal;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOps.Helm.Index.Internal;

/// <summary>
/// Index tokens from YAML parser events (no document tree): the first document only, as go-yaml reads
/// it; plain scalars resolved with YAML 1.1 rules; anchors recorded as event lists and replayed at each
/// alias, with a cap on replayed events against alias bombs.
/// </summary>
internal sealed class YamlIndexReader : IndexTokenReader
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    private readonly GuardedYamlParser _parser;
    private readonly long _maxReplayedEvents;
    private readonly long _maxRecordedEvents;
    private readonly Dictionary<string, List<ParsingEvent>> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<(List<ParsingEvent> Events, int Next)> _replay = new();
    private readonly List<(string Name, List<ParsingEvent> Events, int Depth)> _recording = [];
    private long _replayed;
    private long _recorded;
    private bool _inDocument;
    private bool _ended;

    public YamlIndexReader(TextReader reader, long maxReplayedEvents, long maxRecordedEvents)
    {
        // Core's guard turns the parser's stray exceptions (found by fuzzing) into its YamlException.
        _parser = new GuardedYamlParser(new Parser(reader));
        _maxReplayedEvents = maxReplayedEvents;
        _maxRecordedEvents = maxRecordedEvents;
    }

    public override bool IsYaml => true;

    public override IndexToken Read()
    {
        try
        {
            return ReadCore();
        }
        catch (YamlException ex)
        {
            throw new HelmIndexException(HelmIndexErrorKind.Invalid, $"error converting YAML to JSON: yaml: line {ex.Start.Line}: {ex.Message}", ex);
        }
    }

    private IndexToken ReadCore()
    {
        while (true)
        {
            if (_ended)
            {
                return new IndexToken(TokenKind.EndOfDocument, ScalarType.Null, string.Empty, 0);
            }

            var ev = NextEvent();
            switch (ev)
            {
                case null:
                case StreamEnd:
                case DocumentEnd:
                    _ended = true;
                    continue;
                case StreamStart:
                    continue;
                case DocumentStart:
                    _inDocument = true;
                    continue;
                case MappingStart m:
                    return new IndexToken(TokenKind.MappingStart, ScalarType.Null, string.Empty, m.Start.Line);
                case MappingEnd m:
                    return new IndexToken(TokenKind.MappingEnd, ScalarType.Null, string.Empty, m.Start.Line);
                case SequenceStart s:
                    return new IndexToken(TokenKind.SequenceStart, ScalarType.Null, string.Empty, s.Start.Line);
                case SequenceEnd s:
                    return new IndexToken(TokenKind.SequenceEnd, ScalarType.Null, string.Empty, s.Start.Line);
                case Scalar s:
                    return ToToken(s);
                default:
                    continue;
            }
        }
    }

    /// <summary>Whether a document was found at all (an empty stream decodes as null).</summary>
    public bool SawDocument => _inDocument;

    private static IndexToken ToToken(Scalar s)
    {
        var line = s.Start.Line;
        if (!s.Tag.IsEmpty)
        {
            return Tagged(s, line);
        }

        if (s.Style != ScalarStyle.Plain)
        {
            return new IndexToken(TokenKind.Scalar, ScalarType.String, s.Value, line);
        }

        var (type, text) = YamlScalarResolver.Resolve(s.Value);
        return new IndexToken(TokenKind.Scalar, type, text, line, IsMergeKey: s.Value == "<<");
    }

    private static IndexToken Tagged(Scalar s, long line)
    {
        var tag = s.Tag.Value;
        if (tag.StartsWith(TagPrefix, StringComparison.Ordinal))
        {
            var name = tag[TagPrefix.Length..];
            if (name is "str")
            {
                return new IndexToken(TokenKind.Scalar, ScalarType.String, s.Value, line);
            }

            if (name is "binary")
            {
                return new IndexToken(TokenKind.Scalar, ScalarType.String, YamlScalarResolver.DecodeBinary(s.Value), line);
            }

            var (type, text) = s.Style == ScalarStyle.Plain || name is "int" or "float" or "bool" or "null"
                ? YamlScalarResolver.Resolve(s.Value)
                : (ScalarType.String, s.Value);
            var wanted = name switch
            {
                "int" => ScalarType.Int,
                "float" => ScalarType.Float,
                "bool" => ScalarType.Bool,
                "null" => ScalarType.Null,
                _ => type,
            };
            if (wanted == ScalarType.Float && type == ScalarType.Int)
            {
                return new IndexToken(TokenKind.Scalar, ScalarType.Float, text, line);
            }

            if (wanted != type)
            {
                throw new HelmIndexException(HelmIndexErrorKind.Invalid, $"yaml: cannot decode !!{name} `{s.Value}`");
            }

            return new IndexToken(TokenKind.Scalar, type, text, line);
        }

        // A local or non-specific tag: the value stays a string.
        return new IndexToken(TokenKind.Scalar, ScalarType.String, s.Value, line);
    }

    private ParsingEvent? NextEvent()
    {
        while (true)
        {
            if (_replay.Count > 0)
            {
                var (events, next) = _replay.Pop();
                if (next >= events.Count)
                {
                    continue;
                }

                _replay.Push((events, next + 1));
                if (++_replayed > _maxReplayedEvents)
                {
                    throw new HelmIndexException(HelmIndexErrorKind.TooLarge, $"yaml: document contains excessive aliasing (more than {_maxReplayedEvents} replayed events)");
                }

                var replayedEvent = events[next];
                if (replayedEvent is AnchorAlias nested)
                {
                    PushAlias(nested);
                    continue;
                }

                return replayedEvent;
            }

            if (!_parser.MoveNext())
            {
                return null;
            }

            var ev = _parser.Current!;
            Record(ev);
            if (ev is AnchorAlias alias)
            {
                PushAlias(alias);
                continue;
            }

            return ev;
        }
    }

    private void PushAlias(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var events))
        {
            throw new HelmIndexException(HelmIndexErrorKind.Invalid, $"yaml: unknown anchor '{alias.Value.Value}' referenced");
        }

        _replay.Push((events, 0));
    }

    /// <summary>Adds a parser event to every anchored node being recorded, and starts recording at an anchor.</summary>
    private void Record(ParsingEvent ev)
    {
        for (var i = _recording.Count - 1; i >= 0; i--)
        {
            var (name, events, depth) = _recording[i];
            events.Add(ev);
            if (++_recorded > _maxRecordedEvents)
            {
                throw new HelmIndexException(HelmIndexErrorKind.TooLarge, $"yaml: anchored nodes hold more than {_maxRecordedEvents} events");
            }

            depth += ev.NestingIncrease;
            if (depth == 0)
            {
                _anchors[name] = events;
                _recording.RemoveAt(i);
            }
            else
            {
                _recording[i] = (name, events, depth);
            }
        }

        if (ev is NodeEvent node && !node.Anchor.IsEmpty)
        {
            if (ev.NestingIncrease == 0)
            {
                _anchors[node.Anchor.Value] = [ev];
            }
            else
            {
                _recording.Add((node.Anchor.Value, [ev], ev.NestingIncrease));
            }
        }
    }
}
