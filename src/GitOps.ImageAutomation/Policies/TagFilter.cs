using GitOps.ImageAutomation.Policies.Internal;

namespace GitOps.ImageAutomation.Policies;

/// <summary>
/// An ImagePolicy's <c>filterTags</c>: keeps the tags an RE2 <see cref="Pattern"/> matches anywhere (not
/// anchored) and, when <see cref="Extract"/> is set, compares them by <c>Regexp.ExpandString(extract)</c>
/// (<c>$1</c>, <c>${name}</c>) while remembering the original tag. Matching runs on .NET's non-backtracking
/// engine (linear time) after a translation that keeps Go's semantics; RE2-only syntax is refused.
/// </summary>
public sealed class TagFilter
{
    /// <summary>The longest pattern accepted. Default limit 1024 characters.</summary>
    public const int MaxPatternLength = 1024;

    private readonly Re2Pattern _pattern;

    private TagFilter(string pattern, string extract, Re2Pattern compiled)
    {
        Pattern = pattern;
        Extract = extract;
        _pattern = compiled;
    }

    /// <summary>The regular expression, RE2 syntax.</summary>
    public string Pattern { get; }

    /// <summary>The template for the compared value; empty compares the tag itself.</summary>
    public string Extract { get; }

    /// <summary>Compiles the filter.</summary>
    /// <exception cref="ImagePolicyException"><c>invalid regular expression pattern '…': error parsing regexp: …</c>.</exception>
    public static TagFilter Create(string pattern, string? extract = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length > MaxPatternLength)
        {
            throw new ImagePolicyException($"invalid regular expression pattern '{pattern[..32]}…': longer than {MaxPatternLength} characters");
        }

        try
        {
            return new TagFilter(pattern, extract ?? string.Empty, Re2Pattern.Compile(pattern, TimeSpan.FromSeconds(1)));
        }
        catch (FormatException ex)
        {
            throw new ImagePolicyException($"invalid regular expression pattern '{pattern}': {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The tags that match, as compared value → original tag, in first-seen order of the compared values (a
    /// later tag with the same compared value replaces the earlier one, as Flux's map does).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Apply(IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var order = new List<string>();
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            var match = _pattern.Regex.Match(tag);
            if (!match.Success)
            {
                continue;
            }

            var compared = Extract.Length == 0 ? tag : GoExpand.Expand(Extract, match, _pattern.GroupNames);
            if (!map.ContainsKey(compared))
            {
                order.Add(compared);
            }

            map[compared] = tag;
        }

        return order.Select(k => new KeyValuePair<string, string>(k, map[k])).ToArray();
    }

    internal bool IsMatch(string tag) => _pattern.Regex.IsMatch(tag);

    /// <inheritdoc />
    public override string ToString() => Extract.Length == 0 ? Pattern : $"{Pattern} → {Extract}";
}
