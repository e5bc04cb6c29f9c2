using GitOps.Helm.Charts.Internal;

namespace GitOps.Helm.Charts;

/// <summary>Resolves a chart URL from an index entry against the repository URL exactly as Helm does (<c>repo.ResolveReferenceURL</c>).</summary>
public static class HelmChartUrl
{
    /// <summary>
    /// An absolute chart URL is returned as written. Otherwise the repository URL gets a trailing slash
    /// (so <c>https://h/charts</c> and <c>https://h/charts/index.yaml</c> are treated as directories), the
    /// chart URL is resolved against it (RFC 3986, dot segments removed), and the result takes the
    /// repository URL's query string (so a token in it follows every chart download) in place of its own.
    /// </summary>
    /// <param name="repositoryUrl">The repository URL, as configured.</param>
    /// <param name="chartUrl">The entry's URL (usually <see cref="Index.HelmChartVersion.Urls"/>[0]).</param>
    /// <exception cref="HelmChartException">Either URL does not parse.</exception>
    public static string Resolve(string repositoryUrl, string chartUrl)
    {
        ArgumentNullException.ThrowIfNull(repositoryUrl);
        ArgumentNullException.ThrowIfNull(chartUrl);
        GoUrl reference;
        try
        {
            reference = GoUrl.Parse(chartUrl);
        }
        catch (FormatException ex)
        {
            throw new HelmChartException($"failed to parse {chartUrl} as URL: {ex.Message}", ex);
        }

        if (reference.IsAbsolute)
        {
            return chartUrl;
        }

        GoUrl repository;
        try
        {
            repository = GoUrl.Parse(repositoryUrl);
        }
        catch (FormatException ex)
        {
            throw new HelmChartException($"failed to parse {repositoryUrl} as URL: {ex.Message}", ex);
        }

        repository.EnsureTrailingSlash();
        var resolved = repository.Resolve(reference);
        resolved.RawQuery = repository.RawQuery;
        return resolved.ToString();
    }
}
