namespace GitOps.ImageAutomation.Policies;

/// <summary>
/// A tag policy could not be built or could not choose a tag. The message is image-reflector-controller's,
/// for example <c>unable to determine latest version from provided list</c>.
/// </summary>
public sealed class ImagePolicyException : GitOpsException
{
    /// <summary>Creates the exception with no message.</summary>
    public ImagePolicyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ImagePolicyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ImagePolicyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
