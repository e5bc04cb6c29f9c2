using System.Buffers;
using System.Text;

namespace GitOps.Yaml.Internal;

/// <summary>
/// Writes a document the way Go's yaml.v2 Marshal writes a JSON-decoded value: block style, keys in
/// yaml.v2's order, two-space indentation with sequences not indented under their key, and yaml.v2's
/// (libyaml's) scalar analysis, style choice and folding of long lines at column 80.
/// </summary>
internal sealed class GoYamlEmitter
{
    private const int BestIndent = 2;
    private const int BestWidth = 80;

    private readonly IBufferWriter<byte> _output;
    private readonly Stack<int> _indents = new();
    private int _indent = -1;
    private int _column;
    private bool _whitespace = true;
    private bool _indention = true;
    private int _flowLevel;
    private bool _mappingContext;
    private bool _simpleKeyContext;

    // Scalar analysis of the scalar being written.
    private bool _multiline;
    private bool _blockPlainAllowed;
    private bool _singleQuotedAllowed;
    private bool _blockAllowed;

    public GoYamlEmitter(IBufferWriter<byte> output)
    {
        _output = output;
    }

    /// <summary>Writes one document (no leading <c>---</c>), ending with a line break.</summary>
    public void EmitDocument(OutNode root)
    {
        _indent = -1;
        _column = 0;
        _whitespace = true;
        _indention = true;
        EmitNode(root, mapping: false, simpleKey: false);
        WriteIndent();
    }

    private void EmitNode(OutNode node, bool mapping, bool simpleKey)
    {
        _mappingContext = mapping;
        _simpleKeyContext = simpleKey;
        switch (node)
        {
            case OutScalar s:
                EmitScalar(s);
                break;
            case OutSequence q:
                EmitSequence(q);
                break;
            case OutMapping m:
                EmitMapping(m);
                break;
        }
    }

    private void EmitScalar(OutScalar scalar)
    {
        var value = scalar.Utf8;
        Analyze(value);
        var style = SelectStyle(scalar.Style, value.Length);
        IncreaseIndent(flow: true, indentless: false);
        var allowBreaks = !_simpleKeyContext;
        switch (style)
        {
            case OutStyle.Plain:
                WritePlain(value, allowBreaks);
                break;
            case OutStyle.Single:
                WriteSingleQuoted(value, allowBreaks);
                break;
            case OutStyle.Double:
                WriteDoubleQuoted(value, allowBreaks);
                break;
            default:
                WriteLiteral(value);
                break;
        }

        _indent = _indents.Pop();
    }

    private void EmitSequence(OutSequence sequence)
    {
        if (_flowLevel > 0 || sequence.Items.Count == 0)
        {
            WriteIndicator("["u8, true, true, false);
            IncreaseIndent(flow: true, indentless: false);
            _flowLevel++;
            _flowLevel--;
            _indent = _indents.Pop();
            WriteIndicator("]"u8, false, false, false);
            return;
        }

        IncreaseIndent(flow: false, indentless: _mappingContext && !_indention);
        foreach (var item in sequence.Items)
        {
            WriteIndent();
            WriteIndicator("-"u8, true, false, true);
            EmitNode(item, mapping: false, simpleKey: false);
        }

        _indent = _indents.Pop();
    }

    private void EmitMapping(OutMapping mapping)
    {
        if (_flowLevel > 0 || mapping.Entries.Count == 0)
        {
            WriteIndicator("{"u8, true, true, false);
            IncreaseIndent(flow: true, indentless: false);
            _flowLevel++;
            _flowLevel--;
            _indent = _indents.Pop();
            WriteIndicator("}"u8, false, false, false);
            return;
        }

        IncreaseIndent(flow: false, indentless: false);
        foreach (var (key, value) in mapping.Entries)
        {
            WriteIndent();
            if (IsSimpleKey(key))
            {
                EmitNode(key, mapping: true, simpleKey: true);
                WriteIndicator(":"u8, false, false, false);
            }
            else
            {
                WriteIndicator("?"u8, true, false, true);
                EmitNode(key, mapping: true, simpleKey: false);
                WriteIndent();
                WriteIndicator(":"u8, true, false, true);
            }

            EmitNode(value, mapping: true, simpleKey: false);
        }

        _indent = _indents.Pop();
    }

