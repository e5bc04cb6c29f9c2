namespace GitOps.ImageAutomation.Setters;

/// <summary>Limits of <see cref="ImageSetters"/>. Every limit is on by default.</summary>
public sealed class ImageSetterOptions
{
    /// <summary>The largest file read; larger marked files are problem files. Default 8 MiB.</summary>
    public long MaxFileBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>The most files examined in one walk; more is an error. Default 100,000.</summary>
    public int MaxFiles { get; set; } = 100_000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFileBytes, nameof(MaxFileBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFiles, nameof(MaxFiles));
    }
}
