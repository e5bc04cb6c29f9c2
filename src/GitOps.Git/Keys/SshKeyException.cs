namespace GitOps.Git.Keys;

/// <summary>An SSH key could not be generated, read or written: a malformed or unsupported key, a wrong passphrase, a file in the way.</summary>
public sealed class SshKeyException : GitOpsException
{
    /// <summary>Creates an exception with no message.</summary>
    public SshKeyException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SshKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying failure.</param>
    public SshKeyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
