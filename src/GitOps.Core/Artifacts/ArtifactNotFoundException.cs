namespace GitOps.Artifacts;

/// <summary>The server says the artifact does not exist (HTTP 404 or 410). Retrying cannot help.</summary>
public sealed class ArtifactNotFoundException : GitOpsException
{
    /// <summary>Creates the exception for <paramref name="url"/>.</summary>
    /// <param name="url">The artifact's address, with any credentials already masked.</param>
    /// <param name="statusCode">The HTTP status the server answered with.</param>
    public ArtifactNotFoundException(Uri url, int statusCode)
        : base($"artifact not found at {url} (HTTP {statusCode})")
    {
        Url = url;
        StatusCode = statusCode;
    }

    /// <summary>The artifact's address (credentials masked).</summary>
    public Uri Url { get; }

    /// <summary>The HTTP status the server answered with.</summary>
    public int StatusCode { get; }
}
