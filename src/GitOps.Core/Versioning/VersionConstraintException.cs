namespace GitOps.Versioning;

/// <summary>A version constraint Masterminds/semver (Helm, Flux) refuses (<c>an invalid version/constraint format</c>).</summary>
public class VersionConstraintException : GitOpsException
{
    /// <summary>Creates the exception for <paramref name="constraint"/> with Helm's <paramref name="reason"/>.</summary>
    public VersionConstraintException(string constraint, string reason)
        : base($"an invalid version/constraint format: {reason}")
    {
        Constraint = constraint;
        Reason = reason;
    }

    /// <summary>Creates the exception with a message.</summary>
    public VersionConstraintException()
        : this(string.Empty, "invalid constraint")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public VersionConstraintException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public VersionConstraintException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Constraint = string.Empty;
        Reason = message;
    }

    /// <summary>The constraint text that was refused.</summary>
    public string Constraint { get; }

    /// <summary>Helm's reason, for example <c>improper constraint: 1..2</c> or <c>constraint parser error</c>.</summary>
    public string Reason { get; }
}
