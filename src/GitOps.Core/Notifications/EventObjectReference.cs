namespace GitOps.Notifications;

/// <summary>
/// The object an event is about: Kubernetes' <c>corev1.ObjectReference</c> as Flux sends it, every field
/// omitted from the JSON when empty.
/// </summary>
/// <param name="Kind">The object's kind, for example <c>Kustomization</c>.</param>
/// <param name="Namespace">The object's namespace.</param>
/// <param name="Name">The object's name.</param>
public sealed record EventObjectReference(string Kind, string Namespace, string Name)
{
    /// <summary>The object's UID. Default empty.</summary>
    public string Uid { get; init; } = string.Empty;

    /// <summary>The object's API version, for example <c>kustomize.toolkit.fluxcd.io/v1</c>. Default empty.</summary>
    public string ApiVersion { get; init; } = string.Empty;

    /// <summary>The object's resource version. Default empty.</summary>
    public string ResourceVersion { get; init; } = string.Empty;

    /// <summary>The field of the object the event is about. Default empty.</summary>
    public string FieldPath { get; init; } = string.Empty;

    /// <summary>The API group of <see cref="ApiVersion"/> (empty for the core group), as Kubernetes splits it.</summary>
    public string Group
    {
        get
        {
            var slash = ApiVersion.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? string.Empty : ApiVersion[..slash];
        }
    }

    /// <summary>Reads <c>KIND/NAMESPACE/NAME</c>, the form the CLI takes.</summary>
    /// <exception cref="FormatException">The text does not have three non-empty parts.</exception>
    public static EventObjectReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 3 || parts.Any(string.IsNullOrEmpty))
        {
            throw new FormatException($"invalid object reference '{text}': expected KIND/NAMESPACE/NAME");
        }

        return new EventObjectReference(parts[0], parts[1], parts[2]);
    }
}
