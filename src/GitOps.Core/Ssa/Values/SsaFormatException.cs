namespace GitOps.Ssa.Values;

/// <summary>Input that is not valid JSON, YAML, FieldsV1 or schema text.</summary>
public sealed class SsaFormatException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public SsaFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the input.</param>
    public SsaFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the input.</param>
    /// <param name="innerException">The parser's failure.</param>
    public SsaFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
