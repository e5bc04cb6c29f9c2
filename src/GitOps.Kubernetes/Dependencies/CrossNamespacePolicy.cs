namespace GitOps.Kubernetes.Dependencies;

/// <summary>A reference refused by <see cref="CrossNamespacePolicy"/> (Flux's <c>acl.AccessDeniedError</c>; terminal, never transient).</summary>
public sealed class AccessDeniedException : GitOpsException
{
    /// <summary>Creates an exception.</summary>
    public AccessDeniedException()
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    public AccessDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AccessDeniedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Flux's <c>--no-cross-namespace-refs</c> (<c>fluxcd/pkg runtime/acl</c>): when on, an object may only reference objects in its own
/// namespace (an empty reference namespace means its own).
/// </summary>
/// <param name="NoCrossNamespaceRefs">Whether cross-namespace references are blocked. Default false, as in Flux.</param>
public sealed record CrossNamespacePolicy(bool NoCrossNamespaceRefs = false)
{
    /// <summary>Checks a reference.</summary>
    /// <param name="objectNamespace">The referring object's namespace.</param>
    /// <param name="kind">The referenced kind (for the message).</param>
    /// <param name="reference">The reference.</param>
    /// <exception cref="AccessDeniedException"><c>can't access '&lt;Kind/ns/name&gt;', cross-namespace references have been blocked</c>.</exception>
    public void Check(string objectNamespace, string kind, NamespacedName reference)
    {
        ArgumentNullException.ThrowIfNull(objectNamespace);
        if (NoCrossNamespaceRefs && reference.Namespace.Length > 0 && reference.Namespace != objectNamespace)
        {
            throw new AccessDeniedException($"can't access '{kind}/{reference.Namespace}/{reference.Name}', cross-namespace references have been blocked");
        }
    }

    /// <summary>Whether a reference is allowed.</summary>
    /// <param name="objectNamespace">The referring object's namespace.</param>
    /// <param name="reference">The reference.</param>
    /// <returns>True when allowed.</returns>
    public bool IsAllowed(string objectNamespace, NamespacedName reference) =>
        !NoCrossNamespaceRefs || reference.Namespace.Length == 0 || reference.Namespace == objectNamespace;
}
