namespace GitOps.Artifacts.Internal;

/// <summary>Masks what a URL may carry in the way of credentials before it goes into a log or a message.</summary>
internal static class UrlRedactor
{
    /// <summary><paramref name="url"/> with user info and query values replaced by <c>***</c>.</summary>
    public static Uri Redact(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.UserInfo.Length == 0 && url.Query.Length == 0))
        {
            return url;
        }

        var builder = new UriBuilder(url);
        if (builder.UserName.Length > 0 || builder.Password.Length > 0)
        {
            builder.UserName = "***";
            builder.Password = string.Empty;
        }

        if (builder.Query.Length > 1)
        {
            builder.Query = "***";
        }

        return builder.Uri;
    }
}
