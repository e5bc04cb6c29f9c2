using System.Globalization;
using System.Text;

namespace GitOps.Kustomize.Flux.Internal;

/// <summary>
/// Evaluates substitution templates as Flux's envsubst does (<c>fluxcd/pkg envsubst/template.go</c>,
/// <c>funcs.go</c>): arguments first, then the variable; an unset variable is an error unless the
/// operator supplies a default; every other operator maps to upstream's function of the same name.
/// Lengths and substrings count UTF-8 bytes, as Go's do.
/// </summary>
internal static class Envsubst
{
    public const string VariableNotSet = "variable not set (strict mode)";

    /// <summary>Substitutes <paramref name="text"/>.</summary>
    /// <param name="text">The template.</param>
    /// <param name="lookup">The value of a variable and whether it counts as set.</param>
    /// <exception cref="FormatException">Malformed expression or unset variable; the message is upstream's.</exception>
    public static string Eval(string text, Func<string, (string Value, bool Exists)> lookup)
    {
        // Fast path: nothing that the scanner would treat specially.
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var nodes = EnvsubstParser.Parse(text);
        var sb = new StringBuilder(text.Length);
        foreach (var node in nodes)
        {
            Append(sb, node, lookup);
        }

        return sb.ToString();
    }

    private static void Append(StringBuilder sb, EnvsubstNode node, Func<string, (string Value, bool Exists)> lookup)
    {
        switch (node)
        {
            case EnvsubstText t:
                sb.Append(t.Value);
                break;
            case EnvsubstExpression e:
                sb.Append(Evaluate(e, lookup));
                break;
        }
    }

    private static string Evaluate(EnvsubstExpression node, Func<string, (string Value, bool Exists)> lookup)
    {
        var args = new string[node.Args.Count];
        for (var i = 0; i < args.Length; i++)
        {
            var sb = new StringBuilder();
            Append(sb, node.Args[i], lookup);
            args[i] = sb.ToString();
        }

        var (value, exists) = lookup(node.Param);
        if (!exists && !IsDefaultOperator(node.Name))
        {
            throw new FormatException($"{VariableNotSet}: \"{node.Param}\"");
        }

        return Apply(node.Name, value, args);
    }

    /// <summary>The operators that handle an unset variable themselves and so are exempt from strict mode.</summary>
    public static bool IsDefaultOperator(string name) => name is "-" or "+" or "=" or "?" or ":-" or ":+" or ":=" or ":?";

    private static string Apply(string name, string s, string[] args) => name switch
    {
        "," => s.Length == 0 ? s : MapFirst(s, upper: false),
        ",," => s.ToLowerInvariant(),
        "^" => s.Length == 0 ? s : MapFirst(s, upper: true),
        "^^" => s.ToUpperInvariant(),
        "#" when args.Length == 0 => Encoding.UTF8.GetByteCount(s).ToString(CultureInfo.InvariantCulture),
        "#" => args.Length != 0 ? TrimShortest(s, args[0]) : s,
        "##" => args.Length != 0 ? TrimLongest(s, args[0]) : s,
        "%" => args.Length != 0 ? Reverse(TrimShortest(Reverse(s), Reverse(args[0]))) : s,
        "%%" => args.Length != 0 ? Reverse(TrimLongest(Reverse(s), Reverse(args[0]))) : s,
        ":" => Substring(s, args),
        "/#" => args.Length == 2 && s.StartsWith(args[0], StringComparison.Ordinal) ? GoReplace(s, args[0], args[1], 1) : s,
        "/%" => args.Length == 2 && s.EndsWith(args[0], StringComparison.Ordinal) ? s[..^args[0].Length] + args[1] : s,
        "/" => args.Length == 0 ? s : GoReplace(s, args[0], args.Length == 1 ? string.Empty : args[1], 1),
        "//" => args.Length == 0 ? s : GoReplace(s, args[0], args.Length == 1 ? string.Empty : args[1], -1),
        _ => s.Length == 0 && args.Length > 0 ? string.Concat(args) : s,
    };

    private static string MapFirst(string s, bool upper)
    {
        var rune = Rune.GetRuneAt(s, 0);
        var mapped = upper ? Rune.ToUpperInvariant(rune) : Rune.ToLowerInvariant(rune);
        return mapped.ToString() + s[rune.Utf16SequenceLength..];
    }

    /// <summary>upstream toSubstr: byte offsets; a negative position counts from the end; unparsable numbers leave the value alone.</summary>
    private static string Substring(string s, string[] args)
    {
        if (args.Length == 0 || !TryAtoi(args[0], out var pos))
        {
            return s;
        }

        var bytes = Encoding.UTF8.GetBytes(s);
        var len = bytes.Length;
        if (pos < 0)
        {
            pos = Math.Max(len + pos, 0);
        }

        if (args.Length == 1)
        {
            return pos < len ? Encoding.UTF8.GetString(bytes, (int)pos, len - (int)pos) : string.Empty;
        }

        if (!TryAtoi(args[1], out var length))
        {
            return s;
        }

        if (pos + length >= len)
        {
            return pos < len ? Encoding.UTF8.GetString(bytes, (int)pos, len - (int)pos) : string.Empty;
        }

        // Go slices s[pos:pos+length]; a negative length that reaches before pos panics there.
        if (pos + length < pos)
        {
            throw new FormatException($"slice bounds out of range [{pos}:{pos + length}]");
        }

        return Encoding.UTF8.GetString(bytes, (int)pos, (int)length);
    }

    /// <summary>Go's strconv.Atoi: optional sign, decimal digits, nothing else.</summary>
    private static bool TryAtoi(string s, out long value) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Go's strings.Replace, including its rule for an empty pattern (insert before every character and at the end).</summary>
    private static string GoReplace(string s, string old, string replacement, int n)
    {
        if (old.Length == 0)
        {
            if (n == 1)
            {
                return replacement + s;
            }

            var sb = new StringBuilder();
            foreach (var rune in s.EnumerateRunes())
            {
                sb.Append(replacement).Append(rune.ToString());
            }

            return sb.Append(replacement).ToString();
        }

        if (n < 0)
        {
            return s.Replace(old, replacement, StringComparison.Ordinal);
        }

        var at = s.IndexOf(old, StringComparison.Ordinal);
        return at < 0 ? s : string.Concat(s.AsSpan(0, at), replacement, s.AsSpan(at + old.Length));
    }

    /// <summary>upstream trimShortest: the shortest non-empty prefix matching the pattern is removed.</summary>
    private static string TrimShortest(string s, string pattern)
    {
        string? shortest = null;
        for (var i = 0; i < s.Length; i++)
        {
            var prefix = s[..(s.Length - i)];
            if (!ShellPattern.TryMatch(pattern, prefix, out var match))
            {
                return s;
            }

            if (match)
            {
                shortest = prefix;
            }
        }

        return shortest is { Length: > 0 } ? s[shortest.Length..] : s;
    }

    /// <summary>upstream trimLongest: the longest prefix matching the pattern is removed.</summary>
    private static string TrimLongest(string s, string pattern)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var prefix = s[..(s.Length - i)];
            if (!ShellPattern.TryMatch(pattern, prefix, out var match))
            {
                return s;
            }

            if (match)
            {
                return s[prefix.Length..];
            }
        }

        return s;
    }

    private static string Reverse(string s)
    {
        var runes = s.EnumerateRunes().ToArray();
        Array.Reverse(runes);
        var sb = new StringBuilder(s.Length);
        foreach (var r in runes)
        {
            sb.Append(r.ToString());
        }

        return sb.ToString();
    }
}
