using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitOps.Notifications.Internal;
using Microsoft.Extensions.Logging;

namespace GitOps.Notifications;

/// <summary>
/// Flux's <c>gitlab</c> provider: sets a commit status on the event's revision through the GitLab API v4
/// (<c>success</c> for info events, <c>failed</c> for errors; name <c>kind/name/uidprefix</c>; description from the
/// reason), skipping <c>Progressing</c> events and statuses GitLab already holds with the same name, state and
/// description. The project is the address path (nested groups allowed).
/// </summary>
public sealed class GitLabCommitStatusProvider : NotificationProviderBase
{
    private const int MaxListBytes = 4 * 1024 * 1024;
    private readonly CommitStatusOptions _options;
    private readonly string _project;

    /// <summary>Creates the provider.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="httpClient">The client; one built from <see cref="CommitStatusOptions.Transport"/> when null.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">Where the base class logs (addresses masked).</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public GitLabCommitStatusProvider(CommitStatusOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILogger<GitLabCommitStatusProvider>? logger = null)
        : base(ApiBase(options, out var project), options.Transport, httpClient, timeProvider, logger)
    {
        _options = options;
        _project = project;
    }

    /// <inheritdoc />
    public override string Type => "gitlab";

    /// <summary>The JSON body of the status Flux sets for <paramref name="notification"/> (<c>state</c>, <c>name</c>, <c>description</c>).</summary>
    /// <exception cref="NotificationException">The severity has no GitLab state.</exception>
    public string BuildPayload(FluxEvent notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var sb = new StringBuilder(128);
        sb.Append("{\"state\":");
        GoJson.WriteString(sb, State(notification));
        sb.Append(",\"name\":");
        GoJson.WriteString(sb, CommitStatusRules.StatusName(_options.ProviderUid, notification));
        sb.Append(",\"description\":");
        GoJson.WriteString(sb, CommitStatusRules.Description(notification.Reason));
        sb.Append('}');
        return sb.ToString();
    }

    /// <inheritdoc />
    public override async Task SendAsync(FluxEvent notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Reason == CommitStatusRules.ProgressingReason)
        {
            return;
        }

        var sha = CommitStatusRules.CommitHash(CommitStatusRules.Revision(notification));
        var state = State(notification);
        var description = CommitStatusRules.Description(notification.Reason);
        var name = CommitStatusRules.StatusName(_options.ProviderUid, notification);
        var project = Uri.EscapeDataString(_project);
        using var deadline = CommitStatusRules.Deadline(_options.Transport, cancellationToken);
        try
        {
            using (var list = Request(HttpMethod.Get, $"projects/{project}/repository/commits/{sha}/statuses?name={Uri.EscapeDataString(name)}"))
            {
                var answer = await CommitStatusRules.SendAsync(Client, list, MaxListBytes, "unable to list commit status", deadline.Token).ConfigureAwait(false);
                if (IsDuplicate(answer, sha, state, description, name))
                {
                    return;
                }
            }

            using var set = Request(HttpMethod.Post, $"projects/{project}/statuses/{sha}");
            set.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(BuildPayload(notification)));
            set.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            await CommitStatusRules.SendAsync(Client, set, _options.Transport.MaxResponseBytes, "unable to set commit status", deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw CommitStatusRules.TimedOut("unable to set commit status", ex);
        }
    }

    // duplicateGitlabStatus: any status on the commit with the same name, state and description.
    private static bool IsDuplicate(byte[] answer, string sha, string state, string description, string name)
    {
        try
        {
            using var statuses = JsonDocument.Parse(answer);
            return statuses.RootElement.ValueKind == JsonValueKind.Array && statuses.RootElement.EnumerateArray().Any(s =>
                s.ValueKind == JsonValueKind.Object
                && Text(s, "sha") == sha && Text(s, "status") == state && Text(s, "description") == description && Text(s, "name") == name);
        }
        catch (JsonException ex)
        {
            throw new NotificationException("unable to list commit status: " + ex.Message, isTransient: false, innerException: ex);
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(Address, path));
        request.Headers.Add("PRIVATE-TOKEN", _options.Token);
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private static string State(FluxEvent notification) => notification.Severity switch
    {
        EventSeverity.Info => "success",
        EventSeverity.Error => "failed",
        _ => throw new NotificationException("can't convert to gitlab state", isTransient: false),
    };

    private static Uri ApiBase(CommitStatusOptions options, out string project)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var (host, id) = CommitStatusRules.ParseAddress(options.Address);
        if (id.Length == 0)
        {
            throw new ArgumentException($"invalid repository id \"{id}\"", nameof(options));
        }

        project = id;
        return new Uri(host, "api/v4/");
    }
}
