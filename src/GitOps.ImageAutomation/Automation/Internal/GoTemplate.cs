using System.Text;

namespace GitOps.ImageAutomation.Automation.Internal;

/// <summary>
/// The part of Go's <c>text/template</c> that commit message templates use: text; actions with
/// <c>{{-</c>/<c>-}}</c> trimming and <c>{{/* comments */}}</c>; pipelines that are a field chain on dot or a
/// variable (<c>.Changed.FileChanges</c>, <c>$</c>, <c>$change.NewValue</c>, <c>.Values.key</c>);
/// <c>range</c> with none, one or two variables over lists and maps (maps in sorted key order, as Go ranges
/// them), <c>if</c>, <c>with</c>, <c>else</c>, <c>end</c>. Not supported: function calls and <c>|</c> pipes
/// (sprig included), <c>define</c>/<c>template</c>/<c>block</c>, <c>break</c>/<c>continue</c>, literals,
/// parentheses; they are refused with an error when parsing.
/// </summary>
internal sealed class GoTemplate
{
    private readonly List<Node> _nodes;

    private GoTemplate(List<Node> nodes)
    {
        _nodes = nodes;
    }

    public static GoTemplate Parse(string text)
    {
        var tokens = Tokenize(text);
        var position = 0;
        var nodes = ParseList(tokens, ref position, out var terminator);
        if (terminator is not null)
        {
            throw new FormatException($"template: commit message: unexpected {{{{{terminator}}}}}");
        }

        return new GoTemplate(nodes);
    }

    public string Execute(object data)
    {
        var sb = new StringBuilder();
        var scope = new Scope(data);
        Run(_nodes, data, scope, sb);
        return sb.ToString();
    }

    private static void Run(List<Node> nodes, object? dot, Scope scope, StringBuilder sb)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode t:
                    sb.Append(t.Text);
                    break;
                case PrintNode p:
                    sb.Append(Print(Evaluate(p.Pipe, dot, scope)));
                    break;
                case IfNode i:
                    var value = Evaluate(i.Pipe, dot, scope);
                    if (IsTrue(value))
                    {
                        Run(i.Then, i.IsWith ? value : dot, scope.Child(), sb);
                    }
                    else
                    {
                        Run(i.Else, dot, scope.Child(), sb);
                    }

                    break;
                case RangeNode r:
                    var items = Items(Evaluate(r.Pipe, dot, scope), r.Pipe).ToList();
                    if (items.Count == 0)
                    {
                        Run(r.Else, dot, scope.Child(), sb);
                        break;
                    }

                    foreach (var (key, item) in items)
                    {
                        var inner = scope.Child();
                        if (r.Variables.Count == 1)
                        {
                            inner.Set(r.Variables[0], item);
                        }
                        else if (r.Variables.Count == 2)
                        {
                            inner.Set(r.Variables[0], key);
                            inner.Set(r.Variables[1], item);
                        }

                        Run(r.Body, item, inner, sb);
                    }

