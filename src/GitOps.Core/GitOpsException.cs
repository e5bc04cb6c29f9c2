namespace GitOps;

/// <summary>
/// The root of every failure the GitOps SDK reports. Catch this to handle any SDK failure; catch a
/// subclass to handle one kind. Misuse of an API (a null argument, an out-of-range option) throws the
/// standard argument exceptions instead.
/// </summary>
public class GitOpsException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public GitOpsException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, in words a user can act on.</param>
    public GitOpsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the failure that caused it.</summary>
    /// <param name="message">What went wrong, in words a user can act on.</param>
    /// <param name="innerException">The underlying failure.</param>
    public GitOpsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Whether the same operation may succeed if tried again unchanged (a dropped connection, a 503),
    /// as opposed to a failure that retrying cannot fix (a digest mismatch, a hostile archive).
    /// </summary>
    public virtual bool IsTransient => false;
}
