namespace GitOps.Kustomize.Flux.Internal;

/// <summary>A piece of a parsed substitution template: literal text or a <c>${...}</c> expression.</summary>
internal abstract class EnvsubstNode;

/// <summary>Literal text, copied to the output as is.</summary>
internal sealed class EnvsubstText(string value) : EnvsubstNode
{
    public string Value { get; } = value;
}

/// <summary>An expression <c>${Param Name Args...}</c>: the variable, the operator (empty for a plain reference) and its arguments.</summary>
internal sealed class EnvsubstExpression(string param) : EnvsubstNode
{
    public string Param { get; set; } = param;

    public string Name { get; set; } = string.Empty;

    public List<EnvsubstNode> Args { get; } = [];
}

/// <summary>
/// Parses text for post-build substitution exactly as Flux's fork of drone/envsubst does
/// (<c>fluxcd/pkg envsubst/parse/parse.go</c> and <c>scan.go</c>): a scanner whose accepted characters and
/// recognised tokens change with the position inside an expression, <c>$$</c> as an escaped dollar,
/// <c>\/</c> and <c>\\</c> as escapes inside replacement patterns, and the same errors
/// ("bad substitution", "missing closing brace", ...). Our own code, written from reading upstream.
/// </summary>
internal sealed class EnvsubstParser
{
    public const string BadSubstitution = "bad substitution";
    public const string MissingClosingBrace = "missing closing brace";
    public const string ParseVariableName = "unable to parse variable name";
    public const string ParseFuncSubstitution = "unable to parse substitution within function";
    public const string ParseDefaultFunction = "unable to parse default function";

    private const char Eof = '\0';
    private const int MaxNesting = 256;

    private string _buf;
    private int _pos;
    private int _start;
    private int _width;
    private Modes _mode;
    private bool _escapeBackslash;
    private Func<char, int, bool> _accept = AcceptRune;
    private int _nesting;

    private EnvsubstParser(string text)
    {
        _buf = text;
    }

    [Flags]
    private enum Modes
    {
        None = 0,
        Ident = 1,
        Lbrack = 2,
        Rbrack = 4,
        Escape = 8,
    }

    private enum Token
    {
        Illegal,
        Eof,
        Ident,
        Lbrack,
        Rbrack,
    }

    /// <summary>Parses <paramref name="text"/> into literal text and expressions.</summary>
    /// <exception cref="FormatException">The text holds a malformed expression; the message is upstream's.</exception>
    public static List<EnvsubstNode> Parse(string text) => new EnvsubstParser(text).ParseAll();

    private List<EnvsubstNode> ParseAll()
    {
        // Upstream recurses once per token; a loop gives the same sequence without deep recursion.
        var nodes = new List<EnvsubstNode>();
        while (true)
        {
            _accept = AcceptRune;
            _mode = Modes.Ident | Modes.Lbrack | Modes.Escape;
            _escapeBackslash = false;
            switch (Scan())
            {
                case Token.Ident:
                    nodes.Add(new EnvsubstText(Current()));
                    break;
                case Token.Eof:
                    return nodes;
                case Token.Lbrack:
                    nodes.Add(ParseFunc());
                    break;
                default:
                    throw new FormatException(BadSubstitution);
            }
        }
    }

    private EnvsubstExpression ParseFunc()
    {
        if (++_nesting > MaxNesting)
        {
            throw new FormatException(BadSubstitution);
        }

        try
        {
            _escapeBackslash = true;
            if (Peek() == '#')
            {
                return ParseLenFunc();
            }

            _accept = AcceptIdent;
            _mode = Modes.Ident;
            if (Scan() != Token.Ident)
            {
                throw new FormatException(ParseVariableName);
            }

            var name = Current();
            switch (Peek())
            {
                case ':':
                    return ParseDefaultOrSubstr(name);
                case '=':
                    return ParseDefaultFunc(name);
                case ',':
                case '^':
                    return ParseCasingFunc(name);
                case '/':
                    return ParseReplaceFunc(name);
                case '#':
                    return ParseRemoveFunc(name, static (r, i) => r == '#' && i < 3);
                case '%':
                    return ParseRemoveFunc(name, static (r, i) => r == '%' && i < 3);
            }

            _accept = AcceptIdent;
            _mode = Modes.Rbrack;
            return Scan() == Token.Rbrack ? new EnvsubstExpression(name) : throw new FormatException(MissingClosingBrace);
        }
        finally
        {
            _nesting--;
        }
    }

    private EnvsubstNode ParseParam(Func<char, int, bool> accept, Modes mode)
    {
        _accept = accept;
        _mode = mode | Modes.Lbrack;
        return Scan() switch
        {
            Token.Lbrack => ParseFunc(),
            Token.Ident or Token.Rbrack => new EnvsubstText(Current()),
            _ => throw new FormatException(ParseFuncSubstitution),
        };
    }

    private EnvsubstExpression ParseDefaultOrSubstr(string name)
    {
        Read();
        var r = Peek();
        Unread();
        return r is '=' or '-' or '?' or '+' ? ParseDefaultFunc(name) : ParseSubstrFunc(name);
    }

    private EnvsubstExpression ParseSubstrFunc(string name)
    {
        var node = new EnvsubstExpression(name);
        _accept = static (r, i) => i == 1 && r == ':';
        _mode = Modes.Ident;
        node.Name = Scan() == Token.Ident ? Current() : throw new FormatException(BadSubstitution);
        node.Args.Add(ParseParam(static (r, _) => r != ':' && r != '}', Modes.Ident));

        _accept = static (r, _) => r == ':';
        _mode = Modes.Ident | Modes.Rbrack;
        switch (Scan())
        {
            case Token.Rbrack:
                return node;
            case Token.Ident:
                break;
            default:
                throw new FormatException(BadSubstitution);
        }

        node.Args.Add(ParseParam(AcceptNotClosing, Modes.Ident));
        ConsumeRbrack();
        return node;
    }

