namespace GitOps.Helm.Index;

/// <summary>Limits and choices for <see cref="HelmIndexLoader"/>. The defaults are safe for untrusted repositories.</summary>
public sealed class HelmIndexOptions
{
    /// <summary>The default <see cref="MaxIndexBytes"/>: 50 MiB, Flux's limit.</summary>
    public const long DefaultMaxIndexBytes = 50L * 1024 * 1024;

    /// <summary>
    /// The most bytes read from the index stream; one more byte refuses the index with
    /// <see cref="HelmIndexErrorKind.TooLarge"/> before the rest is read. Default 50 MiB.
    /// </summary>
    public long MaxIndexBytes { get; set; } = DefaultMaxIndexBytes;

    /// <summary>
    /// Charts to keep (by index key), or null for all. Other charts are still checked (Helm refuses the
    /// whole document for an error anywhere) but not kept, so memory follows what is kept. Default null.
    /// </summary>
    public IReadOnlySet<string>? ChartNames { get; set; }

    /// <summary>The most YAML events that aliases may replay (against alias bombs). Default 1,000,000.</summary>
    public long MaxAliasEvents { get; set; } = 1_000_000;

    /// <summary>The most YAML events held for anchored nodes. Default 2,000,000.</summary>
    public long MaxAnchoredEvents { get; set; } = 2_000_000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a limit is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxIndexBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxAliasEvents);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxAnchoredEvents);
    }
}
