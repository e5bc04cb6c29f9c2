namespace GitOps.ImageAutomation.Setters;

/// <summary>The setters could not be applied: the root is missing, a file could not be written, a limit was hit.</summary>
public sealed class ImageSetterException : GitOpsException
{
    /// <summary>Creates the exception with no message.</summary>
    public ImageSetterException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ImageSetterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ImageSetterException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
