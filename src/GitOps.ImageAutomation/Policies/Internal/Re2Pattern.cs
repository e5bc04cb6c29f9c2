using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GitOps.ImageAutomation.Policies.Internal;

/// <summary>
/// Go's RE2 syntax (<c>regexp.Compile</c>) turned into an equivalent .NET pattern for
/// <see cref="RegexOptions.NonBacktracking"/> (linear time, leftmost-first matches as Go's): ASCII-only
/// <c>\d \w \s \b</c>, <c>$</c> as end of text, <c>\Q…\E</c>, POSIX classes, <c>(?P&lt;name&gt;…)</c>; groups
/// are numbered left to right by their opening parenthesis as Go numbers them (names kept aside). What RE2
/// lacks (lookaround, backreferences, atomic groups, possessive or nested repetition, <c>\Z</c>, counts over
/// 1000) is refused with Go's error text.
/// </summary>
internal sealed partial class Re2Pattern
{
    private const string Word = "0-9A-Za-z_";
    private const string Space = "\\t\\n\\f\\r ";

    private readonly string _source;
    private readonly StringBuilder _out = new();
    private readonly List<string> _names = [string.Empty];
    private int _pos;
    private bool _multiline;

    private Re2Pattern(string source)
    {
        _source = source;
    }

    /// <summary>The capture group names by Go's group number (index 0 is the whole match; unnamed groups are empty).</summary>
    public IReadOnlyList<string> GroupNames => _names;

    /// <summary>The compiled .NET regex.</summary>
    public Regex Regex { get; private set; } = null!;

