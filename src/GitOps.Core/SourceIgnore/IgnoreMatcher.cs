namespace GitOps.SourceIgnore;

/// <summary>
/// Decides whether a path is ignored by a list of <see cref="IgnorePattern"/>s with git's rules: the last
/// pattern that matches wins (so later lines, and files in deeper folders, override earlier ones), a
/// negated pattern re-includes, and nothing inside an ignored directory can be re-included.
/// </summary>
public sealed class IgnoreMatcher
{
    private readonly IgnorePattern[] _patterns;

    /// <summary>Creates a matcher; later patterns take precedence over earlier ones.</summary>
    public IgnoreMatcher(IEnumerable<IgnorePattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        _patterns = [.. patterns];
    }

    /// <summary>The patterns, lowest precedence first.</summary>
    public IReadOnlyList<IgnorePattern> Patterns => _patterns;

    /// <summary>
    /// Whether <paramref name="path"/> itself is matched, ignoring its parents: what a walk that does not
    /// descend into ignored directories needs.
    /// </summary>
    public bool Matches(string path, bool isDirectory)
    {
        for (var i = _patterns.Length - 1; i >= 0; i--)
        {
            if (_patterns[i].Matches(path, isDirectory))
            {
                return !_patterns[i].IsNegated;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="path"/> (relative to the root, <c>/</c>-separated) is ignored, by a pattern
    /// of its own or because a directory above it is: <c>git check-ignore --no-index</c>'s answer.
    /// </summary>
    public bool IsIgnored(string path, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(path);
        path = path.Trim('/');
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            if (Matches(path[..slash], isDirectory: true))
            {
                return true;
            }
        }

        return Matches(path, isDirectory);
    }
}
