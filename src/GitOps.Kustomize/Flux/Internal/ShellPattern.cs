namespace GitOps.Kustomize.Flux.Internal;

/// <summary>
/// The glob matcher Flux's envsubst trims with (<c>fluxcd/pkg envsubst/path/match.go</c>, a variant of Go's
/// path.Match in which a trailing <c>*</c> matches the rest of the string, slashes included):
/// <c>*</c>, <c>?</c>, <c>[a-z]</c>, <c>[^...]</c> and <c>\</c> escapes.
/// </summary>
internal static class ShellPattern
{
    /// <summary>Matches <paramref name="name"/> against <paramref name="pattern"/>; false when the pattern is malformed.</summary>
    public static bool TryMatch(string pattern, string name, out bool matched)
    {
        matched = false;
        while (pattern.Length > 0)
        {
            var (star, chunk, rest) = ScanChunk(pattern);
            pattern = rest;
            if (star && chunk.Length == 0)
            {
                matched = true;
                return true;
            }

            var (t, ok, bad) = MatchChunk(chunk, name);
            if (ok && (t.Length == 0 || pattern.Length > 0))
            {
                name = t;
                continue;
            }

            if (bad)
            {
                return false;
            }

            var advanced = false;
            if (star)
            {
                for (var i = 0; i < name.Length; i++)
                {
                    (t, ok, bad) = MatchChunk(chunk, name[(i + 1)..]);
                    if (ok)
                    {
                        if (pattern.Length == 0 && t.Length > 0)
                        {
                            continue;
                        }

                        name = t;
                        advanced = true;
                        break;
                    }

                    if (bad)
                    {
                        return false;
                    }
                }
            }

            if (!advanced)
            {
                return true;
            }
        }

        matched = name.Length == 0;
        return true;
    }

    private static (bool Star, string Chunk, string Remaining) ScanChunk(string pattern)
    {
        var star = false;
        while (pattern.Length > 0 && pattern[0] == '*')
        {
            pattern = pattern[1..];
            star = true;
        }

        var inRange = false;
        int i;
        for (i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 < pattern.Length)
                {
                    i++;
                }
            }
            else if (c == '[')
            {
                inRange = true;
            }
            else if (c == ']')
            {
                inRange = false;
            }
            else if (c == '*' && !inRange)
            {
                break;
            }
        }

        return (star, pattern[..i], pattern[i..]);
    }

    private static (string Remaining, bool Ok, bool Bad) MatchChunk(string chunk, string s)
    {
        while (chunk.Length > 0)
        {
            if (s.Length == 0)
            {
                return (s, false, false);
            }

            switch (chunk[0])
            {
                case '[':
                {
                    var r = s[0];
                    s = s[1..];
                    chunk = chunk[1..];
                    var negated = chunk.Length > 0 && chunk[0] == '^';
                    if (negated)
                    {
                        chunk = chunk[1..];
                    }

                    var match = false;
                    var ranges = 0;
                    while (true)
                    {
                        if (chunk.Length > 0 && chunk[0] == ']' && ranges > 0)
                        {
                            chunk = chunk[1..];
                            break;
                        }

                        if (!GetEscaped(ref chunk, out var lo))
                        {
                            return (s, false, true);
                        }

                        var hi = lo;
                        if (chunk[0] == '-')
                        {
                            chunk = chunk[1..];
                            if (!GetEscaped(ref chunk, out hi))
                            {
                                return (s, false, true);
                            }
                        }

                        if (lo <= r && r <= hi)
                        {
                            match = true;
                        }

                        ranges++;
                    }

                    if (match == negated)
                    {
                        return (s, false, false);
                    }

                    break;
                }

                case '?':
                    s = s[1..];
                    chunk = chunk[1..];
                    break;
                default:
                    if (chunk[0] == '\\')
                    {
                        chunk = chunk[1..];
                        if (chunk.Length == 0)
                        {
                            return (s, false, true);
                        }
                    }

                    if (chunk[0] != s[0])
                    {
                        return (s, false, false);
                    }

                    s = s[1..];
                    chunk = chunk[1..];
                    break;
            }
        }

        return (s, true, false);
    }

    private static bool GetEscaped(ref string chunk, out char r)
    {
        r = '\0';
        if (chunk.Length == 0 || chunk[0] == '-' || chunk[0] == ']')
        {
            return false;
        }

        if (chunk[0] == '\\')
        {
            chunk = chunk[1..];
            if (chunk.Length == 0)
            {
                return false;
            }
        }

        r = chunk[0];
        chunk = chunk[1..];
        return chunk.Length != 0;
    }
}
