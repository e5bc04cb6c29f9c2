namespace GitOps.ImageAutomation.Policies;

/// <summary>
/// An ImageRepository's <c>exclusionList</c>: tags any of these RE2 patterns match are dropped before
/// policies see them. Flux's default drops cosign signature tags (<c>^.*\.sig$</c>); at most 25 patterns.
/// </summary>
public sealed class TagExclusion
{
    /// <summary>Flux's default exclusion list.</summary>
    public static readonly IReadOnlyList<string> DefaultPatterns = ["^.*\\.sig$"];

    /// <summary>The most patterns Flux allows.</summary>
    public const int MaxPatterns = 25;

    private readonly TagFilter[] _filters;

    /// <summary>Compiles <paramref name="patterns"/> (Flux's default when null).</summary>
    /// <exception cref="ImagePolicyException">A pattern is invalid, or there are more than 25.</exception>
    public TagExclusion(IEnumerable<string>? patterns = null)
    {
        var list = (patterns ?? DefaultPatterns).ToArray();
        if (list.Length > MaxPatterns)
        {
            throw new ImagePolicyException($"exclusionList may hold at most {MaxPatterns} patterns, not {list.Length}");
        }

        _filters = [.. list.Select(p => TagFilter.Create(p))];
        Patterns = list;
    }

    /// <summary>Flux's default: <c>^.*\.sig$</c>.</summary>
    public static TagExclusion Default { get; } = new();

    /// <summary>The patterns.</summary>
    public IReadOnlyList<string> Patterns { get; }

    /// <summary>The tags no pattern matches, in their order.</summary>
    public IEnumerable<string> Apply(IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.Where(tag => !_filters.Any(f => f.IsMatch(tag)));
    }
}
