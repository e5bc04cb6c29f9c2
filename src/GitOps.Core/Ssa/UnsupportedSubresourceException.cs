namespace GitOps.Ssa;

/// <summary>
/// A write through a subresource that <see cref="ServerSideApply"/> does not model (only the main
/// resource, <c>status</c> and <c>scale</c> are); the API server would answer 404 for an unknown one.
/// </summary>
public sealed class UnsupportedSubresourceException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedSubresourceException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public UnsupportedSubresourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public UnsupportedSubresourceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The subresource that was asked for.</summary>
    public string? Subresource { get; init; }
}
