namespace GitOps.SourceIgnore;

/// <summary>
/// Flux's <c>.sourceignore</c> conventions (fluxcd/pkg <c>sourceignore</c>): the file name, the VCS
/// exclusions that always apply, and the default exclusions (images, archives, CI configuration) that
/// apply only when no ignore rules were given at all.
/// </summary>
public static class SourceIgnoreRules
{
    /// <summary>The ignore file's name: <c>.sourceignore</c>.</summary>
    public const string FileName = ".sourceignore";

    /// <summary>Always excluded: <c>.git/</c>, <c>.gitignore</c>, <c>.gitmodules</c>, <c>.gitattributes</c>.</summary>
    public static IReadOnlyList<string> VcsPatterns { get; } = [".git/", ".gitignore", ".gitmodules", ".gitattributes"];

    /// <summary>
    /// Excluded only when there are no ignore rules: large binary types, CI configuration and tool files,
    /// exactly Flux's <c>ExcludeExt</c>, <c>ExcludeCI</c> and <c>ExcludeExtra</c>.
    /// </summary>
    public static IReadOnlyList<string> DefaultPatterns { get; } =
    [
        "*.jpg", "*.jpeg", "*.gif", "*.png", "*.wmv", "*.flv", "*.tar.gz", "*.zip",
        ".github/", ".circleci/", ".travis.yml", ".gitlab-ci.yml", "appveyor.yml", ".drone.yml", "cloudbuild.yaml",
        "codeship-services.yml", "codeship-steps.yml",
        "**/.goreleaser.yml", "**/.sops.yaml", "**/.flux.yaml",
    ];

    /// <summary>Reads an ignore file's lines as patterns scoped to <paramref name="domain"/> (skipping blanks and comments).</summary>
    public static IReadOnlyList<IgnorePattern> ReadPatterns(TextReader reader, IReadOnlyList<string>? domain = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var patterns = new List<IgnorePattern>();
        while (reader.ReadLine() is { } line)
        {
            if (IgnorePattern.Parse(line, domain) is { } pattern)
            {
                patterns.Add(pattern);
            }
        }

        return patterns;
    }

    /// <summary>
    /// Reads every <c>.sourceignore</c> under <paramref name="root"/>, parents before children, each scoped to
    /// its folder; <c>.git</c> folders and symbolic links to folders are not entered (as Flux).
    /// </summary>
    public static IReadOnlyList<IgnorePattern> LoadPatterns(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var patterns = new List<IgnorePattern>();
        Load(new DirectoryInfo(root), [], patterns);
        return patterns;
    }

    /// <summary>
    /// The matcher Flux builds: when <paramref name="rules"/> is empty, the VCS and default exclusions;
    /// otherwise the VCS exclusions followed by the rules (which can therefore re-include VCS files).
    /// </summary>
    public static IgnoreMatcher CreateMatcher(IReadOnlyList<IgnorePattern> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var builtIn = rules.Count == 0 ? VcsPatterns.Concat(DefaultPatterns) : VcsPatterns;
        return new IgnoreMatcher(builtIn.Select(p => IgnorePattern.Parse(p)!).Concat(rules));
    }

    private static void Load(DirectoryInfo directory, string[] domain, List<IgnorePattern> patterns)
    {
        var file = new FileInfo(Path.Combine(directory.FullName, FileName));
        if (file.Exists)
        {
            using var reader = file.OpenText();
            patterns.AddRange(ReadPatterns(reader, domain));
        }

        foreach (var child in directory.EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (child.Name != ".git" && child.LinkTarget is null)
            {
                Load(child, [.. domain, child.Name], patterns);
            }
        }
    }
}
