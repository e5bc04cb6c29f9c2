namespace GitOps.Artifacts;

/// <summary>
/// A redirect the fetcher does not follow: to a scheme other than http or https (<c>ftp://</c>, <c>file://</c>,
/// ...), without a <c>Location</c>, or past <see cref="Fetch.ArtifactFetchOptions.MaxRedirects"/>. Not transient:
/// the server's answer will not change by asking again.
/// </summary>
public sealed class ArtifactRedirectException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused.</param>
    /// <param name="url">The URL that redirected (credentials masked).</param>
    /// <param name="location">Where it redirected to (credentials masked), if it said.</param>
    public ArtifactRedirectException(string message, Uri url, Uri? location)
        : base(message)
    {
        Url = url;
        Location = location;
    }

    /// <summary>The URL that answered with the redirect, credentials masked.</summary>
    public Uri Url { get; }

    /// <summary>Where the redirect pointed, credentials masked; null when it had no <c>Location</c>.</summary>
    public Uri? Location { get; }
}
