namespace GitOps.ImageAutomation.Automation;

/// <summary>An image update automation run failed: the template, a Git operation or the setters.</summary>
public sealed class ImageAutomationException : GitOpsException
{
    /// <summary>Creates the exception with no message.</summary>
    public ImageAutomationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ImageAutomationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ImageAutomationException(string message, Exception? innerException)
        : base(message, innerException)
    {
        IsTransient = innerException is GitOpsException { IsTransient: true };
    }

    /// <inheritdoc />
    public override bool IsTransient { get; }
}