    /// <summary>Translates and compiles <paramref name="pattern"/>; the error reads as Go's <c>regexp.Compile</c> error.</summary>
    public static Re2Pattern Compile(string pattern, TimeSpan matchTimeout)
    {
        var p = new Re2Pattern(pattern);
        p.Translate();
        try
        {
            p.Regex = new Regex(p._out.ToString(), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, matchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException("error parsing regexp: " + ex.Message, ex);
        }

        return p;
    }

    private static FormatException Error(string code, string text) => new($"error parsing regexp: {code}: `{text}`");

    private void Translate()
    {
        var depth = 0;
        var canRepeat = false;
        var lastWasRepeat = false;
        while (_pos < _source.Length)
        {
            var c = _source[_pos];
            var start = _pos;
            switch (c)
            {
                case '(':
                    depth += Group() ? 1 : 0;
                    canRepeat = false;
                    lastWasRepeat = false;
                    continue;
                case ')':
                    if (depth == 0)
                    {
                        throw Error("unexpected )", _source);
                    }

                    depth--;
                    _out.Append(')');
                    _pos++;
                    canRepeat = true;
                    lastWasRepeat = false;
                    continue;
                case '*' or '+' or '?':
                case '{' when IsRepeatCount(out _):
                    Repeat(start, canRepeat, lastWasRepeat);
                    lastWasRepeat = true;
                    continue;
                case '[':
                    CharClass();
                    break;
                case '\\':
                    if (!Escape(inClass: false))
                    {
                        canRepeat = false;
                        lastWasRepeat = false;
                        continue;
                    }

                    break;
                case '|':
                    _out.Append('|');
                    _pos++;
                    canRepeat = false;
                    lastWasRepeat = false;
                    continue;
                case '$':
                    _out.Append(_multiline ? "(?m:$)" : "\\z");
                    _pos++;
                    break;
                case '^':
                    _out.Append(_multiline ? "(?m:^)" : "\\A");
                    _pos++;
                    break;
                case '.':
                    _out.Append('.');
                    _pos++;
                    break;
                default:
                    AppendLiteral(_out, c);
                    _pos++;
                    break;
            }

            canRepeat = true;
            lastWasRepeat = false;
        }

        if (depth != 0)
        {
            throw Error("missing closing )", _source);
        }
    }

    private void Repeat(int start, bool canRepeat, bool lastWasRepeat)
    {
        var c = _source[_pos];
        if (c == '{')
        {
            IsRepeatCount(out var end);
            var text = _source[_pos..end];
            var parts = text[1..^1].Split(',');
            foreach (var part in parts)
            {
                if (part.Length > 0 && (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 1000))
                {
                    throw Error("invalid repeat count", text);
                }
            }

            if (parts.Length == 2 && parts[1].Length > 0 && int.Parse(parts[1], CultureInfo.InvariantCulture) < int.Parse(parts[0], CultureInfo.InvariantCulture))
            {
                throw Error("invalid repeat count", text);
            }

            _pos = end;
        }
        else
        {
            _pos++;
        }

        var op = _source[start.._pos];
        if (lastWasRepeat)
        {
            var previous = _out.Length > 0 ? _out[^1].ToString() : string.Empty;
            throw Error("invalid nested repetition operator", previous + op);
        }

        if (!canRepeat)
        {
            throw Error("missing argument to repetition operator", op);
        }

        _out.Append(op);
        if (_pos < _source.Length && _source[_pos] == '?')
        {
            _out.Append('?');
            _pos++;
        }
    }

    private bool IsRepeatCount(out int end)
    {
        end = _pos;
        var m = RepeatCount().Match(_source, _pos);
        if (!m.Success || m.Index != _pos)
        {
            return false;
        }

        end = _pos + m.Length;
        return true;
    }

    /// <summary>Translates a group opening; false for a flags-only group such as <c>(?i)</c>, which opens nothing.</summary>
    private bool Group()
    {
        _pos++;
        if (_pos >= _source.Length || _source[_pos] != '?')
        {
            _names.Add(string.Empty);
            _out.Append('(');
            return true;
        }

        var rest = _source.AsSpan(_pos);
        if (rest.StartsWith("?P<") || (rest.StartsWith("?<") && !rest.StartsWith("?<=") && !rest.StartsWith("?<!")))
        {
            var nameStart = _pos + (rest[1] == 'P' ? 3 : 2);
            var close = _source.IndexOf('>', nameStart);
            var name = close < 0 ? string.Empty : _source[nameStart..close];
            if (close < 0 || name.Length == 0 || !name.All(ch => ch == '_' || char.IsLetterOrDigit(ch)))
            {
                throw Error("invalid named capture", _source[(_pos - 1)..(close < 0 ? _source.Length : close + 1)]);
            }

            if (_names.Contains(name))
            {
                throw Error("duplicate capture group name", name);
            }

            _names.Add(name);
            _out.Append('(');
            _pos = close + 1;
            return true;
        }

        // Flags: (?flags) or (?flags:re), flags among i, m, s, U and - to clear.
        var i = _pos + 1;
        var sb = new StringBuilder();
        var negated = false;
        while (i < _source.Length && _source[i] is not (':' or ')'))
        {
            var f = _source[i];
            switch (f)
            {
                case 'i' or 's':
                    sb.Append(f);
                    break;
                case 'm':
                    _multiline = !negated;
                    break;
                case '-' when !negated:
                    negated = true;
                    sb.Append('-');
                    break;
                default:
                    var shown = _source[(_pos - 1)..Math.Min(i + 1, _source.Length)];
                    throw Error("invalid or unsupported Perl syntax", shown);
            }

            i++;
        }

        if (i >= _source.Length)
        {
            throw Error("missing closing )", _source);
        }

        var flags = sb.ToString().TrimEnd('-');
        if (_source[i] == ')')
        {
            if (flags.Length > 0)
            {
                _out.Append("(?").Append(flags).Append(')');
            }

            _pos = i + 1;
            return false;
        }

        _out.Append("(?").Append(flags).Append(':');
        _pos = i + 1;
        return true;
    }

    private void CharClass()
    {
        var start = _pos;
        _pos++;
        _out.Append('[');
        if (_pos < _source.Length && _source[_pos] == '^')
        {
            _out.Append('^');
            _pos++;
        }

        var first = true;
        while (true)
        {
            if (_pos >= _source.Length)
            {
                throw Error("missing closing ]", _source[start..]);
            }

            var c = _source[_pos];
            if (c == ']' && !first)
            {
                _pos++;
                _out.Append(']');
                return;
            }

            first = false;
            if (c == '[' && _source.AsSpan(_pos).StartsWith("[:"))
            {
                var end = _source.IndexOf(":]", _pos + 2, StringComparison.Ordinal);
                if (end > 0 && PosixClass(_source[(_pos + 2)..end]) is { } posix)
                {
                    _out.Append(posix);
                    _pos = end + 2;
                    continue;
                }
            }

            if (c == '\\')
            {
                Escape(inClass: true);
                continue;
            }

            if (c is '[' or ']')
            {
                _out.Append('\\').Append(c);
            }
            else
            {
                _out.Append(c);
            }

            _pos++;
        }
    }

    /// <summary>Translates the escape at the cursor; false when it produced nothing to repeat (<c>\Q\E</c> empty).</summary>
    private bool Escape(bool inClass)
    {
        if (_pos + 1 >= _source.Length)
        {
            throw Error("trailing backslash at end of expression", string.Empty);
        }

        var c = _source[_pos + 1];
        _pos += 2;
        switch (c)
        {
            case 'd': _out.Append(inClass ? "0-9" : "[0-9]"); return true;
            case 'w': _out.Append(inClass ? Word : "[" + Word + "]"); return true;
            case 's': _out.Append(inClass ? Space : "[" + Space + "]"); return true;
            case 'D' or 'W' or 'S' when inClass:
                throw Error("invalid character class range", "\\" + c);
            case 'D': _out.Append("[^0-9]"); return true;
            case 'W': _out.Append("[^" + Word + "]"); return true;
            case 'S': _out.Append("[^" + Space + "]"); return true;
            // .NET's word boundary; it differs from RE2's ASCII one only next to non-ASCII letters and digits.
            case 'b' when !inClass: _out.Append("\\b"); return true;
            case 'B' when !inClass: _out.Append("\\B"); return true;
            case 'A' when !inClass: _out.Append("\\A"); return true;
            case 'z' when !inClass: _out.Append("\\z"); return true;
            case 'Q':
                var end = _source.IndexOf("\\E", _pos, StringComparison.Ordinal);
                var literal = end < 0 ? _source[_pos..] : _source[_pos..end];
                _pos = end < 0 ? _source.Length : end + 2;
                foreach (var ch in literal)
                {
                    AppendLiteral(_out, ch);
                }

                return literal.Length > 0;
            case 'p' or 'P':
                if (_pos < _source.Length && _source[_pos] == '{')
                {
                    var close = _source.IndexOf('}', _pos);
                    if (close < 0)
                    {
                        throw Error("invalid character class range", _source[(_pos - 2)..]);
                    }

                    _out.Append('\\').Append(c).Append(_source, _pos, close - _pos + 1);
                    _pos = close + 1;
                }
                else if (_pos < _source.Length)
                {
                    _out.Append('\\').Append(c).Append('{').Append(_source[_pos]).Append('}');
                    _pos++;
                }

                return true;
            case 'x':
                var hex = HexEscape().Match(_source, _pos);
                if (!hex.Success || hex.Index != _pos)
                {
                    throw Error("invalid escape sequence", "\\x");
                }

                var code = int.Parse(hex.Groups[1].Success ? hex.Groups[1].Value : hex.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                _pos += hex.Length;
                AppendLiteral(_out, char.ConvertFromUtf32(code));
                return true;
            case 'a': _out.Append("\\a"); return true;
            case 'f': _out.Append("\\f"); return true;
            case 't': _out.Append("\\t"); return true;
            case 'n': _out.Append("\\n"); return true;
            case 'r': _out.Append("\\r"); return true;
            case 'v': _out.Append("\\v"); return true;
            case '0':
                var digits = 0;
                var value = 0;
                while (digits < 2 && _pos < _source.Length && _source[_pos] is >= '0' and <= '7')
                {
                    value = (value * 8) + (_source[_pos] - '0');
                    _pos++;
                    digits++;
                }

                AppendLiteral(_out, (char)value);
                return true;
            default:
                if (c < 0x80 && !char.IsLetterOrDigit(c))
                {
                    AppendLiteral(_out, c);
                    return true;
                }

                // Backreferences (\1), \Z, \G, \K, \C and the like do not exist in RE2.
                throw Error("invalid escape sequence", "\\" + c);
        }
    }

    private static string? PosixClass(string name) => name switch
    {
        "alnum" => "0-9A-Za-z",
        "alpha" => "A-Za-z",
        "ascii" => "\\x00-\\x7F",
        "blank" => "\\t ",
        "cntrl" => "\\x00-\\x1F\\x7F",
        "digit" => "0-9",
        "graph" => "!-~",
        "lower" => "a-z",
        "print" => " -~",
        "punct" => "!-/:-@\\[-`{-~",
        "space" => "\\t\\n\\v\\f\\r ",
        "upper" => "A-Z",
        "word" => Word,
        "xdigit" => "0-9A-Fa-f",
        _ => null,
    };

    // ASCII punctuation is escaped, which .NET reads as the character itself inside and outside classes.
    private static void AppendLiteral(StringBuilder sb, char c)
    {
        if (c is > ' ' and < (char)0x7f and not '_' && !char.IsAsciiLetterOrDigit(c))
        {
            sb.Append('\\').Append(c);
        }
        else
        {
            sb.Append(c);
        }
    }

    private static void AppendLiteral(StringBuilder sb, string s)
    {
        foreach (var c in s)
        {
            AppendLiteral(sb, c);
        }
    }

    [GeneratedRegex(@"\{[0-9]+(?:,[0-9]*)?\}")]
    private static partial Regex RepeatCount();

    [GeneratedRegex(@"\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{2})")]
    private static partial Regex HexEscape();
}
