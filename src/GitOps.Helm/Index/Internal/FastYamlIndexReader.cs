using System.Text;

namespace GitOps.Helm.Index.Internal;

/// <summary>
/// A fast line scanner for the YAML that Helm and chart repositories write (block mappings and sequences,
/// plain, quoted and literal scalars, comments, empty flow collections). It emits the same tokens as
/// <see cref="YamlIndexReader"/> and gives up with <see cref="UnsupportedYamlException"/> on anything else
/// (anchors, tags, flow collections, folded scalars, tabs, several documents...), so the loader can re-read
/// the document with the full YAML parser. Equivalence on real indexes is checked by tests.
/// </summary>
internal sealed class FastYamlIndexReader : IndexTokenReader
{
    private const int MaxCachedKeys = 4096;

    private readonly TextReader _reader;
    private readonly Queue<IndexToken> _queue = new();
    private readonly List<(bool IsMap, int Indent)> _stack = [];

    // Plain keys repeat on every entry (name, version, urls...): each distinct one is resolved and allocated once.
    private readonly Dictionary<string, (ScalarType Type, string Text)> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ScalarType Type, string Text)>.AlternateLookup<ReadOnlySpan<char>> _keyLookup;
    private string? _peeked;
    private bool _havePeek;
    private long _line;
    private bool _started;
    private bool _rootClosed;
    private bool _ended;

    // A key was read whose value is on the following lines (or absent): the indent of its mapping.
    private int _pendingIndent = -1;

    public FastYamlIndexReader(TextReader reader)
    {
        _reader = reader;
        _keyLookup = _keys.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public override bool IsYaml => true;

    public override IndexToken Read()
    {
        while (_queue.Count == 0)
        {
            if (_ended)
            {
                return new IndexToken(TokenKind.EndOfDocument, ScalarType.Null, string.Empty, _line);
            }

            Step();
        }

        return _queue.Dequeue();
    }

    private string? NextLine()
    {
        if (_havePeek)
        {
            _havePeek = false;
            _line++;
            return _peeked;
        }

        _line++;
        return _reader.ReadLine();
    }

    private string? PeekLine()
    {
        if (!_havePeek)
        {
            _peeked = _reader.ReadLine();
            _havePeek = true;
        }

        return _peeked;
    }

    private static UnsupportedYamlException Unsupported(string what) => new UnsupportedYamlException(what);

    private static int Indent(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] == ' ')
        {
            i++;
        }

        if (i < line.Length && line[i] == '\t')
        {
            throw Unsupported("tab");
        }

        return i;
    }

    private static bool IsBlankOrComment(string line, int indent) => indent == line.Length || line[indent] == '#';

    private void Emit(TokenKind kind) => _queue.Enqueue(new IndexToken(kind, ScalarType.Null, string.Empty, _line));

    private void EmitScalar(ScalarType type, string text, bool merge = false) => _queue.Enqueue(new IndexToken(TokenKind.Scalar, type, text, _line, merge));

    /// <summary>Handles one line (or ends the document).</summary>
    private void Step()
    {
        var line = NextLine();
        if (line is null)
        {
            Finish();
            return;
        }

        var indent = Indent(line);
        if (IsBlankOrComment(line, indent))
        {
            return;
        }

        if (indent == 0 && (line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith("...", StringComparison.Ordinal) || line[0] == '%'))
        {
            if (!_started && line.TrimEnd() == "---")
            {
                return;
            }

            throw Unsupported("document marker or directive");
        }

        if (!_started)
        {
            _started = true;
        }

        CloseTo(indent, line, indent);
        var rest = line.AsSpan(indent);
        if (rest is "-" || rest.StartsWith("- "))
        {
            SequenceItem(line, indent);
        }
        else
        {
            MappingLine(line, indent, indent);
        }
    }

    private void Finish()
    {
        if (!_started)
        {
            _ended = true;
            return;
        }

        if (_pendingIndent >= 0)
        {
            EmitScalar(ScalarType.Null, string.Empty);
            _pendingIndent = -1;
        }

        for (var i = _stack.Count - 1; i >= 0; i--)
        {
            Emit(_stack[i].IsMap ? TokenKind.MappingEnd : TokenKind.SequenceEnd);
        }

        _stack.Clear();
        _ended = true;
    }

    /// <summary>Closes the blocks that a line at <paramref name="indent"/> ends; resolves a pending empty value.</summary>
    private void CloseTo(int indent, string line, int contentAt)
    {
        var isItem = line.AsSpan(contentAt) is "-" || line.AsSpan(contentAt).StartsWith("- ");
        if (_pendingIndent >= 0)
        {
            // A key with nothing after it: its value is the block on the next lines, if deeper (or a sequence at the same indent).
            if (indent > _pendingIndent || (indent == _pendingIndent && isItem && _stack.Count > 0 && _stack[^1].IsMap && _stack[^1].Indent == indent))
            {
                return;
            }

            EmitScalar(ScalarType.Null, string.Empty);
            _pendingIndent = -1;
        }

        while (_stack.Count > 0)
        {
            var (isMap, at) = _stack[^1];
            if (at > indent || (at == indent && !isMap && !isItem))
            {
                Emit(isMap ? TokenKind.MappingEnd : TokenKind.SequenceEnd);
                _stack.RemoveAt(_stack.Count - 1);
                _rootClosed |= _stack.Count == 0;
                continue;
            }

            break;
        }

    }

    private void SequenceItem(string line, int indent)
    {
        if (_pendingIndent >= 0)
        {
            // The value of the pending key is this sequence.
            _pendingIndent = -1;
            Open(isMap: false, indent);
        }
        else if (_stack.Count == 0 || _stack[^1].IsMap || _stack[^1].Indent != indent)
        {
            if (_stack.Count == 0 && !_rootClosed)
            {
                Open(isMap: false, indent);
            }
            else
            {
                throw Unsupported("sequence item in an unexpected place");
            }
        }

        var at = indent + 1;
        while (at < line.Length && line[at] == ' ')
        {
            at++;
        }

        if (at >= line.Length || line[at] == '#')
        {
            // "-" alone: the item is the block on the next lines, or null.
            _pendingIndent = indent;
            return;
        }

        var rest = line.AsSpan(at);
        if (rest is "-" || rest.StartsWith("- "))
        {
            throw Unsupported("nested compact sequence");
        }

        if (FindKeyEnd(line, at) >= 0)
        {
            // "- key: value": a mapping inside the item, at the key's column.
            MappingLine(line, at, at);
            return;
        }

        Scalar(line, at, indent);
    }

    private void Open(bool isMap, int indent)
    {
        Emit(isMap ? TokenKind.MappingStart : TokenKind.SequenceStart);
        _stack.Add((isMap, indent));
    }

    /// <summary>A <c>key: value</c> line whose key starts at <paramref name="at"/>.</summary>
    private void MappingLine(string line, int indent, int at)
    {
        if (_pendingIndent >= 0)
        {
            _pendingIndent = -1;
            Open(isMap: true, indent);
        }
        else if (_stack.Count == 0)
        {
            if (_rootClosed)
            {
                throw Unsupported("content after the root node");
            }

            Open(isMap: true, indent);
        }
        else if (!_stack[^1].IsMap || _stack[^1].Indent != indent)
        {
            if (!_stack[^1].IsMap && indent > _stack[^1].Indent)
            {
                // "- key: v" compact mapping in a sequence item.
                Open(isMap: true, indent);
            }
            else
            {
                throw Unsupported("mapping key in an unexpected place");
            }
        }

        var keyEnd = FindKeyEnd(line, at);
        if (keyEnd < 0)
        {
            throw Unsupported("line that is neither a key nor an item");
        }

        Key(line.AsSpan(at, keyEnd - at));
        var v = keyEnd + 1;
        while (v < line.Length && line[v] == ' ')
        {
            v++;
        }

        if (v >= line.Length || line[v] == '#')
        {
            _pendingIndent = indent;
            return;
        }

        Scalar(line, v, indent);
    }

    /// <summary>The index of the colon ending a plain or quoted key at <paramref name="at"/>, or -1.</summary>
    private static int FindKeyEnd(string line, int at)
    {
        var c = line[at];
        if (c is '"' or '\'')
        {
            var close = line.IndexOf(c, at + 1);
            if (close < 0 || c == '"' && line.AsSpan(at + 1, close - at - 1).Contains('\\') || c == '\'' && close + 1 < line.Length && line[close + 1] == '\'')
            {
                throw Unsupported("complex quoted key");
            }

            return close + 1 < line.Length && line[close + 1] == ':' && (close + 2 == line.Length || line[close + 2] == ' ') ? close + 1 : -1;
        }

        if (c is '?' or '&' or '*' or '!' or '[' or '{' or '|' or '>' or '%' or '@' or '`' or ',' or ']' or '}' or '#')
        {
            return -1;
        }

        for (var i = at; i < line.Length; i++)
        {
            if (line[i] == ':' && (i + 1 == line.Length || line[i + 1] == ' '))
            {
                return i;
            }

            if (line[i] == '#' && line[i - 1] == ' ')
            {
                return -1;
            }
        }

        return -1;
    }

    private void Key(ReadOnlySpan<char> raw)
    {
        if (raw.Length > 0 && (raw[0] == '"' || raw[0] == '\''))
        {
            EmitScalar(ScalarType.String, raw[1..^1].ToString());
            return;
        }

        var trimmed = raw.TrimEnd(' ');
        if (_keyLookup.TryGetValue(trimmed, out var known))
        {
            EmitScalar(known.Type, known.Text);
            return;
        }

        var text = trimmed.ToString();
        if (text == "<<")
        {
            throw Unsupported("merge key");
        }

        var resolved = YamlScalarResolver.Resolve(text);
        if (_keys.Count < MaxCachedKeys)
        {
            _keys[text] = resolved;
        }

        EmitScalar(resolved.Type, resolved.Text);
    }

    /// <summary>A scalar starting at column <paramref name="at"/> of a node whose block is at <paramref name="parentIndent"/>.</summary>
    private void Scalar(string line, int at, int parentIndent)
    {
        var c = line[at];
        switch (c)
        {
            case '"' or '\'':
                EmitScalar(ScalarType.String, Quoted(line, at, parentIndent));
                return;
            case '|':
                EmitScalar(ScalarType.String, Literal(line, at, parentIndent));
                return;
            case '[' or '{':
                var flow = StripComment(line, at);
                if (flow is "[]")
                {
                    Emit(TokenKind.SequenceStart);
                    Emit(TokenKind.SequenceEnd);
                    return;
                }

                if (flow is "{}")
                {
                    Emit(TokenKind.MappingStart);
                    Emit(TokenKind.MappingEnd);
                    return;
                }

                throw Unsupported("flow collection");
            case '&' or '*' or '!' or '%' or '@' or '`' or '>' or '?' or ',' or ']' or '}':
                throw Unsupported("anchor, alias, tag or reserved indicator");
        }

        var text = StripComment(line, at);
        if (text.Contains(": ", StringComparison.Ordinal) || text.EndsWith(':'))
        {
            throw Unsupported("colon in a plain scalar");
        }

        // Plain scalars continue on more-indented lines, folded with spaces.
        StringBuilder? folded = null;
        while (PeekLine() is { } next)
        {
            var indent = Indent(next);
            if (indent == next.Length)
            {
                throw Unsupported("blank line inside a plain scalar");
            }

            if (indent <= parentIndent || next[indent] == '#')
            {
                break;
            }

            var part = StripComment(next, indent);
            if (part.Contains(": ", StringComparison.Ordinal) || part.EndsWith(':') || part.StartsWith('#') || part.StartsWith("- ", StringComparison.Ordinal) && false)
            {
                throw Unsupported("colon in a plain scalar continuation");
            }

            NextLine();
            folded ??= new StringBuilder(text);
            folded.Append(' ').Append(part);
        }

        if (folded is not null)
        {
            EmitScalar(ScalarType.String, folded.ToString());
            return;
        }

        var (type, value) = YamlScalarResolver.Resolve(text);
        EmitScalar(type, value, merge: false);
    }

    /// <summary>The text from <paramref name="at"/> to the end of the line, without a trailing comment or spaces.</summary>
    private static string StripComment(string line, int at)
    {
        var end = line.Length;
        for (var i = at + 1; i < line.Length; i++)
        {
            if (line[i] == '#' && (line[i - 1] == ' ' || line[i - 1] == '\t'))
            {
                end = i;
                break;
            }
        }

        return line.AsSpan(at, end - at).TrimEnd(' ').ToString();
    }

    private static void ExpectLineEnd(string line, int after)
    {
        var rest = line.AsSpan(after).TrimStart(' ');
        if (!rest.IsEmpty && rest[0] != '#')
        {
            throw Unsupported("content after a quoted scalar");
        }
    }

    /// <summary>A single- or double-quoted scalar, possibly over several lines (folded as YAML folds flow scalars).</summary>
    private string Quoted(string line, int at, int parentIndent)
    {
        var quote = line[at];
        var sb = new StringBuilder();
        var current = line;
        var i = at + 1;
        var contentEnd = 0;
        while (true)
        {
            if (i >= current.Length)
            {
                // A line break inside the scalar: drop trailing blanks, fold the break (a space, or one newline per empty line).
                sb.Length = contentEnd;
                var breaks = 0;
                string next;
                while (true)
                {
                    next = NextLine() ?? throw Unsupported("unterminated quoted scalar");
                    if (next.AsSpan().TrimStart(' ').IsEmpty)
                    {
                        breaks++;
                        continue;
                    }

                    break;
                }

                var indent = Indent(next);
                if (indent <= parentIndent)
                {
                    throw Unsupported("under-indented quoted scalar continuation");
                }

                sb.Append(breaks == 0 ? " " : new string('\n', breaks));
                contentEnd = sb.Length;
                current = next;
                i = indent;
                continue;
            }

            var c = current[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    if (i + 1 < current.Length && current[i + 1] == '\'')
                    {
                        sb.Append('\'');
                        contentEnd = sb.Length;
                        i += 2;
                        continue;
                    }

                    ExpectLineEnd(current, i + 1);
                    return sb.ToString();
                }

                sb.Append(c);
                if (c is not (' ' or '\t'))
                {
                    contentEnd = sb.Length;
                }

                i++;
                continue;
            }

            if (c == '"')
            {
                ExpectLineEnd(current, i + 1);
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                if (c is not (' ' or '\t'))
                {
                    contentEnd = sb.Length;
                }

                i++;
                continue;
            }

            if (i + 1 >= current.Length)
            {
                throw Unsupported("escaped line break");
            }

            i = Escape(current, i + 1, sb);
            contentEnd = sb.Length;
        }
    }

    /// <summary>Appends the escape at <paramref name="i"/> (after the backslash); returns the index after it.</summary>
    private static int Escape(string line, int i, StringBuilder sb)
    {
        var e = line[i++];
        switch (e)
        {
            case '"' or '\\' or '/' or ' ':
                sb.Append(e);
                return i;
            case 'n':
                sb.Append('\n');
                return i;
            case 't' or '\t':
                sb.Append('\t');
                return i;
            case 'r':
                sb.Append('\r');
                return i;
            case '0':
                sb.Append('\0');
                return i;
            case 'a':
                sb.Append('\a');
                return i;
            case 'b':
                sb.Append('\b');
                return i;
            case 'e':
                sb.Append('\u001b');
                return i;
            case 'f':
                sb.Append('\f');
                return i;
            case 'v':
                sb.Append('\v');
                return i;
            case 'x':
                return Hex(line, i, 2, sb);
            case 'u':
                return Hex(line, i, 4, sb);
            case 'U':
                return Hex(line, i, 8, sb);
            default:
                throw Unsupported("escape sequence");
        }
    }

    private static int Hex(string line, int i, int digits, StringBuilder sb)
    {
        if (i + digits > line.Length || !int.TryParse(line.AsSpan(i, digits), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var code)
            || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        {
            throw Unsupported("escape sequence");
        }

        sb.Append(char.ConvertFromUtf32(code));
        return i + digits;
    }

    /// <summary>A literal block scalar (<c>|</c>, <c>|-</c>, <c>|+</c>) without an indentation indicator.</summary>
    private string Literal(string line, int at, int parentIndent)
    {
        var header = StripComment(line, at);
        var chomp = 'c';
        var explicitIndent = 0;
        foreach (var h in header.AsSpan(1))
        {
            if (h is '-' or '+' && chomp == 'c')
            {
                chomp = h == '-' ? 's' : 'k';
            }
            else if (h is >= '1' and <= '9' && explicitIndent == 0)
            {
                explicitIndent = h - '0';
            }
            else
            {
                throw Unsupported("block scalar header");
            }
        }

        var lines = new List<string>();
        var contentIndent = explicitIndent > 0 ? parentIndent + explicitIndent : -1;
        while (PeekLine() is { } next)
        {
            var indent = 0;
            while (indent < next.Length && next[indent] == ' ')
            {
                indent++;
            }

            if (indent == next.Length)
            {
                if (contentIndent >= 0 && indent > contentIndent)
                {
                    lines.Add(next[contentIndent..]);
                }
                else if (contentIndent < 0 && indent > parentIndent && indent > 0)
                {
                    throw Unsupported("leading blank lines with spaces in a block scalar");
                }
                else
                {
                    lines.Add(string.Empty);
                }

                NextLine();
                continue;
            }

            if (contentIndent < 0)
            {
                if (indent <= parentIndent)
                {
                    break;
                }

                if (next[indent] == '\t')
                {
                    throw Unsupported("tab");
                }

                contentIndent = indent;
            }
            else if (indent < contentIndent)
            {
                break;
            }

            lines.Add(next[contentIndent..]);
            NextLine();
        }

        var trailing = 0;
        while (trailing < lines.Count && lines[lines.Count - 1 - trailing].Length == 0)
        {
            trailing++;
        }

        var body = string.Join('\n', lines.Take(lines.Count - trailing));
        if (lines.Count - trailing == 0)
        {
            return chomp == 'k' ? new string('\n', trailing) : string.Empty;
        }

        return chomp switch
        {
            's' => body,
            'k' => body + new string('\n', trailing + 1),
            _ => body + "\n",
        };
    }
}

/// <summary>The fast scanner met YAML it does not handle; the document is re-read with the full parser.</summary>
internal sealed class UnsupportedYamlException(string what) : Exception("unsupported by the fast YAML path: " + what);
