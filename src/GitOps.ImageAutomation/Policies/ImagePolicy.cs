using GitOps.ImageAutomation.Policies.Internal;
using GitOps.Versioning;

namespace GitOps.ImageAutomation.Policies;

/// <summary>
/// An ImagePolicy's choice of the latest tag, exactly as image-reflector-controller makes it
/// (<c>internal/policy</c>): <see cref="SemVer"/>, <see cref="Alphabetical"/> or <see cref="Numerical"/>,
/// optionally after a <see cref="TagFilter"/>. Note Flux's orders: <c>asc</c> (the default) picks the
/// greatest tag, <c>desc</c> the smallest.
/// </summary>
public sealed class ImagePolicy
{
    private readonly VersionConstraint? _constraint;

    private ImagePolicy(ImagePolicyKind kind, string? range, string order, VersionConstraint? constraint)
    {
        Kind = kind;
        Range = range;
        Order = order;
        _constraint = constraint;
    }

    /// <summary>How this policy chooses.</summary>
    public ImagePolicyKind Kind { get; }

    /// <summary>The semver range of a <see cref="ImagePolicyKind.SemVer"/> policy; null otherwise.</summary>
    public string? Range { get; }

    /// <summary><c>ASC</c> or <c>DESC</c> for alphabetical and numerical policies (empty for semver).</summary>
    public string Order { get; }

    /// <summary>
    /// The highest version satisfying <paramref name="range"/> (Masterminds/semver constraints). Tags are read
    /// as fluxcd/pkg <c>version.ParseVersion</c> reads them: they need two dots, then Masterminds' version
    /// syntax (an optional <c>v</c>, leading zeros allowed), so <c>1.2</c> and <c>latest</c> are skipped.
    /// Prereleases match only ranges that name one. Of equal versions the first listed wins.
    /// </summary>
    /// <exception cref="ImagePolicyException">The range is not a valid constraint.</exception>
    public static ImagePolicy SemVer(string range)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (!VersionConstraint.TryParse(range, includePrerelease: false, out var constraint, out var error))
        {
            throw new ImagePolicyException(error);
        }

        return new ImagePolicy(ImagePolicyKind.SemVer, range, string.Empty, constraint);
    }

    /// <summary>By Go's byte-wise string order; <c>asc</c> (or empty) picks the greatest, <c>desc</c> the smallest. Case-insensitive order names.</summary>
    /// <exception cref="ImagePolicyException">The order is neither.</exception>
    public static ImagePolicy Alphabetical(string? order = null) => new(ImagePolicyKind.Alphabetical, null, CheckOrder(order), null);

    /// <summary>
    /// By value as Go's <c>strconv.ParseFloat</c> reads it; <c>asc</c> (or empty) picks the largest, <c>desc</c>
    /// the smallest, and on ties the later tag. Any tag that is not a number fails the whole policy.
    /// </summary>
    /// <exception cref="ImagePolicyException">The order is neither.</exception>
    public static ImagePolicy Numerical(string? order = null) => new(ImagePolicyKind.Numerical, null, CheckOrder(order), null);

    /// <summary>
    /// Flux's <c>PolicerFromSpec</c>: the first of <paramref name="semverRange"/>, <paramref name="alphabeticalOrder"/>,
    /// <paramref name="numericalOrder"/> that is not null.
    /// </summary>
    /// <exception cref="ImagePolicyException">All are null (<c>given ImagePolicyChoice object is invalid</c>), or the chosen one is invalid.</exception>
    public static ImagePolicy FromSpec(string? semverRange, string? alphabeticalOrder, string? numericalOrder) =>
        semverRange is not null ? SemVer(semverRange)
        : alphabeticalOrder is not null ? Alphabetical(alphabeticalOrder)
        : numericalOrder is not null ? Numerical(numericalOrder)
        : throw new ImagePolicyException("given ImagePolicyChoice object is invalid");

    /// <summary>The latest of <paramref name="versions"/> by this policy alone (no filter).</summary>
    /// <exception cref="ImagePolicyException">The list is empty, nothing qualifies, or (numerical) a value is not a number.</exception>
    public string Latest(IReadOnlyList<string> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (versions.Count == 0)
        {
            throw new ImagePolicyException("version list argument cannot be empty");
        }

        return Kind switch
        {
            ImagePolicyKind.SemVer => LatestSemVer(versions),
            ImagePolicyKind.Alphabetical => LatestAlphabetical(versions),
            _ => LatestNumerical(versions),
        };
    }

    /// <summary>
    /// The tag an ImagePolicy reports for <paramref name="tags"/>: filtered by <paramref name="filter"/> when
    /// given (the policy then compares the extracted values), the chosen one mapped back to its original tag.
    /// </summary>
    /// <exception cref="ImagePolicyException">As <see cref="Latest"/>.</exception>
    public string SelectLatestTag(IEnumerable<string> tags, TagFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (filter is null)
        {
            return Latest(tags as IReadOnlyList<string> ?? tags.ToArray());
        }

        var filtered = filter.Apply(tags);
        var latest = Latest(filtered.Select(e => e.Key).ToArray());
        return filtered.First(e => e.Key == latest).Value;
    }

    /// <inheritdoc />
    public override string ToString() => Kind == ImagePolicyKind.SemVer ? $"semver {Range}" : $"{Kind.ToString().ToLowerInvariant()} {Order}";

    private static string CheckOrder(string? order)
    {
        var upper = (order ?? string.Empty).ToUpperInvariant();
        return upper switch
        {
            "" => "ASC",
            "ASC" or "DESC" => upper,
            _ => throw new ImagePolicyException($"invalid order argument provided: '{upper}', must be one of: ASC, DESC"),
        };
    }

    private string LatestSemVer(IReadOnlyList<string> versions)
    {
        string? latest = null;
        foreach (var tag in versions)
        {
            // fluxcd/pkg version.ParseVersion: strings.SplitN(v, ".", 3) must give three parts.
            if (tag.AsSpan().Count('.') < 2 || !SemanticVersion.IsValid(tag) || !_constraint!.IsSatisfiedBy(tag))
            {
                continue;
            }

            if (latest is null || SemanticVersion.Compare(tag, latest) > 0)
            {
                latest = tag;
            }
        }

        return latest ?? throw new ImagePolicyException("unable to determine latest version from provided list");
    }

    private string LatestAlphabetical(IReadOnlyList<string> versions)
    {
        var best = versions[0];
        var wantGreatest = Order == "ASC";
        foreach (var tag in versions)
        {
            var c = string.CompareOrdinal(tag, best);
            if (wantGreatest ? c > 0 : c < 0)
            {
                best = tag;
            }
        }

        return best;
    }

    private string LatestNumerical(IReadOnlyList<string> versions)
    {
        string latest = string.Empty;
        var previous = 0.0;
        for (var i = 0; i < versions.Count; i++)
        {
            var version = versions[i];
            if (!GoParseFloat.TryParse(version, out var value))
            {
                throw new ImagePolicyException($"failed to parse invalid numeric value '{version}'");
            }

            if (i > 0 && ((Order == "ASC" && value < previous) || (Order == "DESC" && value > previous)))
            {
                continue;
            }

            latest = version;
            previous = value;
        }

        return latest;
    }
}
