using GitOps.SourceIgnore;

namespace GitOps.Buckets.Internal;

/// <summary>
/// Decides whether an object key is ignored the way Flux's bucket controller does (go-git's gitignore
/// matcher on the key split at <c>/</c>): the last pattern that applies wins, and a pattern applies when it
/// matches the key or one of its parent folders. Keys are not walked as folders, so unlike
/// <see cref="IgnoreMatcher.IsIgnored"/> a later <c>!pattern</c> can re-include a key under an ignored folder.
/// </summary>
internal sealed class KeyFilter
{
    private readonly IgnorePattern[] _patterns;

    private KeyFilter(IgnorePattern[] patterns) => _patterns = patterns;

    /// <summary>
    /// The filter for a bucket: the bucket's <c>.sourceignore</c> rules, then <paramref name="extraRules"/>;
    /// with <paramref name="applyDefaultExclusions"/>, the VCS exclusions first (and Flux's defaults when there
    /// are no rules), as for a GitRepository.
    /// </summary>
    public static KeyFilter Create(IReadOnlyList<IgnorePattern> bucketRules, string? extraRules, bool applyDefaultExclusions)
    {
        var rules = new List<IgnorePattern>(bucketRules);
        if (extraRules is not null)
        {
            rules.AddRange(SourceIgnoreRules.ReadPatterns(new StringReader(extraRules)));
        }

        if (!applyDefaultExclusions)
        {
            return new KeyFilter([.. rules]);
        }

        var builtIn = rules.Count == 0 ? SourceIgnoreRules.VcsPatterns.Concat(SourceIgnoreRules.DefaultPatterns) : SourceIgnoreRules.VcsPatterns;
        return new KeyFilter([.. builtIn.Select(p => IgnorePattern.Parse(p)!), .. rules]);
    }

    /// <summary>Whether <paramref name="key"/> (a file) is ignored.</summary>
    public bool IsIgnored(string key)
    {
        for (var i = _patterns.Length - 1; i >= 0; i--)
        {
            if (AppliesTo(_patterns[i], key))
            {
                return !_patterns[i].IsNegated;
            }
        }

        return false;
    }

    private static bool AppliesTo(IgnorePattern pattern, string key)
    {
        for (var slash = key.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = key.IndexOf('/', slash + 1))
        {
            if (pattern.Matches(key[..slash], isDirectory: true))
            {
                return true;
            }
        }

        return pattern.Matches(key, isDirectory: false);
    }
}
