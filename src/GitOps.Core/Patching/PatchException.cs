namespace GitOps.Patching;

/// <summary>
/// A patch could not be parsed or applied. The message is the one kustomize (and the libraries it uses,
/// kyaml and evanphx/json-patch) gives for the same failure, so users see the errors they know.
/// </summary>
public class PatchException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public PatchException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public PatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public PatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
