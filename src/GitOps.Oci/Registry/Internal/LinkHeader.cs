namespace GitOps.Oci.Registry.Internal;

/// <summary>Reads the <c>rel="next"</c> target of an RFC 8288 <c>Link</c> header (tag-list paging).</summary>
internal static class LinkHeader
{
    public static Uri? Next(HttpResponseMessage response, Uri requestUrl)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            foreach (var link in value.Split(','))
            {
                var open = link.IndexOf('<', StringComparison.Ordinal);
                var close = link.IndexOf('>', StringComparison.Ordinal);
                if (open < 0 || close < open)
                {
                    continue;
                }

                var parameters = link[(close + 1)..].Replace(" ", string.Empty, StringComparison.Ordinal);
                if (parameters.Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase) || parameters.Contains("rel=next", StringComparison.OrdinalIgnoreCase))
                {
                    return Uri.TryCreate(requestUrl, link[(open + 1)..close], out var next) ? next : null;
                }
            }
        }

        return null;
    }
}