    private bool IsSimpleKey(OutNode key)
    {
        switch (key)
        {
            case OutScalar s:
                Analyze(s.Utf8);
                return !_multiline && s.Utf8.Length <= 128;
            case OutSequence q:
                return q.Items.Count == 0;
            case OutMapping m:
                return m.Entries.Count == 0;
            default:
                return false;
        }
    }

    private OutStyle SelectStyle(OutStyle style, int length)
    {
        if (_simpleKeyContext && _multiline)
        {
            style = OutStyle.Double;
        }

        if (style == OutStyle.Plain)
        {
            if (!_blockPlainAllowed)
            {
                style = OutStyle.Single;
            }

            if (length == 0 && _simpleKeyContext)
            {
                style = OutStyle.Single;
            }
        }

        if (style == OutStyle.Single && !_singleQuotedAllowed)
        {
            style = OutStyle.Double;
        }

        if (style == OutStyle.Literal && (!_blockAllowed || _simpleKeyContext))
        {
            style = OutStyle.Double;
        }

        return style;
    }

    private void IncreaseIndent(bool flow, bool indentless)
    {
        _indents.Push(_indent);
        if (_indent < 0)
        {
            _indent = flow ? BestIndent : 0;
        }
        else if (!indentless)
        {
            _indent += BestIndent;
        }
    }

    private void Analyze(byte[] value)
    {
        if (value.Length == 0)
        {
            _multiline = false;
            _blockPlainAllowed = true;
            _singleQuotedAllowed = true;
            _blockAllowed = false;
            return;
        }

        bool blockIndicators = false, lineBreaks = false, specialCharacters = false;
        bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
        bool breakSpace = false, spaceBreak = false;
        bool previousSpace = false, previousBreak = false;

        if (value.Length >= 3 && ((value[0] == '-' && value[1] == '-' && value[2] == '-') || (value[0] == '.' && value[1] == '.' && value[2] == '.')))
        {
            blockIndicators = true;
        }

        var precededByWhitespace = true;
        for (int i = 0, w; i < value.Length; i += w)
        {
            w = Width(value[i]);
            if (w == 0)
            {
                w = 1;
            }

            var followedByWhitespace = i + w >= value.Length || IsBlank(value, i + w);
            if (i == 0)
            {
                switch (value[i])
                {
                    case (byte)'#' or (byte)',' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'&' or (byte)'*' or (byte)'!' or (byte)'|' or (byte)'>' or (byte)'\'' or (byte)'"' or (byte)'%' or (byte)'@' or (byte)'`':
                        blockIndicators = true;
                        break;
                    case (byte)'?' or (byte)':':
                        if (followedByWhitespace)
                        {
                            blockIndicators = true;
                        }

                        break;
                    case (byte)'-':
                        if (followedByWhitespace)
                        {
                            blockIndicators = true;
                        }

                        break;
                }
            }
            else
            {
                switch (value[i])
                {
                    case (byte)':':
                        if (followedByWhitespace)
                        {
                            blockIndicators = true;
                        }

                        break;
                    case (byte)'#':
                        if (precededByWhitespace)
                        {
                            blockIndicators = true;
                        }

                        break;
                }
            }

            if (!IsPrintable(value, i))
            {
                specialCharacters = true;
            }

            if (value[i] == ' ')
            {
                if (i == 0)
                {
                    leadingSpace = true;
                }

                if (i + w == value.Length)
                {
                    trailingSpace = true;
                }

                if (previousBreak)
                {
                    breakSpace = true;
                }

                previousSpace = true;
                previousBreak = false;
            }
            else if (IsBreak(value, i))
            {
                lineBreaks = true;
                if (i == 0)
                {
                    leadingBreak = true;
                }

                if (i + w == value.Length)
                {
                    trailingBreak = true;
                }

                if (previousSpace)
                {
                    spaceBreak = true;
                }

                previousSpace = false;
                previousBreak = true;
            }
            else
            {
                previousSpace = false;
                previousBreak = false;
            }

            precededByWhitespace = IsBlankZ(value, i);
        }

        _multiline = lineBreaks;
        _blockPlainAllowed = true;
        _singleQuotedAllowed = true;
        _blockAllowed = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak)
        {
            _blockPlainAllowed = false;
        }

