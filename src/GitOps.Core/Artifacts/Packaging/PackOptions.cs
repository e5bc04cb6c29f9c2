using GitOps.SourceIgnore;

namespace GitOps.Artifacts.Packaging;

/// <summary>What <see cref="ArtifactPackager"/> leaves out and what it records on the artifact.</summary>
public sealed class PackOptions
{
    /// <summary>Whether <c>.sourceignore</c> files in the tree are honoured (each scoped to its folder). Default true.</summary>
    public bool UseSourceIgnoreFiles { get; set; } = true;

    /// <summary>
    /// Whether the built-in exclusions apply: the VCS files always (<c>.git/</c>, <c>.gitignore</c>, …) and,
    /// when there are no ignore rules at all, Flux's default exclusions (images, archives, CI configuration).
    /// Default true, as for a GitRepository. False packs exactly what the rules leave, as Flux does for a
    /// Bucket, whose objects were already filtered when they were listed.
    /// </summary>
    public bool ApplyBuiltInExclusions { get; set; } = true;

    /// <summary>
    /// Extra ignore rules in <c>.sourceignore</c> syntax, one per line, applied last (highest precedence),
    /// like a GitRepository's <c>spec.ignore</c>. Default none.
    /// </summary>
    public string? Ignore { get; set; }

    /// <summary>The revision to record on the artifact, if known.</summary>
    public Revision? Revision { get; set; }

    /// <summary>Annotations to record on the artifact. Default none.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }

    /// <summary>Reads <see cref="Ignore"/> into patterns scoped to the root.</summary>
    internal IReadOnlyList<IgnorePattern> ReadExtraPatterns() =>
        Ignore is null ? [] : SourceIgnoreRules.ReadPatterns(new StringReader(Ignore));
}
