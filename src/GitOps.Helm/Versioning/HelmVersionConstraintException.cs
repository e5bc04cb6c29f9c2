using GitOps.Versioning;

namespace GitOps.Helm.Versioning;

/// <summary>A version constraint Helm would refuse (<c>an invalid version/constraint format</c>).</summary>
public sealed class HelmVersionConstraintException : VersionConstraintException
{
    /// <summary>Creates the exception for <paramref name="constraint"/> with Helm's <paramref name="reason"/>.</summary>
    public HelmVersionConstraintException(string constraint, string reason)
        : base(constraint, reason)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HelmVersionConstraintException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HelmVersionConstraintException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public HelmVersionConstraintException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
