using System.Text;

namespace GitOps.Helm.Charts.Internal;

/// <summary>
/// The parts of a URL as Go's net/url parses them, with the reference resolution (RFC 3986 section 5.2)
/// and string form Helm's chart URL resolution depends on: how a path is kept escaped, when dot segments
/// go, and where the query and fragment come from.
/// </summary>
internal sealed class GoUrl
{
    public string Scheme { get; private set; } = string.Empty;

    public string Opaque { get; private set; } = string.Empty;

    /// <summary>userinfo@host[:port], kept as written; null when the URL has no authority.</summary>
    public string? Authority { get; private set; }

    /// <summary>The path, unescaped.</summary>
    public string Path { get; private set; } = string.Empty;

    /// <summary>The path as written, when that differs from the default escaping of <see cref="Path"/>.</summary>
    public string RawPath { get; private set; } = string.Empty;

    public string RawQuery { get; set; } = string.Empty;

    public bool ForceQuery { get; private set; }

    public string Fragment { get; private set; } = string.Empty;

    public bool IsAbsolute => Scheme.Length != 0;

    public static GoUrl Parse(string raw)
    {
        foreach (var c in raw)
        {
            if (c < 0x20 || c == 0x7f)
            {
                throw new FormatException("net/url: invalid control character in URL");
            }
        }

        var url = new GoUrl();
        var rest = raw;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            url.Fragment = rest[(hash + 1)..];
            rest = rest[..hash];
        }

        (url.Scheme, rest) = SplitScheme(rest);
        if (rest.EndsWith('?') && rest.Count(c => c == '?') == 1)
        {
            url.ForceQuery = true;
            rest = rest[..^1];
        }
        else
        {
            var q = rest.IndexOf('?', StringComparison.Ordinal);
            if (q >= 0)
            {
                url.RawQuery = rest[(q + 1)..];
                rest = rest[..q];
            }
        }

        if (!rest.StartsWith('/'))
        {
            if (url.Scheme.Length != 0)
            {
                url.Opaque = rest;
                return url;
            }

            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var firstSegment = slash < 0 ? rest : rest[..slash];
            if (firstSegment.Contains(':', StringComparison.Ordinal))
            {
                throw new FormatException("first path segment in URL cannot contain colon");
            }
        }

        if ((url.Scheme.Length != 0 || !rest.StartsWith("///", StringComparison.Ordinal)) && rest.StartsWith("//", StringComparison.Ordinal))
        {
            var afterSlashes = rest[2..];
            var slash = afterSlashes.IndexOf('/', StringComparison.Ordinal);
            url.Authority = slash < 0 ? afterSlashes : afterSlashes[..slash];
            rest = slash < 0 ? string.Empty : afterSlashes[slash..];
        }

