using GitOps.SourceIgnore.Internal;

namespace GitOps.SourceIgnore;

/// <summary>
/// One line of a <c>.sourceignore</c> (or <c>.gitignore</c>) file, read as git reads it: <c>#</c> comments,
/// <c>!</c> negation, a trailing <c>/</c> for directories only, a leading or middle <c>/</c> anchoring the
/// pattern to the file's folder, trailing spaces dropped unless escaped, and git's glob syntax
/// (<c>*</c>, <c>?</c>, <c>[a-z]</c>, <c>**</c>). A pattern read from a nested file applies only under
/// its <see cref="Domain"/>, the folder that file is in.
/// </summary>
public sealed class IgnorePattern
{
    private readonly string _glob;
    private readonly string _domainPrefix;

    private IgnorePattern(string text, string glob, IReadOnlyList<string> domain, bool negated, bool directoryOnly, bool basenameOnly)
    {
        Text = text;
        _glob = glob;
        Domain = domain;
        _domainPrefix = domain.Count == 0 ? string.Empty : string.Join('/', domain) + "/";
        IsNegated = negated;
        IsDirectoryOnly = directoryOnly;
        MatchesBasename = basenameOnly;
    }

    /// <summary>The line as written.</summary>
    public string Text { get; }

    /// <summary>The folder (path components from the root) whose ignore file held the pattern; empty for the root.</summary>
    public IReadOnlyList<string> Domain { get; }

    /// <summary>Whether the pattern re-includes (<c>!pattern</c>) rather than excludes.</summary>
    public bool IsNegated { get; }

    /// <summary>Whether the pattern matches directories only (written with a trailing <c>/</c>).</summary>
    public bool IsDirectoryOnly { get; }

    /// <summary>Whether the pattern has no slash and so matches a name at any depth under its domain.</summary>
    public bool MatchesBasename { get; }

    /// <summary>
    /// Reads one line; null for blank lines and comments. <paramref name="domain"/> is the folder the ignore
    /// file is in, as path components from the root (none for the root).
    /// </summary>
    public static IgnorePattern? Parse(string line, IReadOnlyList<string>? domain = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.EndsWith('\r') ? line[..^1] : line;
        if (text.Length == 0 || text[0] == '#')
        {
            return null;
        }

        var glob = TrimTrailingSpaces(text);
        var negated = false;
        if (glob.StartsWith('!'))
        {
            negated = true;
            glob = glob[1..];
        }

        var directoryOnly = false;
        if (glob.EndsWith('/'))
        {
            directoryOnly = true;
            glob = glob[..^1];
        }

        if (glob.Length == 0)
        {
            return null;
        }

        var basenameOnly = !glob.Contains('/', StringComparison.Ordinal);
        if (glob.StartsWith('/'))
        {
            glob = glob[1..];
        }

        return new IgnorePattern(text, glob, domain ?? [], negated, directoryOnly, basenameOnly);
    }

    /// <summary>
    /// Whether this pattern matches <paramref name="path"/> itself (relative to the root, <c>/</c>-separated;
    /// parents are not considered: see <see cref="IgnoreMatcher.IsIgnored"/>).
    /// </summary>
    public bool Matches(string path, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsDirectoryOnly && !isDirectory)
        {
            return false;
        }

        if (!path.StartsWith(_domainPrefix, StringComparison.Ordinal) || path.Length == _domainPrefix.Length)
        {
            return false;
        }

        var relative = path.AsSpan(_domainPrefix.Length);
        if (MatchesBasename)
        {
            var slash = relative.LastIndexOf('/');
            return WildMatch.IsMatch(_glob, relative[(slash + 1)..], pathName: false);
        }

        return WildMatch.IsMatch(_glob, relative, pathName: true);
    }

    /// <inheritdoc />
    public override string ToString() => Domain.Count == 0 ? Text : $"{string.Join('/', Domain)}/: {Text}";

    /// <summary>Drops trailing spaces that are not escaped with a backslash, as git does.</summary>
    private static string TrimTrailingSpaces(string text)
    {
        var keep = text.Length;
        var lastNonSpace = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                lastNonSpace = i;
            }
            else if (text[i] != ' ')
            {
                lastNonSpace = i;
            }
        }

        keep = lastNonSpace + 1;
        return text[..keep];
    }
}