                    break;
            }
        }
    }

    private static IEnumerable<(object? Key, object? Value)> Items(object? value, string pipe) => value switch
    {
        null => [],
        TemplateMap map => map.Entries.Select(e => (e.Key, e.Value)),
        IReadOnlyList<object?> list => list.Select((v, i) => ((object?)i.ToString(System.Globalization.CultureInfo.InvariantCulture), v)),
        _ => throw new FormatException($"template: commit message: range can't iterate over {pipe}"),
    };

    private static bool IsTrue(object? value) => value switch
    {
        null => false,
        string s => s.Length > 0,
        bool b => b,
        TemplateMap m => m.Entries.Count > 0,
        IReadOnlyList<object?> l => l.Count > 0,
        _ => true,
    };

    private static string Print(object? value) => value switch
    {
        null => "<no value>",
        string s => s,
        TemplateStruct s => s.Text,
        _ => value.ToString() ?? string.Empty,
    };

    private static object? Evaluate(string pipe, object? dot, Scope scope)
    {
        var parts = pipe.Split('.');
        object? current;
        int start;
        if (pipe.StartsWith('$'))
        {
            current = scope.Get(parts[0]) ?? throw new FormatException($"template: commit message: undefined variable \"{parts[0]}\"");
            start = 1;
        }
        else
        {
            current = dot;
            start = 1; // ".A.B" splits into "", "A", "B"; "." into "", ""
        }

        for (var i = start; i < parts.Length; i++)
        {
            var field = parts[i];
            if (field.Length == 0)
            {
                continue;
            }

            current = current switch
            {
                TemplateStruct s => s.Fields.TryGetValue(field, out var v) ? v
                    : throw new FormatException($"template: commit message: can't evaluate field {field} in type {s.TypeName}"),
                TemplateMap m => m.Lookup(field),
                null => throw new FormatException($"template: commit message: nil pointer evaluating .{field}"),
                _ => throw new FormatException($"template: commit message: can't evaluate field {field} in type string"),
            };
        }

        return current;
    }

    private static List<Node> ParseList(List<Token> tokens, ref int position, out string? terminator)
    {
        var nodes = new List<Node>();
        while (position < tokens.Count)
        {
            var token = tokens[position++];
            if (!token.IsAction)
            {
                nodes.Add(new TextNode(token.Text));
                continue;
            }

            var action = token.Text;
            if (action is "end" or "else")
            {
                terminator = action;
                return nodes;
            }

            if (action.StartsWith("range ", StringComparison.Ordinal))
            {
                var (variables, pipe) = RangeClause(action["range ".Length..].Trim());
                var body = ParseList(tokens, ref position, out var end);
                var elseBody = new List<Node>();
                if (end == "else")
                {
                    elseBody = ParseList(tokens, ref position, out end);
                }

                Expect(end, "range");
                nodes.Add(new RangeNode(variables, pipe, body, elseBody));
            }
            else if (action.StartsWith("if ", StringComparison.Ordinal) || action.StartsWith("with ", StringComparison.Ordinal))
            {
                var isWith = action.StartsWith("with ", StringComparison.Ordinal);
                var pipe = CheckPipe(action[(isWith ? 5 : 3)..].Trim());
                var then = ParseList(tokens, ref position, out var end);
                var elseBody = new List<Node>();
                if (end == "else")
                {
                    elseBody = ParseList(tokens, ref position, out end);
                }

                Expect(end, isWith ? "with" : "if");
                nodes.Add(new IfNode(pipe, then, elseBody, isWith));
            }
            else
            {
                nodes.Add(new PrintNode(CheckPipe(action)));
            }
        }

        terminator = null;
        return nodes;
    }

    private static void Expect(string? end, string what)
    {
        if (end != "end")
        {
            throw new FormatException($"template: commit message: unexpected EOF in {what}");
        }
    }

    private static (List<string> Variables, string Pipe) RangeClause(string clause)
    {
        var assign = clause.IndexOf(":=", StringComparison.Ordinal);
        if (assign < 0)
        {
            return ([], CheckPipe(clause));
        }

        var variables = clause[..assign].Split(',').Select(v => v.Trim()).ToList();
        if (variables.Count > 2 || variables.Any(v => v.Length < 2 || v[0] != '$' || !v[1..].All(c => char.IsLetterOrDigit(c) || c == '_')))
        {
            throw new FormatException($"template: commit message: bad range variables in \"{clause}\"");
        }

        return (variables, CheckPipe(clause[(assign + 2)..].Trim()));
    }

    private static string CheckPipe(string pipe)
    {
        var ok = pipe.Length > 0 && (pipe[0] == '.' || pipe[0] == '$')
            && pipe.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '$')
            && !pipe.Contains("..", StringComparison.Ordinal);
        return ok ? pipe : throw new FormatException($"template: commit message: unsupported action \"{pipe}\" (only field chains, variables, range, if, with)");
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        var trimNext = false;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            var literal = open < 0 ? text[i..] : text[i..open];
            if (trimNext)
            {
                literal = literal.TrimStart(' ', '\t', '\r', '\n');
            }

            if (open < 0)
            {
                tokens.Add(new Token(literal, false));
                break;
            }

            var trimLeft = open + 2 < text.Length && text[open + 2] == '-' && open + 3 < text.Length && char.IsWhiteSpace(text[open + 3]);
            if (trimLeft)
            {
                literal = literal.TrimEnd(' ', '\t', '\r', '\n');
            }

            tokens.Add(new Token(literal, false));
            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException("template: commit message: unclosed action");
            }

            var trimRight = close - 2 >= open + 2 && text[close - 1] == '-' && char.IsWhiteSpace(text[close - 2]);
            var inner = text[(open + 2 + (trimLeft ? 1 : 0))..(close - (trimRight ? 1 : 0))].Trim();
            if (!(inner.StartsWith("/*", StringComparison.Ordinal) && inner.EndsWith("*/", StringComparison.Ordinal)))
            {
                tokens.Add(new Token(string.Join(' ', inner.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)), true));
            }

            trimNext = trimRight;
            i = close + 2;
        }

        return tokens;
    }

    private sealed record Token(string Text, bool IsAction);

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record PrintNode(string Pipe) : Node;

    private sealed record IfNode(string Pipe, List<Node> Then, List<Node> Else, bool IsWith) : Node;

    private sealed record RangeNode(List<string> Variables, string Pipe, List<Node> Body, List<Node> Else) : Node;

    private sealed class Scope(object? root, Scope? parent = null)
    {
        private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);

        public Scope Child() => new(null, this);

        public void Set(string name, object? value) => _variables[name] = value;

        public object? Get(string name)
        {
            if (_variables.TryGetValue(name, out var value))
            {
                return value;
            }

            return parent is not null ? parent.Get(name) : name == "$" ? root : null;
        }
    }
}

/// <summary>A Go struct for templates: named fields and how <c>{{ . }}</c> prints it.</summary>
internal sealed record TemplateStruct(string TypeName, IReadOnlyDictionary<string, object?> Fields, string Text);

/// <summary>A Go map for templates: entries in Go's range order (sorted keys); lookup by a string key.</summary>
internal sealed record TemplateMap(IReadOnlyList<KeyValuePair<object?, object?>> Entries, object? Zero = null)
{
    /// <summary>The value at <paramref name="key"/>, or the map's zero value (Go gives "" for a missing key of a map of strings).</summary>
    public object? Lookup(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key is string s && s == key)
            {
                return entry.Value;
            }
        }

        return Zero;
    }
}
