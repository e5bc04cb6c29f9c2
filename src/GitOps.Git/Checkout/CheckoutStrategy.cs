namespace GitOps.Git.Checkout;

/// <summary>
/// What to check out, as a GitRepository's <c>spec.ref</c> says it. When several are set, Flux's precedence
/// decides: <see cref="Commit"/> &gt; <see cref="Name"/> &gt; <see cref="SemVer"/> &gt; <see cref="Tag"/> &gt;
/// <see cref="Branch"/>. A <see cref="Commit"/> with a <see cref="Branch"/> clones that branch and requires the
/// commit to be on it (the revision is then <c>branch@sha1:…</c>); a commit alone gives <c>sha1:…</c>.
/// </summary>
public sealed record CheckoutStrategy
{
    /// <summary>The branch Flux uses when nothing is given: <c>master</c>.</summary>
    public const string DefaultBranch = "master";

    /// <summary>A branch name (<c>main</c>), without <c>refs/heads/</c>.</summary>
    public string? Branch { get; init; }

    /// <summary>A tag name (<c>v1.2.3</c>), without <c>refs/tags/</c>.</summary>
    public string? Tag { get; init; }

    /// <summary>A semver range (Masterminds syntax, as Helm and Flux read it) picking the highest matching tag.</summary>
    public string? SemVer { get; init; }

    /// <summary>A full reference name (<c>refs/pull/1/head</c>, <c>refs/heads/main</c>); the revision keeps it whole.</summary>
    public string? Name { get; init; }

    /// <summary>A full 40-hex commit id.</summary>
    public string? Commit { get; init; }

    /// <summary>A branch strategy.</summary>
    public static CheckoutStrategy ForBranch(string branch) => new() { Branch = branch };

    /// <summary>A tag strategy.</summary>
    public static CheckoutStrategy ForTag(string tag) => new() { Tag = tag };

    /// <summary>A semver strategy.</summary>
    public static CheckoutStrategy ForSemVer(string range) => new() { SemVer = range };

    /// <summary>A reference-name strategy.</summary>
    public static CheckoutStrategy ForName(string referenceName) => new() { Name = referenceName };

    /// <summary>A commit strategy, optionally on a branch.</summary>
    public static CheckoutStrategy ForCommit(string commit, string? branch = null) => new() { Commit = commit, Branch = branch };

    /// <summary>
    /// Reads <c>kind=value</c> as the CLI's <c>--ref</c> takes it: <c>branch=main</c>, <c>tag=v1.0.0</c>,
    /// <c>semver=^1.0</c>, <c>commit=&lt;sha&gt;</c>, <c>name=refs/pull/1/head</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is not of that form.</exception>
    public static CheckoutStrategy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var value = eq > 0 ? text[(eq + 1)..] : string.Empty;
        if (value.Length == 0)
        {
            throw new FormatException($"'{text}' is not a reference: use branch=, tag=, semver=, commit= or name= followed by a value");
        }

        var strategy = text[..eq] switch
        {
            "branch" => ForBranch(value),
            "tag" => ForTag(value),
            "semver" => ForSemVer(value),
            "commit" => ForCommit(value),
            "name" => ForName(value),
            var kind => throw new FormatException($"unknown reference kind '{kind}': use branch, tag, semver, commit or name"),
        };
        strategy.Validate();
        return strategy;
    }

    /// <summary>The kind that wins by Flux's precedence.</summary>
    public CheckoutKind Kind =>
        Commit is not null ? CheckoutKind.Commit
        : Name is not null ? CheckoutKind.Name
        : SemVer is not null ? CheckoutKind.SemVer
        : Tag is not null ? CheckoutKind.Tag
        : CheckoutKind.Branch;

    /// <summary>The branch to use: <see cref="Branch"/> or <see cref="DefaultBranch"/>.</summary>
    public string EffectiveBranch => Branch ?? DefaultBranch;

    /// <summary>Checks the values that will be used.</summary>
    /// <exception cref="FormatException">A commit is not 40 hex digits, or a name is not a full reference.</exception>
    public void Validate()
    {
        if (Commit is not null && (Commit.Length != 40 || !Commit.All(char.IsAsciiHexDigit)))
        {
            throw new FormatException($"commit '{Commit}' is not a full 40-hex commit id");
        }

        if (Kind == CheckoutKind.Name && (!Name!.StartsWith("refs/", StringComparison.Ordinal) || Name.EndsWith('/')))
        {
            throw new FormatException($"reference name '{Name}' must be a full reference (refs/...) and cannot end with '/'");
        }

        foreach (var value in new[] { Branch, Tag, SemVer, Name })
        {
            if (value is not null && (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) && c != ' ') || value.StartsWith('-')))
            {
                throw new FormatException($"'{value}' is not a valid reference value");
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        CheckoutKind.Commit => Branch is null ? "commit=" + Commit : $"commit={Commit} on branch={Branch}",
        CheckoutKind.Name => "name=" + Name,
        CheckoutKind.SemVer => "semver=" + SemVer,
        CheckoutKind.Tag => "tag=" + Tag,
        _ => "branch=" + EffectiveBranch,
    };
}

/// <summary>The kinds of checkout, in Flux's order of precedence (highest first).</summary>
public enum CheckoutKind
{
    /// <summary>A commit id.</summary>
    Commit,

    /// <summary>A full reference name.</summary>
    Name,

    /// <summary>The highest tag in a semver range.</summary>
    SemVer,

    /// <summary>A tag.</summary>
    Tag,

    /// <summary>A branch.</summary>
    Branch,
}