        url.SetPath(rest);
        return url;
    }

    /// <summary>Go's <c>getScheme</c>: a letter, then letters, digits, <c>+ - .</c>, up to a colon.</summary>
    private static (string Scheme, string Remainder) SplitScheme(string raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsAsciiLetter(c))
            {
                continue;
            }

            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0)
                {
                    return (string.Empty, raw);
                }

                continue;
            }

            if (c == ':')
            {
                if (i == 0)
                {
                    throw new FormatException("missing protocol scheme");
                }

                return (raw[..i], raw[(i + 1)..]);
            }

            return (string.Empty, raw);
        }

        return (string.Empty, raw);
    }

    public void SetPath(string escaped)
    {
        Path = Unescape(escaped);
        RawPath = Escape(Path) == escaped ? string.Empty : escaped;
    }

    public string EscapedPath()
    {
        if (RawPath.Length != 0 && ValidEncoded(RawPath) && TryUnescape(RawPath, out var p) && p == Path)
        {
            return RawPath;
        }

        return Path == "*" ? "*" : Escape(Path);
    }

    /// <summary>Resolves <paramref name="reference"/> against this URL as Go's <c>URL.ResolveReference</c> does.</summary>
    public GoUrl Resolve(GoUrl reference)
    {
        var url = reference.Clone();
        if (reference.Scheme.Length == 0)
        {
            url.Scheme = Scheme;
        }

        if (reference.Scheme.Length != 0 || reference.Authority is not null)
        {
            url.SetPath(ResolvePath(reference.EscapedPath(), string.Empty));
            return url;
        }

        if (reference.Opaque.Length != 0)
        {
            return url;
        }

        if (reference.Path.Length == 0 && !reference.ForceQuery && reference.RawQuery.Length == 0)
        {
            url.RawQuery = RawQuery;
            if (reference.Fragment.Length == 0)
            {
                url.Fragment = Fragment;
            }
        }

        url.Authority = Authority;
        url.SetPath(ResolvePath(EscapedPath(), reference.EscapedPath()));
        return url;
    }

    /// <summary>Makes sure the path ends in a slash (Helm's step before resolving chart URLs).</summary>
    public void EnsureTrailingSlash()
    {
        if (!Path.EndsWith('/'))
        {
            Path += "/";
        }

        if (!RawPath.EndsWith('/'))
        {
            RawPath += "/";
        }
    }

    private GoUrl Clone() => (GoUrl)MemberwiseClone();

    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Scheme.Length != 0)
        {
            sb.Append(Scheme).Append(':');
        }

        if (Opaque.Length != 0)
        {
            sb.Append(Opaque);
        }
        else
        {
            if (Scheme.Length != 0 || Authority is not null)
            {
                sb.Append("//").Append(Authority);
            }

            var path = EscapedPath();
            if (path.Length != 0 && path[0] != '/' && !string.IsNullOrEmpty(Authority))
            {
                sb.Append('/');
            }

            sb.Append(path);
        }

        if (ForceQuery || RawQuery.Length != 0)
        {
            sb.Append('?').Append(RawQuery);
        }

        if (Fragment.Length != 0)
        {
            sb.Append('#').Append(Fragment);
        }

        return sb.ToString();
    }

    /// <summary>Go's <c>resolvePath</c>: merge, then remove dot segments, keeping a trailing slash after <c>.</c> or <c>..</c>.</summary>
    private static string ResolvePath(string basePath, string reference)
    {
        string full;
        if (reference.Length == 0)
        {
            full = basePath;
        }
        else if (reference[0] != '/')
        {
            var i = basePath.LastIndexOf('/');
            full = basePath[..(i + 1)] + reference;
        }
        else
        {
            full = reference;
        }

        if (full.Length == 0)
        {
            return string.Empty;
        }

        // Walk the segments, writing after a leading slash; ".." drops the last written segment.
        var dst = new StringBuilder("/");
        var first = true;
        var segments = full.Split('/');
        foreach (var segment in segments)
        {
            if (segment == ".")
            {
                first = false;
                continue;
            }

            if (segment == "..")
            {
                var written = dst.ToString(1, dst.Length - 1);
                var cut = written.LastIndexOf('/');
                dst.Clear().Append('/');
                if (cut < 0)
                {
                    first = true;
                }
                else
                {
                    dst.Append(written, 0, cut);
                }

                continue;
            }

            if (!first)
            {
                dst.Append('/');
            }

            dst.Append(segment);
            first = false;
        }

        if (segments[^1] is "." or "..")
        {
            dst.Append('/');
        }

        var result = dst.ToString();
        return result.Length > 1 && result[1] == '/' ? result[1..] : result;
    }

    private static bool ShouldEscape(byte c)
    {
        if (char.IsAsciiLetterOrDigit((char)c))
        {
            return false;
        }

        return c switch
        {
            (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~' => false,
            (byte)'$' or (byte)'&' or (byte)'+' or (byte)',' or (byte)'/' or (byte)':' or (byte)';' or (byte)'=' or (byte)'@' => false,
            _ => true,
        };
    }

    private static string Escape(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        var sb = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (ShouldEscape(b))
            {
                sb.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 15]);
            }
            else
            {
                sb.Append((char)b);
            }
        }

        return sb.ToString();
    }

    private static bool ValidEncoded(string s)
    {
        foreach (var c in s)
        {
            if (c is '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '@' or '[' or ']' or '%')
            {
                continue;
            }

            if (c > 0x7f || ShouldEscape((byte)c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Unescape(string s) =>
        TryUnescape(s, out var result) ? result : throw new FormatException($"invalid URL escape in \"{s}\"");

    private static bool TryUnescape(string s, out string result)
    {
        if (!s.Contains('%', StringComparison.Ordinal))
        {
            result = s;
            return true;
        }

        var bytes = new List<byte>(s.Length);
        var raw = Encoding.UTF8.GetBytes(s);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%')
            {
                if (i + 2 >= raw.Length || !Uri.IsHexDigit((char)raw[i + 1]) || !Uri.IsHexDigit((char)raw[i + 2]))
                {
                    result = string.Empty;
                    return false;
                }

                bytes.Add((byte)Convert.ToInt32(Encoding.ASCII.GetString(raw, i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add(raw[i]);
            }
        }

        result = Encoding.UTF8.GetString(bytes.ToArray());
        return true;
    }
}
