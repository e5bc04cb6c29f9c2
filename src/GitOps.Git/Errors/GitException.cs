namespace GitOps.Git;

/// <summary>
/// A Git operation failed. The subclasses say which way: <see cref="GitAuthenticationException"/>,
/// <see cref="GitHostKeyException"/>, <see cref="GitReferenceNotFoundException"/>,
/// <see cref="GitTimeoutException"/>, <see cref="GitTransportException"/>, <see cref="GitUnsupportedException"/>.
/// Messages never carry credentials: URLs in them are masked.
/// </summary>
public class GitException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public GitException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The server refused the credentials, or asked for some and none were given.</summary>
public sealed class GitAuthenticationException : GitException
{
    /// <summary>Creates the exception.</summary>
    public GitAuthenticationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The server's identity could not be verified: an SSH host key missing from or different to the given
/// known_hosts, or a TLS certificate not trusted by the given CA.
/// </summary>
public sealed class GitHostKeyException : GitException
{
    /// <summary>Creates the exception.</summary>
    public GitHostKeyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitHostKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitHostKeyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The repository, branch, tag, reference or commit asked for does not exist, or no tag matches a semver range.</summary>
public sealed class GitReferenceNotFoundException : GitException
{
    /// <summary>Creates the exception.</summary>
    public GitReferenceNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitReferenceNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitReferenceNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The operation did not finish within <see cref="GitClientOptions.Timeout"/> (a server that stops answering). Transient.</summary>
public sealed class GitTimeoutException : GitException
{
    /// <summary>Creates the exception.</summary>
    public GitTimeoutException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => true;
}

/// <summary>The connection failed or broke, or the server answered with something unexpected. Transient.</summary>
public sealed class GitTransportException : GitException
{
    /// <summary>Creates the exception.</summary>
    public GitTransportException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitTransportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitTransportException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => true;
}

/// <summary>The chosen implementation cannot do what was asked (for example a client certificate with LibGit2Sharp).</summary>
public sealed class GitUnsupportedException : GitException
{
    /// <summary>Creates the exception.</summary>
    public GitUnsupportedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitUnsupportedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitUnsupportedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A commit was asked for but the work tree has no change to stage (go-git's <c>ErrNoStagedFiles</c>, which
/// image-automation-controller treats as "nothing to push").
/// </summary>
public sealed class GitNothingToCommitException : GitException
{
    /// <summary>Creates the exception.</summary>
    public GitNothingToCommitException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitNothingToCommitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitNothingToCommitException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
