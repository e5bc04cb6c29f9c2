namespace GitOps.Artifacts;

/// <summary>
/// A destination directory that a fetch refuses to replace: a file system root, the current directory or one
/// of its parents, a file, or a non-empty directory the fetcher did not create (without
/// <see cref="Fetch.ArtifactFetchOptions.Overwrite"/>).
/// </summary>
public sealed class ArtifactDestinationException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public ArtifactDestinationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the destination is refused.</param>
    public ArtifactDestinationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the destination is refused.</param>
    /// <param name="innerException">The cause.</param>
    public ArtifactDestinationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
