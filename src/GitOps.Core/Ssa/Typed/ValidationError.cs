namespace GitOps.Ssa.Typed;

/// <summary>One problem of a value against its schema.</summary>
/// <param name="Path">Where, as structured-merge-diff prints paths (<c>.spec.ports[port=80]</c>); empty for the root.</param>
/// <param name="Message">What is wrong.</param>
public readonly record struct ValidationError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Path.Length == 0 ? Message : Path + ": " + Message;
}

/// <summary>A value that does not match its schema (wrong types, duplicate list keys, undeclared fields).</summary>
public sealed class SsaValidationException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public SsaValidationException()
    {
        Errors = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public SsaValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SsaValidationException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="errors">The problems.</param>
    public SsaValidationException(IReadOnlyList<ValidationError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    /// <summary>The problems found.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    // Same layout as structured-merge-diff's ValidationErrors.Error().
    internal static string Format(IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 1)
        {
            return errors[0].ToString();
        }

        return "errors:\n" + string.Join("\n", errors.Select(e => "  " + e));
    }
}
