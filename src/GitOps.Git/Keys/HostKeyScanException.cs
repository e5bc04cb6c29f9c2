namespace GitOps.Git.Keys;

/// <summary>No host key could be read from the server: it is unreachable, timed out, or is not an SSH server we share an algorithm with.</summary>
public sealed class HostKeyScanException : GitOpsException
{
    /// <summary>Creates an exception with no message.</summary>
    public HostKeyScanException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public HostKeyScanException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying failure.</param>
    public HostKeyScanException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Network failures and timeouts may pass; a server with no shared algorithm will not.</summary>
    public override bool IsTransient => InnerException is System.Net.Sockets.SocketException or TimeoutException or Renci.SshNet.Common.SshOperationTimeoutException;
}