    private EnvsubstExpression ParseRemoveFunc(string name, Func<char, int, bool> accept)
    {
        var node = new EnvsubstExpression(name);
        _accept = accept;
        _mode = Modes.Ident;
        node.Name = Scan() == Token.Ident ? Current() : throw new FormatException(BadSubstitution);
        node.Args.Add(ParseParam(AcceptNotClosing, Modes.Ident));
        ConsumeRbrack();
        return node;
    }

    private EnvsubstExpression ParseReplaceFunc(string name)
    {
        var node = new EnvsubstExpression(name);
        _accept = static (r, i) => (i == 1 && r == '/') || (i == 2 && r is '/' or '#' or '%');
        _mode = Modes.Ident;
        node.Name = Scan() == Token.Ident ? Current() : throw new FormatException(BadSubstitution);
        node.Args.Add(ParseParam(static (r, _) => r != '/', Modes.Ident | Modes.Escape));

        _accept = static (r, _) => r == '/';
        _mode = Modes.Ident;
        if (Scan() != Token.Ident)
        {
            throw new FormatException(BadSubstitution);
        }

        if (Peek() == '}')
        {
            ConsumeRbrack();
            return node;
        }

        node.Args.Add(ParseParam(AcceptNotClosing, Modes.Ident | Modes.Escape));
        ConsumeRbrack();
        return node;
    }

    private EnvsubstExpression ParseDefaultFunc(string name)
    {
        var node = new EnvsubstExpression(name);
        _accept = Peek() == '='
            ? static (r, i) => i == 1 && r == '='
            : static (r, i) => (i == 1 && r == ':') || (i == 2 && r is '=' or '-' or '?' or '+');
        _mode = Modes.Ident;
        node.Name = Scan() == Token.Ident ? Current() : throw new FormatException(ParseDefaultFunction);
        while (Peek() != '}')
        {
            node.Args.Add(ParseParam(AcceptNotClosing, Modes.Ident));
        }

        ConsumeRbrack();
        return node;
    }

    private EnvsubstExpression ParseCasingFunc(string name)
    {
        var node = new EnvsubstExpression(name);
        _accept = static (r, i) => r is ',' or '^' && i < 3;
        _mode = Modes.Ident;
        node.Name = Scan() == Token.Ident ? Current() : throw new FormatException(BadSubstitution);
        ConsumeRbrack();
        return node;
    }

    private EnvsubstExpression ParseLenFunc()
    {
        var node = new EnvsubstExpression(string.Empty);
        _accept = static (r, i) => r == '#' && i == 1;
        _mode = Modes.Ident;
        node.Name = Scan() == Token.Ident ? Current() : throw new FormatException(BadSubstitution);
        _accept = AcceptIdent;
        _mode = Modes.Ident;
        node.Param = Scan() == Token.Ident ? Current() : throw new FormatException(BadSubstitution);
        ConsumeRbrack();
        return node;
    }

    private void ConsumeRbrack()
    {
        _mode = Modes.Rbrack;
        if (Scan() != Token.Rbrack)
        {
            throw new FormatException(BadSubstitution);
        }
    }

    // ---- scanner ----
    private char Read()
    {
        if (_pos >= _buf.Length)
        {
            _width = 0;
            return Eof;
        }

        _width = 1;
        return _buf[_pos++];
    }

    private void Unread() => _pos -= _width;

    /// <summary>Drops the character before the position from the buffer (the first of an escape pair).</summary>
    private void Skip() => _buf = string.Concat(_buf.AsSpan(0, _pos - 1), _buf.AsSpan(_pos));

    private char Peek()
    {
        var r = Read();
        Unread();
        return r;
    }

    private string Current() => _buf[_start.._pos];

    private Token Scan()
    {
        _start = _pos;
        var r = Read();
        if (r == Eof)
        {
            return Token.Eof;
        }

        if (ScanLbrack(r))
        {
            return Token.Lbrack;
        }

        if ((_mode & Modes.Rbrack) != 0 && r == '}')
        {
            return Token.Rbrack;
        }

        return ScanIdent(r) ? Token.Ident : Token.Illegal;
    }

    private bool ScanIdent(char first)
    {
        if ((_mode & Modes.Ident) == 0)
        {
            return false;
        }

        if (ScanEscaped(first))
        {
            Skip();
        }
        else if (!_accept(first, _pos - _start))
        {
            return false;
        }

        while (true)
        {
            var r = Read();
            if (r == Eof)
            {
                Unread();
                break;
            }

            if (ScanLbrack(r))
            {
                Unread();
                Unread();
                break;
            }

            if (ScanEscaped(r))
            {
                Skip();
                continue;
            }

            if (!_accept(r, _pos - _start))
            {
                Unread();
                break;
            }
        }

        return true;
    }

    private bool ScanLbrack(char r)
    {
        if ((_mode & Modes.Lbrack) == 0 || r != '$')
        {
            return false;
        }

        if (Read() == '{')
        {
            return true;
        }

        Unread();
        return false;
    }

    private bool ScanEscaped(char r)
    {
        if ((_mode & Modes.Escape) == 0)
        {
            return false;
        }

        if (r == '$' && Peek() == '$')
        {
            return true;
        }

        return r == '\\' && _escapeBackslash && Peek() is '/' or '\\';
    }

    private static bool AcceptRune(char r, int i) => true;

    private static bool AcceptIdent(char r, int i) => char.IsLetter(r) || char.IsDigit(r) || r == '_';

    private static bool AcceptNotClosing(char r, int i) => r != '}';
}