        if (trailingSpace)
        {
            _blockAllowed = false;
        }

        if (breakSpace)
        {
            _blockPlainAllowed = false;
            _singleQuotedAllowed = false;
        }

        if (spaceBreak || specialCharacters)
        {
            _blockPlainAllowed = false;
            _singleQuotedAllowed = false;
            _blockAllowed = false;
        }

        if (lineBreaks || blockIndicators)
        {
            _blockPlainAllowed = false;
        }
    }

    private void WriteIndent()
    {
        var indent = Math.Max(_indent, 0);
        if (!_indention || _column > indent || (_column == indent && !_whitespace))
        {
            PutBreak();
        }

        while (_column < indent)
        {
            Put((byte)' ');
        }

        _whitespace = true;
        _indention = true;
    }

    private void WriteIndicator(ReadOnlySpan<byte> indicator, bool needWhitespace, bool isWhitespace, bool isIndention)
    {
        if (needWhitespace && !_whitespace)
        {
            Put((byte)' ');
        }

        foreach (var b in indicator)
        {
            Put(b);
        }

        _whitespace = isWhitespace;
        _indention = _indention && isIndention;
    }

    private void WritePlain(byte[] value, bool allowBreaks)
    {
        if (!_whitespace)
        {
            Put((byte)' ');
        }

        bool spaces = false, breaks = false;
        for (var i = 0; i < value.Length;)
        {
            if (value[i] == ' ')
            {
                if (allowBreaks && !spaces && _column > BestWidth && !(i + 1 < value.Length && value[i + 1] == ' '))
                {
                    WriteIndent();
                    i++;
                }
                else
                {
                    Write(value, ref i);
                }

                spaces = true;
            }
            else if (IsBreak(value, i))
            {
                if (!breaks && value[i] == '\n')
                {
                    PutBreak();
                }

                WriteBreak(value, ref i);
                _indention = true;
                breaks = true;
            }
            else
            {
                if (breaks)
                {
                    WriteIndent();
                }

                Write(value, ref i);
                _indention = false;
                spaces = false;
                breaks = false;
            }
        }

        _whitespace = false;
        _indention = false;
    }

    private void WriteSingleQuoted(byte[] value, bool allowBreaks)
    {
        WriteIndicator("'"u8, true, false, false);
        bool spaces = false, breaks = false;
        for (var i = 0; i < value.Length;)
        {
            if (value[i] == ' ')
            {
                if (allowBreaks && !spaces && _column > BestWidth && i > 0 && i < value.Length - 1 && value[i + 1] != ' ')
                {
                    WriteIndent();
                    i++;
                }
                else
                {
                    Write(value, ref i);
                }

                spaces = true;
            }
            else if (IsBreak(value, i))
            {
                if (!breaks && value[i] == '\n')
                {
                    PutBreak();
                }

                WriteBreak(value, ref i);
                _indention = true;
                breaks = true;
            }
            else
            {
                if (breaks)
                {
                    WriteIndent();
                }

                if (value[i] == '\'')
                {
                    Put((byte)'\'');
                }

                Write(value, ref i);
                _indention = false;
                spaces = false;
                breaks = false;
            }
        }

        WriteIndicator("'"u8, false, false, false);
        _whitespace = false;
        _indention = false;
    }

    private void WriteDoubleQuoted(byte[] value, bool allowBreaks)
    {
        var spaces = false;
        WriteIndicator("\""u8, true, false, false);
        for (var i = 0; i < value.Length;)
        {
            if (!IsPrintable(value, i) || IsBom(value, i) || IsBreak(value, i) || value[i] == '"' || value[i] == '\\')
            {
                var octet = value[i];
                int w;
                int v;
                if ((octet & 0x80) == 0)
                {
                    w = 1;
                    v = octet & 0x7F;
                }
                else if ((octet & 0xE0) == 0xC0)
                {
                    w = 2;
                    v = octet & 0x1F;
                }
                else if ((octet & 0xF0) == 0xE0)
                {
                    w = 3;
                    v = octet & 0x0F;
                }
                else
                {
                    w = 4;
                    v = octet & 0x07;
                }

                for (var k = 1; k < w && i + k < value.Length; k++)
                {
                    v = (v << 6) + (value[i + k] & 0x3F);
                }

                i += w;
                Put((byte)'\\');
                switch (v)
                {
                    case 0x00: Put((byte)'0'); break;
                    case 0x07: Put((byte)'a'); break;
                    case 0x08: Put((byte)'b'); break;
                    case 0x09: Put((byte)'t'); break;
                    case 0x0A: Put((byte)'n'); break;
                    case 0x0B: Put((byte)'v'); break;
                    case 0x0C: Put((byte)'f'); break;
                    case 0x0D: Put((byte)'r'); break;
                    case 0x1B: Put((byte)'e'); break;
                    case 0x22: Put((byte)'"'); break;
                    case 0x5C: Put((byte)'\\'); break;
                    case 0x85: Put((byte)'N'); break;
                    case 0xA0: Put((byte)'_'); break;
                    case 0x2028: Put((byte)'L'); break;
                    case 0x2029: Put((byte)'P'); break;
                    default:
                        int digits;
                        if (v <= 0xFF)
                        {
                            Put((byte)'x');
                            digits = 2;
                        }
                        else if (v <= 0xFFFF)
                        {
                            Put((byte)'u');
                            digits = 4;
                        }
                        else
                        {
                            Put((byte)'U');
                            digits = 8;
                        }

                        for (var k = (digits - 1) * 4; k >= 0; k -= 4)
                        {
                            var digit = (v >> k) & 0x0F;
                            Put((byte)(digit < 10 ? digit + '0' : digit + 'A' - 10));
                        }

                        break;
                }

                spaces = false;
            }
            else if (value[i] == ' ')
            {
                if (allowBreaks && !spaces && _column > BestWidth && i > 0 && i < value.Length - 1)
                {
                    WriteIndent();
                    if (value[i + 1] == ' ')
                    {
                        Put((byte)'\\');
                    }

                    i++;
                }
                else
                {
                    Write(value, ref i);
                }

                spaces = true;
            }
            else
            {
                Write(value, ref i);
                spaces = false;
            }
        }

        WriteIndicator("\""u8, false, false, false);
        _whitespace = false;
        _indention = false;
    }

    private void WriteLiteral(byte[] value)
    {
        WriteIndicator("|"u8, true, false, false);
        WriteBlockScalarHints(value);
        PutBreak();
        _indention = true;
        _whitespace = true;
        var breaks = true;
        for (var i = 0; i < value.Length;)
        {
            if (IsBreak(value, i))
            {
                WriteBreak(value, ref i);
                _indention = true;
                breaks = true;
            }
            else
            {
                if (breaks)
                {
                    WriteIndent();
                }

                Write(value, ref i);
                _indention = false;
                breaks = false;
            }
        }
    }

    private void WriteBlockScalarHints(byte[] value)
    {
        if (value.Length > 0 && (value[0] == ' ' || IsBreak(value, 0)))
        {
            WriteIndicator([(byte)('0' + BestIndent)], false, false, false);
        }

        byte chomp = 0;
        if (value.Length == 0)
        {
            chomp = (byte)'-';
        }
        else
        {
            var i = value.Length - 1;
            while (i > 0 && (value[i] & 0xC0) == 0x80)
            {
                i--;
            }

            if (!IsBreak(value, i))
            {
                chomp = (byte)'-';
            }
            else if (i == 0)
            {
                chomp = (byte)'+';
            }
            else
            {
                i--;
                while (i > 0 && (value[i] & 0xC0) == 0x80)
                {
                    i--;
                }

                if (IsBreak(value, i))
                {
                    chomp = (byte)'+';
                }
            }
        }

        if (chomp != 0)
        {
            WriteIndicator([chomp], false, false, false);
        }
    }

    private void Put(byte b)
    {
        var span = _output.GetSpan(1);
        span[0] = b;
        _output.Advance(1);
        _column++;
    }

    private void PutBreak()
    {
        var span = _output.GetSpan(1);
        span[0] = (byte)'\n';
        _output.Advance(1);
        _column = 0;
    }

    private void Write(byte[] value, ref int i)
    {
        var w = Math.Max(1, Width(value[i]));
        w = Math.Min(w, value.Length - i);
        _output.Write(value.AsSpan(i, w));
        i += w;
        _column++;
    }

    private void WriteBreak(byte[] value, ref int i)
    {
        if (value[i] == '\n')
        {
            PutBreak();
            i++;
        }
        else
        {
            Write(value, ref i);
            _column = 0;
        }
    }

    private static int Width(byte b) =>
        (b & 0x80) == 0x00 ? 1 :
        (b & 0xE0) == 0xC0 ? 2 :
        (b & 0xF0) == 0xE0 ? 3 :
        (b & 0xF8) == 0xF0 ? 4 : 0;

    private static byte At(byte[] b, int i) => i < b.Length ? b[i] : (byte)0;

    private static bool IsBlank(byte[] b, int i) => At(b, i) is (byte)' ' or (byte)'\t';

    private static bool IsBreak(byte[] b, int i)
    {
        var c = At(b, i);
        return c == '\r' || c == '\n'
            || (c == 0xC2 && At(b, i + 1) == 0x85)
            || (c == 0xE2 && At(b, i + 1) == 0x80 && (At(b, i + 2) == 0xA8 || At(b, i + 2) == 0xA9));
    }

    private static bool IsBlankZ(byte[] b, int i) => IsBlank(b, i) || IsBreak(b, i) || At(b, i) == 0;

    private static bool IsBom(byte[] b, int i) => At(b, i) == 0xEF && At(b, i + 1) == 0xBB && At(b, i + 2) == 0xBF;

    private static bool IsPrintable(byte[] b, int i)
    {
        var c = At(b, i);
        var c1 = At(b, i + 1);
        var c2 = At(b, i + 2);
        return c == 0x0A
            || (c >= 0x20 && c <= 0x7E)
            || (c == 0xC2 && c1 >= 0xA0)
            || (c > 0xC2 && c < 0xED)
            || (c == 0xED && c1 < 0xA0)
            || c == 0xEE
            || (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)));
    }
}

/// <summary>The style yaml.v2's encoder asks for; the emitter may still pick another.</summary>
internal enum OutStyle
{
    Plain,
    Single,
    Double,
    Literal,
}

/// <summary>A node of the value tree the emitter writes.</summary>
internal abstract class OutNode;

internal sealed class OutScalar(string text, OutStyle style) : OutNode
{
    public byte[] Utf8 { get; } = Encoding.UTF8.GetBytes(text);

    public OutStyle Style { get; } = style;
}

internal sealed class OutSequence(List<OutNode> items) : OutNode
{
    public List<OutNode> Items { get; } = items;
}

internal sealed class OutMapping(List<KeyValuePair<OutNode, OutNode>> entries) : OutNode
{
    public List<KeyValuePair<OutNode, OutNode>> Entries { get; } = entries;
}
