namespace GitOps.Artifacts;

/// <summary>
/// The bytes received do not hash to the expected digest. Nothing was written to the destination.
/// Not transient: the server serves other bytes than the ones advertised.
/// </summary>
public sealed class DigestMismatchException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="expected">The digest the caller expected.</param>
    /// <param name="actual">The digest of the bytes received.</param>
    public DigestMismatchException(Digest expected, Digest actual)
        : base($"digest mismatch: expected {expected}, got {actual}")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The digest the caller expected.</summary>
    public Digest Expected { get; }

    /// <summary>The digest of the bytes received.</summary>
    public Digest Actual { get; }
}
