namespace GitOps.SourceIgnore.Internal;

/// <summary>
/// Git's <c>wildmatch</c> (wildmatch.c), the glob matcher behind .gitignore: <c>*</c>, <c>?</c>,
/// <c>[...]</c> classes with ranges, <c>!</c>/<c>^</c> negation and <c>[:alpha:]</c>-style names,
/// backslash escapes, and, in path-name mode, <c>*</c> that stops at <c>/</c> and
/// <c>**</c> that crosses it. Works on UTF-16 characters where git works on bytes: the two differ only in
/// what <c>?</c> and classes make of non-ASCII text.
/// Git's recursion retries every position for every star, which is exponential in the number of stars for
/// a pattern such as <c>*a*a*a*a*a*a*a*a*a*a*b</c> against a name with many <c>a</c>s and no <c>b</c>. The
/// result of matching the pattern from one position against the text from another never changes, so
/// once a match has taken more steps than its input is long, results are remembered per pair of positions:
/// the same answers, in at most one computation per pair.
/// </summary>
internal static class WildMatch
{
    private enum Result
    {
        Match,
        NoMatch,
        AbortAll,
        AbortToStarStar,
    }

    /// <summary>Whether <paramref name="text"/> matches <paramref name="pattern"/>.</summary>
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text, bool pathName)
    {
        var memo = new Memo(pattern.Length, text.Length);
        return Match(pattern, 0, text, 0, pathName, ref memo) == Result.Match;
    }

    private static bool IsGlobSpecial(char c) => c is '*' or '?' or '[' or '\\';

    private static char At(ReadOnlySpan<char> s, int i) => i < s.Length ? s[i] : '\0';

    /// <summary>Match from a star's retry point, through the remembered results once they are in use.</summary>
    private static Result MatchFrom(ReadOnlySpan<char> pattern, int p, ReadOnlySpan<char> text, int t, bool pathName, ref Memo memo)
    {
        if (!memo.TryGet(p, t, out var known))
        {
            known = Match(pattern, p, text, t, pathName, ref memo);
            memo.Set(p, t, known);
        }

        return known;
    }

    private static Result Match(ReadOnlySpan<char> pattern, int p, ReadOnlySpan<char> text, int t, bool pathName, ref Memo memo)
    {
        for (; p < pattern.Length; t++, p++)
        {
            var pc = pattern[p];
            var tc = At(text, t);
            if (t >= text.Length && pc != '*')
            {
                return Result.AbortAll;
            }

            switch (pc)
            {
                case '\\':
                    // A literal match with the next character; a trailing backslash matches nothing.
                    pc = At(pattern, ++p);
                    if (p >= pattern.Length || tc != pc)
                    {
                        return Result.NoMatch;
                    }

                    continue;
                case '?':
                    if (pathName && tc == '/')
                    {
                        return Result.NoMatch;
                    }

                    continue;
                case '*':
                    {
                        bool matchSlash;
                        if (At(pattern, ++p) == '*')
                        {
                            var previous = p - 2;
                            while (At(pattern, ++p) == '*')
                            {
                            }

                            if ((previous < 0 || pattern[previous] == '/')
                                && (p >= pattern.Length || pattern[p] == '/' || (pattern[p] == '\\' && At(pattern, p + 1) == '/')))
                            {
                                // "**/" can match nothing: try the rest of the pattern right here.
                                if (p < pattern.Length && pattern[p] == '/' && MatchFrom(pattern, p + 1, text, t, pathName, ref memo) == Result.Match)
                                {
                                    return Result.Match;
                                }

                                matchSlash = true;
                            }
                            else
                            {
                                matchSlash = !pathName;
                            }
                        }
                        else
                        {
                            matchSlash = !pathName;
                        }

                        if (p >= pattern.Length)
                        {
                            // A trailing "**" matches everything; a trailing "*" only what has no more slashes.
                            return !matchSlash && text[t..].Contains('/') ? Result.NoMatch : Result.Match;
                        }

                        if (!matchSlash && pattern[p] == '/')
                        {
                            // One "*" then "/": the star takes the rest of this path component.
                            var slash = text[t..].IndexOf('/');
                            if (slash < 0)
                            {
                                return Result.NoMatch;
                            }

                            t += slash;
                            break; // the loop's increments consume the slash in both
                        }

                        while (true)
                        {
                            if (t >= text.Length)
                            {
                                break;
                            }

                            // Skip ahead quickly when the star is followed by a literal character.
                            if (!IsGlobSpecial(pattern[p]))
                            {
                                var literal = pattern[p];
                                while (t < text.Length && (matchSlash || text[t] != '/') && text[t] != literal)
                                {
                                    t++;
                                }

                                if (At(text, t) != literal)
                                {
                                    return Result.NoMatch;
                                }
                            }

                            var matched = MatchFrom(pattern, p, text, t, pathName, ref memo);
                            if (matched != Result.NoMatch)
                            {
                                if (!matchSlash || matched != Result.AbortToStarStar)
                                {
                                    return matched;
                                }
                            }
                            else if (!matchSlash && At(text, t) == '/')
                            {
                                return Result.AbortToStarStar;
                            }

                            t++;
                        }

                        return Result.AbortAll;
                    }

                case '[':
                    {
                        pc = At(pattern, ++p);
                        if (pc == '^')
                        {
                            pc = '!';
                        }

                        var negated = pc == '!';
                        if (negated)
                        {
                            pc = At(pattern, ++p);
                        }

                        var previousChar = '\0';
                        var matchedClass = false;
                        do
                        {
                            if (p >= pattern.Length)
                            {
                                return Result.AbortAll;
                            }

                            if (pc == '\\')
                            {
                                pc = At(pattern, ++p);
                                if (p >= pattern.Length)
                                {
                                    return Result.AbortAll;
                                }

                                if (tc == pc)
                                {
                                    matchedClass = true;
                                }
                            }
                            else if (pc == '-' && previousChar != '\0' && p + 1 < pattern.Length && pattern[p + 1] != ']')
                            {
                                pc = pattern[++p];
                                if (pc == '\\')
                                {
                                    pc = At(pattern, ++p);
                                    if (p >= pattern.Length)
                                    {
                                        return Result.AbortAll;
                                    }
                                }

                                if (tc <= pc && tc >= previousChar)
                                {
                                    matchedClass = true;
                                }

                                pc = '\0'; // so that the next previousChar is none
                            }
                            else if (pc == '[' && At(pattern, p + 1) == ':')
                            {
                                var start = p + 2;
                                var end = start;
                                while (end < pattern.Length && pattern[end] != ']')
                                {
                                    end++;
                                }

                                if (end >= pattern.Length)
                                {
                                    return Result.AbortAll;
                                }

                                if (end - start == 0 || pattern[end - 1] != ':')
                                {
                                    // Not a class name after all: "[" matched literally, as git does.
                                    pc = '[';
                                    if (tc == pc)
                                    {
                                        matchedClass = true;
                                    }
                                }
                                else
                                {
                                    var name = pattern[start..(end - 1)];
                                    var inClass = InNamedClass(name, tc, out var known);
                                    if (!known)
                                    {
                                        return Result.AbortAll; // a malformed class
                                    }

                                    if (inClass)
                                    {
                                        matchedClass = true;
                                    }

                                    p = end;
                                    pc = '\0';
                                }
                            }
                            else if (tc == pc)
                            {
                                matchedClass = true;
                            }

                            previousChar = pc;
                            pc = At(pattern, ++p);
                        }
                        while (pc != ']' || p >= pattern.Length);

                        if (matchedClass == negated || (pathName && tc == '/'))
                        {
                            return Result.NoMatch;
                        }

                        continue;
                    }

                default:
                    if (tc != pc)
                    {
                        return Result.NoMatch;
                    }

                    continue;
            }
        }

        return t < text.Length ? Result.NoMatch : Result.Match;
    }

    /// <summary>
    /// Results of matching from (pattern position, text position), kept only after the match has taken more
    /// steps than the sum of both lengths, so that ordinary matches allocate nothing.
    /// </summary>
    private struct Memo(int patternLength, int textLength)
    {
        private readonly int _width = textLength + 1;
        private int _budget = patternLength + textLength + 8;
        private Dictionary<long, Result>? _results;

        public readonly bool TryGet(int p, int t, out Result result)
        {
            result = default;
            return _results is not null && _results.TryGetValue(((long)p * _width) + t, out result);
        }

        public void Set(int p, int t, Result result)
        {
            if (_results is null && --_budget > 0)
            {
                return;
            }

            _results ??= new();
            _results[((long)p * _width) + t] = result;
        }
    }

    private static bool InNamedClass(ReadOnlySpan<char> name, char c, out bool known)
    {
        known = true;
        switch (name)
        {
            case "alnum": return char.IsAsciiLetterOrDigit(c);
            case "alpha": return char.IsAsciiLetter(c);
            case "blank": return c is ' ' or '\t';
            case "cntrl": return c < ' ' || c == '\x7f';
            case "digit": return char.IsAsciiDigit(c);
            case "graph": return c > ' ' && c < '\x7f';
            case "lower": return char.IsAsciiLetterLower(c);
            case "print": return c >= ' ' && c < '\x7f';
            case "punct": return c > ' ' && c < '\x7f' && !char.IsAsciiLetterOrDigit(c);
            case "space": return c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';
            case "upper": return char.IsAsciiLetterUpper(c);
            case "xdigit": return char.IsAsciiHexDigit(c);
            default:
                known = false;
                return false;
        }
    }
}
