using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitOps.Notifications.Internal;
using Microsoft.Extensions.Logging;

namespace GitOps.Notifications;

/// <summary>
/// Flux's <c>github</c> provider: a commit status (<c>success</c> or <c>failure</c>, the status name as
/// <c>context</c>) unless the newest status with that context already says the same. github.com is reached at
/// <c>api.github.com</c>, any other host as GitHub Enterprise at <c>/api/v3/</c>.
/// </summary>
public sealed class GitHubCommitStatusProvider : CommitStatusProvider
{
    private readonly string _repository;

    /// <summary>Creates the provider.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="httpClient">The client; one built from <see cref="CommitStatusOptions.Transport"/> when null.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">Where the base class logs (addresses masked).</param>
    /// <exception cref="ArgumentException">The options are invalid, or the address is not <c>owner/repository</c>.</exception>
    public GitHubCommitStatusProvider(CommitStatusOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILogger<GitHubCommitStatusProvider>? logger = null)
        : base(ApiBase(Validated(options), out var repository), options, httpClient, timeProvider, logger)
    {
        _repository = repository;
    }

    /// <inheritdoc />
    public override string Type => "github";

    private protected override string FailureState => "failure";

    private protected override string ListError => "could not list commit statuses";

    private protected override string SetError => "could not create commit status";

    private protected override string ListPath(string sha, string name) => $"repos/{_repository}/commits/{sha}/statuses?per_page=50";

    private protected override string SetPath(string sha) => $"repos/{_repository}/statuses/{sha}";

    // duplicateGithubStatus: the newest status with this context decides.
    private protected override bool IsDuplicate(JsonElement statuses, string sha, CommitStatus status)
    {
        foreach (var existing in statuses.EnumerateArray())
        {
            if (Text(existing, "context") is { } context && Text(existing, "state") is { } state && Text(existing, "description") is { } description
                && context == status.Name)
            {
                return state == status.State && description == status.Description;
            }
        }

        return false;
    }

    private protected override string Body(CommitStatus status)
    {
        var sb = new StringBuilder(128);
        sb.Append("{\"state\":");
        GoJson.WriteString(sb, status.State);
        sb.Append(",\"description\":");
        GoJson.WriteString(sb, status.Description);
        sb.Append(",\"context\":");
        GoJson.WriteString(sb, status.Name);
        return sb.Append('}').ToString();
    }

    private protected override void Authorize(HttpRequestHeaders headers, string token)
    {
        headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        headers.Accept.ParseAdd("application/vnd.github.v3+json");
        headers.Add("X-GitHub-Api-Version", "2022-11-28");
    }

    private static Uri ApiBase(CommitStatusOptions options, out string repository)
    {
        var (host, id) = CommitStatusRules.ParseAddress(options.Address);
        var parts = id.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new ArgumentException($"invalid repository id \"{id}\"", nameof(options));
        }

        repository = Uri.EscapeDataString(parts[0]) + "/" + Uri.EscapeDataString(parts[1]);
        return host.Host == "github.com" ? new Uri("https://api.github.com/") : new Uri(host, "api/v3/");
    }
}
