namespace GitOps.Artifacts.Extraction;

/// <summary>What extraction does with symbolic and hard links (<see cref="ExtractionOptions.Links"/>).</summary>
public enum LinkPolicy
{
    /// <summary>Refuse the whole archive (<see cref="UnsafeArchiveException"/>). The default.</summary>
    Reject,

    /// <summary>Leave links out and extract everything else; <see cref="ExtractionResult.SkippedLinks"/> counts them.</summary>
    Skip,
}
