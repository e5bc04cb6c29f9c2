using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitOps.Notifications.Internal;
using Microsoft.Extensions.Logging;

namespace GitOps.Notifications;

/// <summary>
/// Flux's <c>gitlab</c> provider: a commit status through the GitLab API v4 (<c>success</c> or <c>failed</c>)
/// on the project named by the address path (nested groups allowed), unless GitLab already holds one with the
/// same name, state and description.
/// </summary>
public sealed class GitLabCommitStatusProvider : CommitStatusProvider
{
    private readonly string _project;

    /// <summary>Creates the provider.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="httpClient">The client; one built from <see cref="CommitStatusOptions.Transport"/> when null.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">Where the base class logs (addresses masked).</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public GitLabCommitStatusProvider(CommitStatusOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILogger<GitLabCommitStatusProvider>? logger = null)
        : base(ApiBase(Validated(options), out var project), options, httpClient, timeProvider, logger)
    {
        _project = project;
    }

    /// <inheritdoc />
    public override string Type => "gitlab";

    private protected override string FailureState => "failed";

    private protected override string ListError => "unable to list commit status";

    private protected override string SetError => "unable to set commit status";

    private protected override string ListPath(string sha, string name) => $"projects/{_project}/repository/commits/{sha}/statuses?name={Uri.EscapeDataString(name)}";

    private protected override string SetPath(string sha) => $"projects/{_project}/statuses/{sha}";

    // duplicateGitlabStatus: any status on the commit with the same name, state and description.
    private protected override bool IsDuplicate(JsonElement statuses, string sha, CommitStatus status) =>
        statuses.EnumerateArray().Any(s =>
            Text(s, "sha") == sha && Text(s, "status") == status.State && Text(s, "description") == status.Description && Text(s, "name") == status.Name);

    private protected override string Body(CommitStatus status)
    {
        var sb = new StringBuilder(128);
        sb.Append("{\"state\":");
        GoJson.WriteString(sb, status.State);
        sb.Append(",\"name\":");
        GoJson.WriteString(sb, status.Name);
        sb.Append(",\"description\":");
        GoJson.WriteString(sb, status.Description);
        return sb.Append('}').ToString();
    }

    private protected override void Authorize(HttpRequestHeaders headers, string token)
    {
        headers.Add("PRIVATE-TOKEN", token);
        headers.Accept.ParseAdd("application/json");
    }

    private static Uri ApiBase(CommitStatusOptions options, out string project)
    {
        var (host, id) = CommitStatusRules.ParseAddress(options.Address);
        if (id.Length == 0)
        {
            throw new ArgumentException($"invalid repository id \"{id}\"", nameof(options));
        }

        project = Uri.EscapeDataString(id);
        return new Uri(host, "api/v4/");
    }
}
