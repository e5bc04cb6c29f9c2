namespace GitOps.Kustomize;

/// <summary>
/// A kustomize build that cannot succeed: a missing or invalid kustomization, a missing file, a file
/// outside the allowed root, a resource id conflict, a cycle. The message reads like kustomize's.
/// </summary>
public class KustomizeException : GitOpsException
{
    /// <summary>Creates an exception with no message.</summary>
    public KustomizeException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong with the build.</param>
    public KustomizeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What is wrong with the build.</param>
    /// <param name="innerException">The underlying failure.</param>
    public KustomizeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
